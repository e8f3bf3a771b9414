package rest

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/internal/testkit/msfake"
)

func TestMain(m *testing.M) {
	// Nothing in these tests may leave the machine: the default transport, and every
	// transport the tests give the clients, connect to loopback addresses only.
	testkit.RefuseNonLoopback()
	os.Exit(m.Run())
}

// fake is a local stand-in for Microsoft Graph or Partner Center (msfake): it answers the routes
// a test registers, records every request, and fails the test on any other.
type fake struct {
	*msfake.Server
	t         *testing.T
	root      *url.URL
	transport http.RoundTripper
}

// newFake starts a fake service; with tls, it speaks HTTPS with a certificate the returned
// transport trusts.
func newFake(t *testing.T, tls bool) *fake {
	s := msfake.New(t, tls)
	return &fake{Server: s, t: t, root: s.Root, transport: s.Transport}
}

// handle registers a route: a path, and "?query" when the query must match (any order).
func (f *fake) handle(pattern string, h http.HandlerFunc) { f.Handle(pattern, h) }

// count is the number of requests so far.
func (f *fake) count() int { return f.Count() }

// request returns the i-th request.
func (f *fake) request(i int) *http.Request {
	rs := f.Requests()
	if i >= len(rs) {
		f.t.Fatalf("no request %d (%d requests)", i, len(rs))
	}
	return rs[i]
}

// answer serves a fixture of testdata (msfake.LoadFixture), {{root}} the fake's URL.
func (f *fake) answer(name string, vars map[string]string) http.HandlerFunc {
	return f.Answer(name, vars)
}

// sequence answers with each handler in turn, the last one from then on.
var sequence = msfake.Sequence

// sleeps records the waits of a client instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// jwt makes an unsigned token with the given claims: enough for the claims cspfix reads.
func jwt(t *testing.T, claims map[string]any) microsoft.Token {
	t.Helper()
	tok, err := microsoft.NewToken(msfake.UnsignedJWT(t, claims))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// secret is the tests' token: a value no output may ever show.
const secret = "eyJ0eXAiOiJKV1QifQ.c2VjcmV0LXRva2VuLWZvci1jc3BmaXgtdGVzdHM.SECRET-1f0c9e"

func secretToken(t *testing.T) microsoft.Token {
	tok, err := microsoft.NewToken(secret)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// config is the configuration of a client of f with tok, waits recorded in s.
func (f *fake) config(tok microsoft.Token, s *sleeps) Config {
	cfg := Config{Root: f.root, Tokens: microsoft.StaticToken{T: tok}, Transport: f.transport}
	if s != nil {
		cfg.Sleep = s.sleep
	}
	return cfg
}

func (f *fake) graph(t *testing.T, tok microsoft.Token, s *sleeps) *Graph {
	g, err := NewGraph(f.config(tok, s))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func (f *fake) partnerCenter(t *testing.T, tok microsoft.Token, s *sleeps) *PartnerCenter {
	p, err := NewPartnerCenter(f.config(tok, s))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// wantKind fails unless err is an *Error of kind k.
func wantKind(t *testing.T, err error, k microsoft.Kind) *microsoft.Error {
	t.Helper()
	e, ok := err.(*microsoft.Error)
	if !ok || e.Kind != k {
		t.Fatalf("error %v (%T), want kind %s", err, err, k)
	}
	return e
}
