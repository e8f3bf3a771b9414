package entra

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cspfix/cspfix/internal/signin"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// callback is what the browser brought back to the loopback address.
type callback struct {
	code, err, description string
}

// browser signs in with the authorization code flow and PKCE (S256): cspfix listens on a free
// port of the loopback interface, opens the sign-in page in the system's browser, takes the
// one redirect that carries this sign-in's state, and redeems its code with the verifier only
// it knows. It returns the answer and the nonce the ID token must carry.
func (c *credential) browser(ctx context.Context, scope string) (tokenResponse, string, error) {
	verifier, state, nonce := randomString(32), randomString(24), randomString(24)
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])

	// The redirect URI is http://localhost:PORT: the app registration has http://localhost,
	// whose port the sign-in service ignores. The browser may reach localhost on IPv4 or IPv6,
	// so cspfix listens on both where it can (the same port).
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return tokenResponse{}, "", &signin.Error{Reason: signin.ReasonFailed, Detail: "no port to listen on for the browser"}
	}
	port := ln.Addr().(*net.TCPAddr).Port
	listeners := []net.Listener{ln}
	if ln6, err := net.Listen("tcp6", "[::1]:"+strconv.Itoa(port)); err == nil {
		listeners = append(listeners, ln6)
	}
	redirect := "http://localhost:" + strconv.Itoa(port)

	got := make(chan callback, 1)
	var once sync.Once
	texts := c.o.Texts
	srv := &http.Server{
		Handler:           callbackHandler(state, texts, &once, got),
		ReadHeaderTimeout: 10 * time.Second,
		// The server's own complaints (a browser that hangs up) are no output of cspfix.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	for _, l := range listeners {
		go srv.Serve(l)
	}
	defer func() {
		// Let the browser have its page, then stop listening.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()

	q := url.Values{
		"client_id":             {c.o.ClientID},
		"response_type":         {"code"},
		"redirect_uri":          {redirect},
		"response_mode":         {"query"},
		"scope":                 {scope + " " + oidcScopes},
		"state":                 {state},
		"nonce":                 {nonce},
		"code_challenge":        {challenge},
		"code_challenge_method": {"S256"},
		// The person picks the account: one signed in to a customer's tenant in this browser
		// must not be taken silently.
		"prompt": {"select_account"},
	}
	authorize := c.endpoint("authorize") + "?" + q.Encode()

	opened := make(chan error, 1)
	go func() { opened <- c.cfg.OpenBrowser(ctx, authorize, progressOf(c.o.Progress)) }()

	timer := time.NewTimer(c.cfg.BrowserTimeout)
	defer timer.Stop()
	var cb callback
wait:
	for {
		select {
		case err := <-opened:
			opened = nil
			if err != nil {
				// No browser: the person may open the address themselves.
				if c.o.ShowURL == nil {
					return tokenResponse{}, "", &signin.Error{Reason: signin.ReasonNoBrowser}
				}
				if err := c.o.ShowURL(authorize); err != nil {
					return tokenResponse{}, "", err
				}
			}
		case cb = <-got:
			break wait
		case <-timer.C:
			return tokenResponse{}, "", &signin.Error{Reason: signin.ReasonTimedOut}
		case <-ctx.Done():
			return tokenResponse{}, "", context.Cause(ctx)
		}
	}
	if cb.err != "" {
		e := &oauthError{Code: cb.err, Description: cb.description}
		return tokenResponse{}, "", e.classify(signin.ReasonFailed)
	}
	tr, err := c.tokenRequest(ctx, url.Values{
		"client_id":     {c.o.ClientID},
		"grant_type":    {"authorization_code"},
		"code":          {cb.code},
		"redirect_uri":  {redirect},
		"code_verifier": {verifier},
		"scope":         {scope + " " + oidcScopes},
	})
	return tr, nonce, err
}

// callbackHandler answers the browser at the loopback address. Only a request to / with this
// sign-in's state counts, and only the first: anything else (another page, another state, a
// second request) is refused and changes nothing, so that no other program or web page can
// end or steer the sign-in.
func callbackHandler(state string, texts scenarios.Texts, once *sync.Once, got chan<- callback) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "default-src 'none'")
		q := r.URL.Query()
		if r.Method != http.MethodGet || r.URL.Path != "/" ||
			subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1 {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		first := false
		once.Do(func() {
			first = true
			cb := callback{code: q.Get("code"), err: q.Get("error"), description: q.Get("error_description")}
			if cb.code == "" && cb.err == "" {
				cb.err = "invalid_request"
			}
			if cb.code != "" && (len(cb.code) > maxTokenLen || !printableASCII(cb.code)) {
				cb.code, cb.err = "", "invalid_request"
			}
			got <- cb
		})
		if !first {
			http.Error(w, "gone", http.StatusGone)
			return
		}
		text := txt.SigninPageDone
		if q.Get("error") != "" || q.Get("code") == "" {
			text = txt.SigninPageFailed
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page(texts.T(text)))
	}
}

// page is the small page the browser shows after the redirect.
func page(text string) string {
	return "<!doctype html><html><head><meta charset=\"utf-8\"><title>cspfix</title></head><body><p>" +
		htmlEscape(text) + "</p></body></html>\n"
}

func htmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func progressOf(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}

// errNoDisplay: on Linux and the BSDs without a graphical session, xdg-open would start a text
// browser in the terminal; cspfix shows the address instead.
const errNoDisplay = constError("no graphical session")

// openerCommand is the system's way of opening an address in the default browser, run without
// a shell: xdg-open (Linux, BSD), open (macOS), the URL protocol handler of url.dll (Windows).
func openerCommand(goos, address string, getenv func(string) string) (string, []string, error) {
	switch goos {
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler", address}, nil
	case "darwin":
		return "open", []string{address}, nil
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly", "illumos", "solaris":
		if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
			return "", nil, errNoDisplay
		}
		return "xdg-open", []string{address}, nil
	}
	return "", nil, fmt.Errorf("no browser opener on %s", goos)
}
