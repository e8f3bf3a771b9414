package rest

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cspfix/cspfix/internal/microsoft"
)

// The client's own bounds; the lookups' limits are microsoft.DefaultTimeout and the others
// (SPEC §19, docs/microsoft-access.md "Limits").
const (
	// maxRedirects bounds the redirects followed (on the same host only).
	maxRedirects = 3
	// serverErrorPause is the wait before the second try after a 5xx without Retry-After.
	serverErrorPause = time.Second
)

// Config is what a client of a service needs. Zero values take the defaults.
type Config struct {
	// Root is the service root, checked by ParseRoot (or a cloud's default).
	Root *url.URL
	// Tokens gives the bearer token for the service.
	Tokens microsoft.TokenSource
	// Transport sends the requests; nil is a transport of its own (which, for an http root,
	// connects to loopback addresses only).
	Transport http.RoundTripper
	// Limiter bounds the requests at once across the clients that share it; nil is a limiter
	// of DefaultConcurrency of the client's own.
	Limiter *microsoft.Limiter
	// Timeout is the time one request may take (DefaultTimeout).
	Timeout time.Duration
	// MaxBytes bounds one answer (DefaultMaxBytes).
	MaxBytes int64
	// MaxPages bounds the pages of one list (DefaultMaxPages).
	MaxPages int
	// Sleep waits before a second try; tests make it return at once. It returns early, with
	// the context's error, when ctx ends.
	Sleep func(ctx context.Context, d time.Duration) error
}

// client sends the requests of one service, within the limits.
type client struct {
	service  microsoft.Service
	root     *url.URL
	tokens   microsoft.TokenSource
	http     *http.Client
	limiter  *microsoft.Limiter
	timeout  time.Duration
	maxBytes int64
	maxPages int
	sleep    func(context.Context, time.Duration) error
	memo     *memo
}

func newClient(service microsoft.Service, cfg Config) (*client, error) {
	if cfg.Root == nil {
		return nil, errors.New("microsoft: no service root")
	}
	if cfg.Tokens == nil {
		return nil, errors.New("microsoft: no token source")
	}
	c := &client{
		service:  service,
		root:     cfg.Root,
		tokens:   cfg.Tokens,
		limiter:  cfg.Limiter,
		timeout:  cfg.Timeout,
		maxBytes: cfg.MaxBytes,
		maxPages: cfg.MaxPages,
		sleep:    cfg.Sleep,
		memo:     newMemo(maxMemo),
	}
	if c.limiter == nil {
		c.limiter = microsoft.NewLimiter(microsoft.DefaultConcurrency)
	}
	if c.timeout <= 0 {
		c.timeout = microsoft.DefaultTimeout
	}
	if c.maxBytes <= 0 {
		c.maxBytes = microsoft.DefaultMaxBytes
	}
	if c.maxPages <= 0 {
		c.maxPages = microsoft.DefaultMaxPages
	}
	if c.sleep == nil {
		c.sleep = Sleep
	}
	rt := cfg.Transport
	if rt == nil {
		rt = NewTransport(cfg.Root.Scheme == "http")
	}
	origin := *cfg.Root
	c.http = &http.Client{
		Transport: rt,
		// A redirect is followed only to the same scheme and host (and so the token never goes
		// anywhere else); Go drops the Authorization header on any other anyway.
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if !sameOrigin(req.URL, &origin) || len(via) > maxRedirects {
				return errRedirect
			}
			return nil
		},
	}
	return c, nil
}

var errRedirect = errors.New("redirect refused")

// sameOrigin reports whether u is on the root's scheme and host (letter case aside).
func sameOrigin(u, root *url.URL) bool {
	return strings.EqualFold(u.Scheme, root.Scheme) && strings.EqualFold(u.Host, root.Host)
}

// NewTransport returns a transport for the lookups: a copy of http.DefaultTransport (so that
// its proxy settings apply, and a test's loopback-only default holds here too), bounded in
// connections; loopbackOnly makes it refuse to connect anywhere but a loopback address (for
// an http root: CSPFIX_GRAPH_URL in tests), whatever a name resolves to, and use no proxy.
func NewTransport(loopbackOnly bool) *http.Transport {
	t, ok := http.DefaultTransport.(*http.Transport)
	if ok {
		t = t.Clone()
	} else {
		t = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	}
	t.MaxIdleConnsPerHost = microsoft.DefaultConcurrency
	t.TLSHandshakeTimeout = microsoft.DefaultTimeout
	if loopbackOnly {
		t.Proxy = nil // a proxy would carry the request off the machine
		t.DialContext = (&net.Dialer{Timeout: microsoft.DefaultTimeout, KeepAlive: 30 * time.Second, Control: LoopbackOnly}).DialContext
	}
	return t
}

// LoopbackOnly is a net.Dialer's Control function that refuses any address but a loopback one.
func LoopbackOnly(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return errors.New("refused: " + address + " is not a loopback address")
	}
	return nil
}

// Sleep waits d or until ctx ends (then with its cause): how the clients wait between attempts
// unless a test gives another way.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// reply is a service's answer, read whole (within the limit), a BOM at its start removed.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// fail makes the error of a lookup; values from the answer are scrubbed of the token.
func (c *client) fail(lookup microsoft.Lookup, kind microsoft.Kind, tok microsoft.Token, status int, code, requestID, detail string) *microsoft.Error {
	return &microsoft.Error{Service: c.service, Lookup: lookup, Kind: kind, Status: status,
		Code: tok.Scrub(code), RequestID: tok.Scrub(requestID), Detail: tok.Scrub(detail)}
}

// token gets the service's token; an error of the source that is no *Error becomes one.
func (c *client) token(ctx context.Context, lookup microsoft.Lookup) (microsoft.Token, error) {
	tok, err := c.tokens.Token(ctx)
	if err == nil && tok.IsZero() {
		err = &microsoft.Error{Kind: microsoft.KindSignInRequired}
	}
	if err != nil {
		if cause := context.Cause(ctx); cause != nil {
			return microsoft.Token{}, cause
		}
		var e *microsoft.Error
		if errors.As(err, &e) {
			cp := *e
			cp.Service, cp.Lookup = c.service, lookup
			return microsoft.Token{}, &cp
		}
		return microsoft.Token{}, &microsoft.Error{Service: c.service, Lookup: lookup, Kind: microsoft.KindSignInRequired, Detail: shortError(err)}
	}
	return tok, nil
}

// get sends a GET to u with the token and the extra headers, within the limits: the time of a
// request, MaxTries, Retry-After up to the time of a request, the size of an answer. It
// returns the answer whatever its status, for the service to classify; an error only when
// there was none (or ctx ended: then its cause).
func (c *client) get(ctx context.Context, lookup microsoft.Lookup, tok microsoft.Token, u *url.URL, extra http.Header) (reply, error) {
	if !sameOrigin(u, c.root) {
		return reply{}, c.fail(lookup, microsoft.KindRedirect, tok, 0, "", "", "")
	}
	var last reply
	for try := 1; try <= microsoft.MaxTries; try++ {
		r, err := c.once(ctx, lookup, tok, u, extra)
		if cause := context.Cause(ctx); cause != nil {
			return reply{}, cause
		}
		var wait time.Duration
		switch {
		case err != nil:
			var e *microsoft.Error
			if !errors.As(err, &e) || e.Kind != microsoft.KindNetwork {
				return reply{}, err // a timeout has used the request's time; a redirect or an oversized answer will not change
			}
			if try == microsoft.MaxTries {
				return reply{}, err
			}
		case r.status == http.StatusTooManyRequests || r.status == http.StatusServiceUnavailable:
			after, ok := retryAfter(r.header, time.Now())
			if !ok {
				after = serverErrorPause
			}
			if after > c.timeout {
				return r, nil // longer than cspfix waits: the service classifies it as throttled
			}
			wait = after
		case r.status >= 500:
			wait = serverErrorPause
		default:
			return r, nil
		}
		last = r
		if try == microsoft.MaxTries {
			break
		}
		if err := c.sleep(ctx, wait); err != nil {
			if cause := context.Cause(ctx); cause != nil {
				return reply{}, cause
			}
			return reply{}, err
		}
	}
	return last, nil
}

// once sends one request, within the limiter and the time of a request, and reads the answer.
func (c *client) once(ctx context.Context, lookup microsoft.Lookup, tok microsoft.Token, u *url.URL, extra http.Header) (reply, error) {
	var (
		r   reply
		err error
	)
	if lerr := c.limiter.Do(ctx, func() { r, err = c.send(ctx, lookup, tok, u, extra) }); lerr != nil {
		return reply{}, lerr
	}
	return r, err
}

// send sends one request within the time of a request and reads the answer.
func (c *client) send(ctx context.Context, lookup microsoft.Lookup, tok microsoft.Token, u *url.URL, extra http.Header) (reply, error) {
	rctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return reply{}, c.fail(lookup, microsoft.KindUnsupported, tok, 0, "", "", "request")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "cspfix")
	for k, v := range extra {
		req.Header[k] = v
	}
	req.Header.Set("Authorization", tok.Authorization())
	resp, err := c.http.Do(req)
	if err != nil {
		return reply{}, c.transportError(rctx, lookup, tok, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBytes+1))
	if err != nil {
		return reply{}, c.transportError(rctx, lookup, tok, err)
	}
	if int64(len(body)) > c.maxBytes {
		return reply{}, c.fail(lookup, microsoft.KindTooLarge, tok, resp.StatusCode, "", requestID(resp.Header), "")
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: microsoft.TrimBOM(body)}, nil
}

// transportError classifies a request that got no (whole) answer.
func (c *client) transportError(rctx context.Context, lookup microsoft.Lookup, tok microsoft.Token, err error) error {
	var ne net.Error
	switch {
	case errors.Is(err, errRedirect):
		return c.fail(lookup, microsoft.KindRedirect, tok, 0, "", "", "")
	case errors.Is(rctx.Err(), context.DeadlineExceeded), errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return c.fail(lookup, microsoft.KindTimeout, tok, 0, "", "", "")
	}
	return c.fail(lookup, microsoft.KindNetwork, tok, 0, "", "", shortError(err))
}

// shortError keeps the last, most specific part of an error ("connection refused"): the
// first parts name the URL.
func shortError(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return msg
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > 1<<20 {
			n = 1 << 20
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// requestID is the service's ID of the request, for a support ticket.
func requestID(h http.Header) string {
	for _, k := range []string{"request-id", "MS-RequestId", "client-request-id", "MS-CorrelationId"} {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}
