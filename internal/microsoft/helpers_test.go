package microsoft

import (
	"testing"

	"github.com/cspfix/cspfix/internal/testkit/msfake"
	"github.com/cspfix/cspfix/scenarios"
)

func catalog() *scenarios.Catalog { return scenarios.Embedded() }

func langOf(s string) scenarios.Lang { return scenarios.Lang(s) }

// jwt makes an unsigned token with the given claims: enough for the claims cspfix reads.
func jwt(t *testing.T, claims map[string]any) Token {
	t.Helper()
	tok, err := NewToken(msfake.UnsignedJWT(t, claims))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}
