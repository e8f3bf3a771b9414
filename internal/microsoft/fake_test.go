package microsoft

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/cspfix/cspfix/internal/testkit"
)

func TestMain(m *testing.M) {
	// Nothing in these tests may leave the machine: the default transport, and every
	// transport the tests give the clients, connect to loopback addresses only.
	testkit.RefuseNonLoopback()
	os.Exit(m.Run())
}

// fake is a local stand-in for Microsoft Graph or Partner Center: it answers the routes a test
// registers, records every request, and fails the test on any other.
type fake struct {
	t         *testing.T
	srv       *httptest.Server
	root      *url.URL
	transport http.RoundTripper

	mu       sync.Mutex
	routes   []route
	requests []*http.Request
}

type route struct {
	path    string
	query   url.Values // nil: any query
	handler http.HandlerFunc
}

// newFake starts a fake service; with tls, it speaks HTTPS with a certificate the returned
// transport trusts.
func newFake(t *testing.T, tls bool) *fake {
	f := &fake{t: t}
	h := http.HandlerFunc(f.serve)
	if tls {
		f.srv = httptest.NewTLSServer(h)
		tr := f.srv.Client().Transport.(*http.Transport).Clone()
		tr.DialContext = (&net.Dialer{Control: LoopbackOnly}).DialContext
		tr.Proxy = nil
		f.transport = tr
	} else {
		f.srv = httptest.NewServer(h)
		f.transport = testkit.LoopbackTransport()
	}
	t.Cleanup(f.srv.Close)
	u, err := url.Parse(f.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	f.root = u
	return f
}

// handle registers a route: a path, and "?query" when the query must match (any order).
func (f *fake) handle(pattern string, h http.HandlerFunc) {
	path, query, hasQuery := strings.Cut(pattern, "?")
	r := route{path: path, handler: h}
	if hasQuery {
		q, err := url.ParseQuery(query)
		if err != nil {
			f.t.Fatal(err)
		}
		r.query = q
	}
	f.mu.Lock()
	f.routes = append(f.routes, r)
	f.mu.Unlock()
}

func (f *fake) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, r.Clone(context.Background()))
	routes := append([]route(nil), f.routes...)
	f.mu.Unlock()
	for _, rt := range routes {
		if rt.path == r.URL.Path && (rt.query == nil || reflect.DeepEqual(rt.query, r.URL.Query())) {
			rt.handler(w, r)
			return
		}
	}
	f.t.Errorf("the fake got a request it does not know: %s %s", r.Method, r.URL)
	http.NotFound(w, r)
}

// count is the number of requests so far.
func (f *fake) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

// request returns the i-th request.
func (f *fake) request(i int) *http.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	if i >= len(f.requests) {
		f.t.Fatalf("no request %d (%d requests)", i, len(f.requests))
	}
	return f.requests[i]
}

// fixture is an answer recorded in testdata: a txtar file whose comment names the Microsoft
// page the answer's shape comes from ("source: title, address"), its status and headers, and
// whose file "body" is the body. {{root}}, {{retry}} and {{token}} in it are filled in.
type fixture struct {
	status int
	header http.Header
	body   []byte
}

func loadFixture(t *testing.T, name string, vars map[string]string) fixture {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	fx := fixture{header: http.Header{}}
	sourced := false
	for _, line := range strings.Split(string(a.Comment), "\n") {
		key, val, _ := strings.Cut(line, ": ")
		switch key {
		case "source":
			if !strings.Contains(val, "https://") {
				t.Fatalf("%s: a source names no address: %q", name, line)
			}
			sourced = true
		case "status":
			fx.status, err = strconv.Atoi(val)
			if err != nil {
				t.Fatal(err)
			}
		case "header":
			k, v, _ := strings.Cut(val, ": ")
			fx.header.Add(k, fill(v, vars))
		}
	}
	if !sourced || fx.status == 0 || len(a.Files) != 1 || a.Files[0].Name != "body" {
		t.Fatalf("%s: a fixture needs a source, a status and a body", name)
	}
	fx.body = []byte(fill(string(bytes.TrimSuffix(a.Files[0].Data, []byte("\n"))), vars))
	return fx
}

func fill(s string, vars map[string]string) string {
	for k, v := range vars {
		s = strings.ReplaceAll(s, "{{"+k+"}}", v)
	}
	return s
}

// answer serves a fixture.
func (f *fake) answer(name string, vars map[string]string) http.HandlerFunc {
	if vars == nil {
		vars = map[string]string{}
	}
	if _, ok := vars["root"]; !ok {
		vars["root"] = f.srv.URL
	}
	fx := loadFixture(f.t, name, vars)
	return func(w http.ResponseWriter, r *http.Request) {
		for k, v := range fx.header {
			w.Header()[k] = v
		}
		w.WriteHeader(fx.status)
		w.Write(fx.body)
	}
}

// sequence answers with each handler in turn, the last one from then on.
func sequence(hs ...http.HandlerFunc) http.HandlerFunc {
	var mu sync.Mutex
	n := 0
	return func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		h := hs[min(n, len(hs)-1)]
		n++
		mu.Unlock()
		h(w, r)
	}
}

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
func jwt(t *testing.T, claims map[string]any) Token {
	t.Helper()
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	tok, err := NewToken(enc(map[string]string{"alg": "none", "typ": "JWT"}) + "." + enc(claims) + ".c2lnbmF0dXJl")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// secret is the tests' token: a value no output may ever show.
const secret = "eyJ0eXAiOiJKV1QifQ.c2VjcmV0LXRva2VuLWZvci1jc3BmaXgtdGVzdHM.SECRET-1f0c9e"

func secretToken(t *testing.T) Token {
	tok, err := NewToken(secret)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// config is the configuration of a client of f with tok, waits recorded in s.
func (f *fake) config(tok Token, s *sleeps) Config {
	cfg := Config{Root: f.root, Tokens: StaticToken{tok}, Transport: f.transport}
	if s != nil {
		cfg.Sleep = s.sleep
	}
	return cfg
}

func (f *fake) graph(t *testing.T, tok Token, s *sleeps) *Graph {
	g, err := NewGraph(f.config(tok, s))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func (f *fake) partnerCenter(t *testing.T, tok Token, s *sleeps) *PartnerCenter {
	p, err := NewPartnerCenter(f.config(tok, s))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// wantKind fails unless err is an *Error of kind k.
func wantKind(t *testing.T, err error, k Kind) *Error {
	t.Helper()
	e, ok := err.(*Error)
	if !ok || e.Kind != k {
		t.Fatalf("error %v (%T), want kind %s", err, err, k)
	}
	return e
}
