package entra

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/signin"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/scenarios"
)

// TestThroughTheManager runs what `cspfix login`, a later `diagnose --online` and `cspfix
// logout` do, with the real credential and the sealed file against the fake sign-in service,
// and then looks for every secret the service handed out in every file written and every
// text shown: only the sealed file may hold the refresh token, and it holds it sealed.
func TestThroughTheManager(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	holder := &memoryHolder{}
	e.secrets = nil
	files := &fileSecrets{path: filepath.Join(dir, "cache", "cspfix", "sign-in.sealed"), s: keySealer{holder}}
	cfg := e.config()
	cfg.Secrets = files
	// The manager's endpoints are the cloud's: the fake stands in for the public cloud's
	// sign-in service through the client (the lookups' fakes do the same for Graph).
	m := &signin.Manager{
		Factory: func(o signin.Options) (signin.Credential, error) {
			o.Endpoints.Authority = e.a.srv.URL
			return cfg.New(o)
		},
		Store:      Store{Secrets: files},
		RecordPath: filepath.Join(dir, "config", "cspfix", "login.json"),
		Now:        testkit.Clock,
	}
	var shown bytes.Buffer
	hooks := signin.Hooks{Progress: &shown, Texts: scenarios.Embedded().In(scenarios.DE),
		ShowURL:    func(u string) error { fmt.Fprintln(&shown, u); return nil },
		DeviceCode: func(u, c string) error { fmt.Fprintln(&shown, u, c); return nil }}
	settings := signin.Settings{ClientID: clientID, Tenant: partnerTenant}
	res, err := m.Login(context.Background(), signin.MethodBrowser, settings, hooks)
	if err != nil {
		t.Fatal(err)
	}
	page := <-e.pages
	if res.Store != "keyring" || res.StoreErr != nil || res.Record.TenantID != partnerTenant || res.Record.Username != userName {
		t.Fatalf("login %+v", res)
	}
	if !bytes.Contains([]byte(page), []byte("Sie sind bei cspfix angemeldet.")) {
		t.Errorf("page %q", page)
	}

	// A later run: tokens for both services from the kept sign-in, asking nobody.
	src, err := m.Sources(settings, signin.EnvTokens{})
	if err != nil {
		t.Fatal(err)
	}
	var toks []string
	for _, s := range []microsoft.TokenSource{src.Graph, src.PartnerCenter} {
		tok, err := s.Token(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		c, _ := tok.Claims()
		toks = append(toks, fmt.Sprintf("%v %+v %#v %s", tok, tok, tok, c.Audience))
	}
	st := m.Status(context.Background(), settings, signin.EnvTokens{}, signin.StatusOptions{})
	status, _ := json.Marshal(st)

	// Every file: the record holds no secret; the sealed file holds none readable.
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, s := range e.a.allSecrets() {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds %s", p, s)
			}
		}
		if bytes.Contains(b, []byte("SECRET")) || bytes.Contains(b, []byte("eyJ")) {
			t.Errorf("%s holds a token:\n%s", p, b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	e.noSecretShows(shown.String(), page, fmt.Sprintf("%+v %#v", res, res), fmt.Sprint(toks), string(status))

	// logout removes the record, the sealed file and its key.
	if _, ok, err := m.Logout(context.Background()); !ok || err != nil {
		t.Fatal(ok, err)
	}
	for _, p := range []string{m.RecordPath, files.path} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s is still there", p)
		}
	}
	if holder.key != nil {
		t.Error("the key is still there")
	}
	// And a later run must sign in again.
	if src, err := m.Sources(settings, signin.EnvTokens{}); err != nil || src.Record != nil {
		t.Errorf("%+v %v", src, err)
	}
}
