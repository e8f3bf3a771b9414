package oidc

import (
	"os"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
)

// FuzzParseAnswer: whatever the sign-in service answers, a document yields a canonical tenant
// ID or a classified failure, never both, and never a panic.
func FuzzParseAnswer(f *testing.F) {
	for _, name := range []string{"commercial-eu.json", "commercial-ww.json", "unknown-domain.json", "us-government.json"} {
		b, err := os.ReadFile("../testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(200, b)
		f.Add(400, b)
		f.Add(200, append([]byte("\xef\xbb\xbf"), b...))
	}
	f.Add(400, []byte(`{"error_codes":["90002"]}`))
	f.Add(400, []byte(`{"error_codes":[9.0002e4]}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		res, kind, _ := parseAnswer(status, body)
		if kind == "" {
			if id := diagnose.CheckTenantID(res.TenantID); status != 200 || !id.Valid || id.Canonical != res.TenantID {
				t.Errorf("status %d gave %+v", status, res)
			}
		} else if res != (diagnose.Resolution{}) {
			t.Errorf("a failure with a result: %s %+v", kind, res)
		}
	})
}
