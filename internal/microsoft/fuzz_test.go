package microsoft

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// seedFixtures adds the bodies of the fixtures in dir (testdata/graph, testdata/pc) to f's corpus.
func seedFixtures(f *testing.F, dir string) {
	names, err := filepath.Glob(filepath.Join("testdata", dir, "*.txtar"))
	if err != nil || len(names) == 0 {
		f.Fatalf("no fixtures in %s: %v", dir, err)
	}
	for _, n := range names {
		a, err := txtar.ParseFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(a.Files[0].Data)
	}
	f.Add([]byte("\xef\xbb\xbf"))
	f.Add([]byte("null"))
	f.Add([]byte(`{"value":null}`))
}

func isCanonicalOrEmpty(id string) bool {
	c, ok := CanonicalGUID(id)
	return id == "" || ok && c == id
}

func FuzzParseTenantInformation(f *testing.F) {
	seedFixtures(f, "graph")
	f.Fuzz(func(t *testing.T, body []byte) {
		info, err := ParseTenantInformation(body)
		if err == nil && !isCanonicalOrEmpty(info.TenantID) || err == nil && info.TenantID == "" {
			t.Errorf("tenant ID %q", info.TenantID)
		}
	})
}

func FuzzParseAdminRelationshipsPage(f *testing.F) {
	seedFixtures(f, "graph")
	f.Fuzz(func(t *testing.T, body []byte) {
		items, _, err := ParseAdminRelationshipsPage(body)
		if err != nil && items != nil {
			t.Error("items with an error")
		}
		for _, r := range items {
			if !isCanonicalOrEmpty(r.CustomerTenantID) || !isCanonicalOrEmpty(r.IndirectProviderTenantID) {
				t.Errorf("relationship %+v", r)
			}
			if known := slices.Contains(AdminRelationshipStatuses, r.Status.Value); r.Status.Value != "" && r.Status.Value != Unknown && !known {
				t.Errorf("status %+v", r.Status)
			}
		}
	})
}

func FuzzParseContractsPage(f *testing.F) {
	seedFixtures(f, "graph")
	f.Fuzz(func(t *testing.T, body []byte) {
		items, _, _ := ParseContractsPage(body)
		for _, c := range items {
			if !isCanonicalOrEmpty(c.CustomerID) {
				t.Errorf("contract %+v", c)
			}
		}
	})
}

func FuzzParseOrganization(f *testing.F) {
	seedFixtures(f, "graph")
	f.Fuzz(func(t *testing.T, body []byte) {
		org, err := ParseOrganization(body)
		if err == nil && (org.TenantID == "" || !isCanonicalOrEmpty(org.TenantID)) {
			t.Errorf("organization %+v", org)
		}
	})
}

func FuzzParseGraphError(f *testing.F) {
	seedFixtures(f, "graph")
	f.Add([]byte(`{"error":{"code":42}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ParseGraphError(body)
	})
}

func FuzzParseCustomer(f *testing.F) {
	seedFixtures(f, "pc")
	f.Fuzz(func(t *testing.T, body []byte) {
		c, err := ParseCustomer(body)
		if err == nil && (c.TenantID == "" || !isCanonicalOrEmpty(c.TenantID)) {
			t.Errorf("customer %+v", c)
		}
	})
}

func FuzzParseRelationshipsPage(f *testing.F) {
	seedFixtures(f, "pc")
	f.Fuzz(func(t *testing.T, body []byte) {
		items, _, _ := ParseRelationshipsPage(body)
		for _, r := range items {
			if !isCanonicalOrEmpty(r.TenantID) {
				t.Errorf("relationship %+v", r)
			}
		}
	})
}

func FuzzParsePartnerCenterError(f *testing.F) {
	seedFixtures(f, "pc")
	f.Add([]byte(`{"code":1e400}`))
	f.Add([]byte(`{"code":-0.5e-3,"description":7}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ParsePartnerCenterError(body)
	})
}

// FuzzParseRoot: whatever is accepted is https, or http to a loopback address, with no user,
// query or fragment, and prints back as a URL that is accepted again unchanged.
func FuzzParseRoot(f *testing.F) {
	for _, s := range []string{"https://graph.microsoft.com", "http://127.0.0.1:8080/x", "http://[::1]/", "http://localhost",
		"http://0.0.0.0", "https://u@h", "http://127.0.0.1@evil.example", "http://evil.example#@127.0.0.1", "http://127.0.0.1%2f@x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseRoot(s)
		if err != nil {
			return
		}
		if u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Scheme == "http" && !IsLoopbackHost(u.Hostname()) ||
			u.Scheme != "http" && u.Scheme != "https" || strings.ContainsAny(u.String(), " \t\r\n") {
			t.Errorf("ParseRoot(%q) accepted %v", s, u)
		}
		if again, err := ParseRoot(u.String()); err != nil || again.String() != u.String() {
			t.Errorf("ParseRoot(%q) = %v, not stable: %v, %v", s, u, again, err)
		}
	})
}

// FuzzNewToken: an accepted token is printable ASCII without white space; no token shows in
// the claims read from it or in an error about it.
func FuzzNewToken(f *testing.F) {
	f.Add("eyJ0eXAiOiJKV1QifQ.eyJ0aWQiOiJ4Iiwic2NwIjoiYSBiIn0.c2ln")
	f.Add("a b")
	f.Add("é")
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := NewToken(s)
		if err != nil {
			if len(s) > 3 && strings.Contains(err.Error(), s) {
				t.Errorf("the error shows the token: %v", err)
			}
			return
		}
		for i := 0; i < len(s); i++ {
			if s[i] <= ' ' || s[i] >= 0x7f {
				t.Errorf("accepted %q", s)
			}
		}
		tok.Claims()
	})
}
