package microsoft

import (
	"bytes"
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
)

// Limits of the lookups (SPEC §19, docs/microsoft-access.md "Limits").
const (
	// DefaultTimeout is the time one request may take, answer read included.
	DefaultTimeout = 10 * time.Second
	// MaxTries is how often a request is sent at most: once more after a throttled, failed or
	// lost answer, never after a timeout.
	MaxTries = 2
	// DefaultMaxBytes bounds one answer.
	DefaultMaxBytes = 1 << 20
	// DefaultMaxPages bounds the pages of one list.
	DefaultMaxPages = 20
	// DefaultConcurrency is how many requests run at once in a batch.
	DefaultConcurrency = 4
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
	Tokens TokenSource
	// Transport sends the requests; nil is a transport of its own (which, for an http root,
	// connects to loopback addresses only).
	Transport http.RoundTripper
	// Limiter bounds the requests at once across the clients that share it; nil is a limiter
	// of DefaultConcurrency of the client's own.
	Limiter *Limiter
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
	service  Service
	root     *url.URL
	tokens   TokenSource
	http     *http.Client
	limiter  *Limiter
	timeout  time.Duration
	maxBytes int64
	maxPages int
	sleep    func(context.Context, time.Duration) error
	memo     *memo
}

func newClient(service Service, cfg Config) (*client, error) {
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
		c.limiter = NewLimiter(DefaultConcurrency)
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.maxBytes <= 0 {
		c.maxBytes = DefaultMaxBytes
	}
	if c.maxPages <= 0 {
		c.maxPages = DefaultMaxPages
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
	t.MaxIdleConnsPerHost = DefaultConcurrency
	t.TLSHandshakeTimeout = DefaultTimeout
	if loopbackOnly {
		t.Proxy = nil // a proxy would carry the request off the machine
		t.DialContext = (&net.Dialer{Timeout: DefaultTimeout, KeepAlive: 30 * time.Second, Control: LoopbackOnly}).DialContext
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
func (c *client) fail(lookup Lookup, kind Kind, tok Token, status int, code, requestID, detail string) *Error {
	return &Error{Service: c.service, Lookup: lookup, Kind: kind, Status: status,
		Code: tok.scrub(code), RequestID: tok.scrub(requestID), Detail: tok.scrub(detail)}
}

// token gets the service's token; an error of the source that is no *Error becomes one.
func (c *client) token(ctx context.Context, lookup Lookup) (Token, error) {
	tok, err := c.tokens.Token(ctx)
	if err == nil && tok.IsZero() {
		err = &Error{Kind: KindSignInRequired}
	}
	if err != nil {
		if cause := context.Cause(ctx); cause != nil {
			return Token{}, cause
		}
		var e *Error
		if errors.As(err, &e) {
			cp := *e
			cp.Service, cp.Lookup = c.service, lookup
			return Token{}, &cp
		}
		return Token{}, &Error{Service: c.service, Lookup: lookup, Kind: KindSignInRequired, Detail: shortError(err)}
	}
	return tok, nil
}

// get sends a GET to u with the token and the extra headers, within the limits: the time of a
// request, MaxTries, Retry-After up to the time of a request, the size of an answer. It
// returns the answer whatever its status, for the service to classify; an error only when
// there was none (or ctx ended: then its cause).
func (c *client) get(ctx context.Context, lookup Lookup, tok Token, u *url.URL, extra http.Header) (reply, error) {
	if !sameOrigin(u, c.root) {
		return reply{}, c.fail(lookup, KindRedirect, tok, 0, "", "", "")
	}
	var last reply
	for try := 1; try <= MaxTries; try++ {
		r, err := c.once(ctx, lookup, tok, u, extra)
		if cause := context.Cause(ctx); cause != nil {
			return reply{}, cause
		}
		var wait time.Duration
		switch {
		case err != nil:
			var e *Error
			if !errors.As(err, &e) || e.Kind != KindNetwork {
				return reply{}, err // a timeout has used the request's time; a redirect or an oversized answer will not change
			}
			if try == MaxTries {
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
		if try == MaxTries {
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
func (c *client) once(ctx context.Context, lookup Lookup, tok Token, u *url.URL, extra http.Header) (reply, error) {
	if err := c.limiter.acquire(ctx); err != nil {
		return reply{}, err
	}
	defer c.limiter.release()
	rctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return reply{}, c.fail(lookup, KindUnsupported, tok, 0, "", "", "request")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "cspfix")
	for k, v := range extra {
		req.Header[k] = v
	}
	req.Header.Set("Authorization", tok.authorization())
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
		return reply{}, c.fail(lookup, KindTooLarge, tok, resp.StatusCode, "", requestID(resp.Header), "")
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: trimBOM(body)}, nil
}

// transportError classifies a request that got no (whole) answer.
func (c *client) transportError(rctx context.Context, lookup Lookup, tok Token, err error) error {
	var ne net.Error
	switch {
	case errors.Is(err, errRedirect):
		return c.fail(lookup, KindRedirect, tok, 0, "", "", "")
	case errors.Is(rctx.Err(), context.DeadlineExceeded), errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return c.fail(lookup, KindTimeout, tok, 0, "", "", "")
	}
	return c.fail(lookup, KindNetwork, tok, 0, "", "", shortError(err))
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

// trimBOM removes a UTF-8 byte order mark: Partner Center starts its answers with one.
func trimBOM(b []byte) []byte { return bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) }
