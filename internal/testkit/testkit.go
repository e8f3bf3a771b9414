// Package testkit holds what the tests of several packages share: the fixed clock, a valid
// tenant ID, a fake of Microsoft's sign-in service and the cspfix binary. It imports nothing of
// cspfix, so that every package's tests can use it. Only tests import it (a test of cmd/internal/cli
// checks that the binary does not); the walkthrough's scripted prompter is walkthroughtest.
package testkit

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// GoodID is a valid tenant ID in its canonical form.
const GoodID = "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"

// Now is the tests' "now": 2026-11-20 12:00 in Central European Time.
var Now = time.Date(2026, 11, 20, 12, 0, 0, 0, time.FixedZone("CET", 3600))

// Clock returns Now, for a clock that a command or the walkthrough takes.
func Clock() time.Time { return Now }

// dir is this package's directory, to find the fixtures of internal/discovery.
func dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}

// Authority is a fake of Microsoft's sign-in service (CSPFIX_AUTHORITY) that answers as
// AuthorityHandler does and counts the requests it gets.
func Authority(t testing.TB) (url string, hits *atomic.Int32) {
	t.Helper()
	hits = new(atomic.Int32)
	handler := AuthorityHandler(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		handler(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, hits
}

// AuthorityHandler answers like Microsoft's sign-in service: for contoso.onmicrosoft.com
// (public cloud, worldwide), fabrikam.de and xn--mller-kva.de (Europe) and agency.us (US
// Government), and for the tenant IDs in their documents, with the discovery documents of
// internal/discovery/testdata, with AADSTS90002 for any other domain or ID.
func AuthorityHandler(t testing.TB) http.HandlerFunc {
	docs := map[string]string{
		"contoso.onmicrosoft.com":              "commercial-ww.json",
		"fabrikam.de":                          "commercial-eu.json",
		"xn--mller-kva.de":                     "commercial-eu.json",
		"agency.us":                            "us-government.json",
		GoodID:                                 "commercial-ww.json",
		"9e2c4a71-5b3d-4f8e-a1c6-3d7b9f2e4a10": "commercial-eu.json",
		"7c1e9b3a-4d2f-4a8b-9e6c-0f5d3b7a2c18": "us-government.json",
	}
	return func(w http.ResponseWriter, r *http.Request) {
		domain, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		if rest != "v2.0/.well-known/openid-configuration" {
			http.NotFound(w, r)
			return
		}
		name, ok := docs[domain]
		if !ok {
			name = "unknown-domain.json"
			w.WriteHeader(http.StatusBadRequest)
		} else {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
		}
		b, err := os.ReadFile(filepath.Join(dir(), "..", "discovery", "testdata", name))
		if err != nil {
			t.Error(err)
		}
		w.Write(b)
	}
}

// UnixModes says whether files have the permission bits cspfix sets (0600, 0700). Windows
// keeps none of them (os.Stat reports 0666 or 0444): privacy there rests on the per-user
// profile folder (SECURITY.md), so tests check modes only elsewhere.
const UnixModes = runtime.GOOS != "windows"

// exe ends the name of a program: Windows runs only files named .exe.
var exe = map[bool]string{true: ".exe"}[runtime.GOOS == "windows"]

var (
	buildOnce sync.Once
	binDir    string
	binPath   string
	buildErr  error
)

// Binary is the cspfix binary, built once per test run from this module's sources, with the
// extra go build flags when there are any (then built anew, into the test's directory).
func Binary(t testing.TB, flags ...string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a binary")
	}
	// cspfix-online beside cspfix, as releases install them: cspfix hands it the commands that
	// reach Microsoft (README "Two executables").
	build := func(out string) error {
		args := append(append([]string{"build"}, flags...), "-o", filepath.Dir(out)+string(filepath.Separator), "./cmd/cspfix", "./cmd/cspfix-online")
		cmd := exec.Command("go", args...)
		cmd.Dir = filepath.Join(dir(), "..", "..")
		if b, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go %v: %v\n%s", args, err, b)
		}
		return nil
	}
	if len(flags) > 0 {
		bin := filepath.Join(t.TempDir(), "cspfix"+exe)
		if err := build(bin); err != nil {
			t.Fatal(err)
		}
		return bin
	}
	buildOnce.Do(func() {
		if binDir, buildErr = os.MkdirTemp("", "cspfix-bin"); buildErr == nil {
			binPath = filepath.Join(binDir, "cspfix"+exe)
			buildErr = build(binPath)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// Main runs a package's tests and removes the binary Binary built: use it in TestMain, around
// m (testscript.Main takes it too).
type Main struct{ M interface{ Run() int } }

func (m Main) Run() int {
	code := m.M.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	return code
}
