// Package msfake is a local stand-in for Microsoft Graph and Partner Center in tests: it answers
// the routes a test registers (with the recorded answers of internal/microsoft/testdata, each
// naming the Microsoft page its shape comes from), records every request, fails the test on a
// route it does not know, and counts how many requests it serves at once. It listens on the
// loopback interface only. Only tests import it.
package msfake

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/cspfix/cspfix/internal/testkit"
)

// Server is one fake service.
type Server struct {
	T testing.TB
	// URL is the service root (http://127.0.0.1:port, or https with TLS).
	URL  string
	Root *url.URL
	// Transport trusts the server's certificate and connects to loopback addresses only.
	Transport http.RoundTripper

	srv *httptest.Server

	mu               sync.Mutex
	routes           []route
	requests         []*http.Request
	inFlight, most   int
	delay            time.Duration
	unknownForbidden bool
}

type route struct {
	path    string
	query   url.Values // nil: any query
	handler http.HandlerFunc
}

// New starts a fake service; with tls, it speaks HTTPS with a certificate only Transport trusts.
func New(t testing.TB, tls bool) *Server {
	s := &Server{T: t}
	h := http.HandlerFunc(s.serve)
	if tls {
		s.srv = httptest.NewTLSServer(h)
		tr := s.srv.Client().Transport.(*http.Transport).Clone()
		tr.DialContext = testkit.LoopbackTransport().DialContext
		tr.Proxy = nil
		s.Transport = tr
	} else {
		s.srv = httptest.NewServer(h)
		s.Transport = testkit.LoopbackTransport()
	}
	t.Cleanup(s.srv.Close)
	s.URL = s.srv.URL
	u, err := url.Parse(s.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	s.Root = u
	return s
}

// Certificate writes the server's certificate as PEM to a file of dir and returns its path (for
// SSL_CERT_FILE of a cspfix started by a test).
func (s *Server) Certificate(dir string) string {
	cert := s.srv.Certificate()
	if cert == nil {
		s.T.Fatal("not a TLS server")
	}
	path := filepath.Join(dir, "fake-ca.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o600); err != nil {
		s.T.Fatal(err)
	}
	return path
}

// Handle registers a route: a path, and "?query" when the query must match (in any order).
func (s *Server) Handle(pattern string, h http.HandlerFunc) {
	path, query, hasQuery := strings.Cut(pattern, "?")
	r := route{path: path, handler: h}
	if hasQuery {
		q, err := url.ParseQuery(query)
		if err != nil {
			s.T.Fatal(err)
		}
		r.query = q
	}
	s.mu.Lock()
	s.routes = append(s.routes, r)
	s.mu.Unlock()
}

// Slow makes every answer wait d first (or until the client gives up).
func (s *Server) Slow(d time.Duration) {
	s.mu.Lock()
	s.delay = d
	s.mu.Unlock()
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.Clone(context.Background()))
	routes := append([]route(nil), s.routes...)
	s.inFlight++
	s.most = max(s.most, s.inFlight)
	delay := s.delay
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	for _, rt := range routes {
		if rt.path == r.URL.Path && (rt.query == nil || reflect.DeepEqual(rt.query, r.URL.Query())) {
			rt.handler(w, r)
			return
		}
	}
	s.T.Errorf("the fake got a request it does not know: %s %s", r.Method, r.URL)
	http.NotFound(w, r)
}

// Count is the number of requests so far; with a path, those to it.
func (s *Server) Count(path ...string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if len(path) == 0 || r.URL.Path == path[0] {
			n++
		}
	}
	return n
}

// Requests are the requests so far.
func (s *Server) Requests() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*http.Request(nil), s.requests...)
}

// MostAtOnce is the largest number of requests the server served at the same time.
func (s *Server) MostAtOnce() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.most
}

// Fixture is an answer recorded in internal/microsoft/testdata: a txtar file whose comment names
// the Microsoft page the answer's shape comes from ("source: title, address"), its status and
// headers, and whose file "body" is the body. {{name}} in it is filled from vars.
type Fixture struct {
	Status int
	Header http.Header
	Body   []byte
}

// testdata is internal/microsoft/testdata.
func testdata() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "microsoft", "testdata")
}

// LoadFixture reads the fixture name (graph/tenant-by-id.txtar); it fails the test for one that
// names no source page, status or body.
func LoadFixture(t testing.TB, name string, vars map[string]string) Fixture {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join(testdata(), name))
	if err != nil {
		t.Fatal(err)
	}
	fx := Fixture{Header: http.Header{}}
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
			if fx.Status, err = strconv.Atoi(val); err != nil {
				t.Fatal(err)
			}
		case "header":
			k, v, _ := strings.Cut(val, ": ")
			fx.Header.Add(k, fill(v, vars))
		}
	}
	if !sourced || fx.Status == 0 || len(a.Files) != 1 || a.Files[0].Name != "body" {
		t.Fatalf("%s: a fixture needs a source, a status and a body", name)
	}
	fx.Body = []byte(fill(string(bytes.TrimSuffix(a.Files[0].Data, []byte("\n"))), vars))
	return fx
}

func fill(s string, vars map[string]string) string {
	for k, v := range vars {
		s = strings.ReplaceAll(s, "{{"+k+"}}", v)
	}
	return s
}

// Answer serves a fixture; {{root}} in it is the server's URL unless vars say otherwise.
func (s *Server) Answer(name string, vars map[string]string) http.HandlerFunc {
	if vars == nil {
		vars = map[string]string{}
	}
	if _, ok := vars["root"]; !ok {
		vars["root"] = s.URL
	}
	fx := LoadFixture(s.T, name, vars)
	return fx.Serve
}

// Serve writes the fixture as the answer.
func (fx Fixture) Serve(w http.ResponseWriter, _ *http.Request) {
	for k, v := range fx.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(fx.Status)
	w.Write(fx.Body)
}

// Sequence answers with each handler in turn, the last one from then on.
func Sequence(hs ...http.HandlerFunc) http.HandlerFunc {
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

// UnsignedJWT is a token in the form of a JWT with the given claims and no valid signature:
// enough for the claims cspfix reads (the tenant, the scopes), never for a service.
func UnsignedJWT(t testing.TB, claims map[string]any) string {
	t.Helper()
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(map[string]string{"alg": "none", "typ": "JWT"}) + "." + enc(claims) + ".c2lnbmF0dXJl"
}
