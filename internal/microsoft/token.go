package microsoft

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is a bearer token. However it is printed, logged or encoded it shows as [token]: only
// the Authorization header of a request carries its value (SECURITY.md).
type Token struct{ value string }

const redacted = "[token]"

func (Token) String() string               { return redacted }
func (Token) GoString() string             { return redacted }
func (Token) Format(f fmt.State, _ rune)   { io.WriteString(f, redacted) }
func (Token) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }
func (Token) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// IsZero reports whether there is no token.
func (t Token) IsZero() bool { return t.value == "" }

// Authorization is the value of the Authorization header.
func (t Token) Authorization() string { return "Bearer " + t.value }

// Scrub replaces the token wherever it appears in s: a service that echoes the request in its
// error must not make cspfix show it.
func (t Token) Scrub(s string) string {
	if t.value == "" || !strings.Contains(s, t.value) {
		return s
	}
	return strings.ReplaceAll(s, t.value, redacted)
}

// TokenError is a token that cannot be sent: empty, or with white space, control, format or
// non-ASCII characters (a header could not carry them). It says where, never what.
type TokenError struct {
	Pos    int // 1-based character position of the first bad character; 0 when empty
	Reason string
}

// Reasons a token is refused.
const (
	TokenEmpty    = "empty"
	TokenSpace    = "space"
	TokenControl  = "control"
	TokenNonASCII = "non_ascii"
)

func (e *TokenError) Error() string { return fmt.Sprintf("token refused: %s at %d", e.Reason, e.Pos) }

// NewToken takes a bearer token as is: what CSPFIX_GRAPH_TOKEN or a sign-in gave. It is not
// trimmed (a token with white space around it is a pasting mistake to show, not to mend).
func NewToken(s string) (Token, error) {
	if s == "" {
		return Token{}, &TokenError{Reason: TokenEmpty}
	}
	pos := 0
	for i, r := range s {
		pos++
		switch {
		case unicode.IsSpace(r):
			return Token{}, &TokenError{Pos: pos, Reason: TokenSpace}
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return Token{}, &TokenError{Pos: pos, Reason: TokenControl}
		case r >= utf8.RuneSelf || s[i] >= utf8.RuneSelf:
			// Also a byte that is not UTF-8 (decoded as U+FFFD).
			return Token{}, &TokenError{Pos: pos, Reason: TokenNonASCII}
		}
	}
	return Token{value: s}, nil
}

// TokenSource gives the token for one service. A source that signs in returns an *Error of
// kind KindSignInRequired (or another kind) when it cannot give one without asking the person.
type TokenSource interface {
	Token(ctx context.Context) (Token, error)
}

// StaticToken is a token given as is (CSPFIX_GRAPH_TOKEN, CSPFIX_PARTNER_CENTER_TOKEN).
type StaticToken struct{ T Token }

func (s StaticToken) Token(context.Context) (Token, error) { return s.T, nil }

// Claims are what an access token says about itself, read without checking its signature:
// only to say which lookups it allows and which tenant it is for. They are never a gate — the
// service decides — and never contain the token.
type Claims struct {
	TenantID  string   // tid
	Scopes    []string // scp, the delegated permissions
	Roles     []string // roles, application permissions (not used by cspfix's sign-in)
	Methods   []string // amr: how the user signed in ("pwd", "mfa", …)
	Username  string   // upn, or preferred_username, or unique_name
	Audience  string   // aud
	ExpiresAt int64    // exp, seconds since 1970
}

// HasScope reports whether the claims list a delegated permission, letter case aside.
func (c Claims) HasScope(name string) bool {
	for _, s := range c.Scopes {
		if strings.EqualFold(s, name) {
			return true
		}
	}
	return false
}

// MFA reports whether the sign-in used multi-factor authentication, as far as the token says.
func (c Claims) MFA() bool {
	for _, m := range c.Methods {
		if strings.EqualFold(m, "mfa") {
			return true
		}
	}
	return false
}

// Claims reads the token's claims when it is a JWT; ok is false when it is not (an opaque
// token is fine: the service will say what it allows).
func (t Token) Claims() (Claims, bool) {
	payload, ok := jwtPayload(t.value)
	if !ok {
		return Claims{}, false
	}
	return parseClaims(payload)
}

// jwtPayload returns the middle part of a JWT, decoded.
func jwtPayload(tok string) (string, bool) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 || len(parts[1]) > 64<<10 {
		return "", false
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return "", false
	}
	return string(b), true
}

// parseClaims reads the claims cspfix uses from a JWT's payload.
func parseClaims(payload string) (Claims, bool) {
	var raw struct {
		TID        string          `json:"tid"`
		SCP        string          `json:"scp"`
		Roles      []string        `json:"roles"`
		AMR        []string        `json:"amr"`
		UPN        string          `json:"upn"`
		Preferred  string          `json:"preferred_username"`
		UniqueName string          `json:"unique_name"`
		Aud        json.RawMessage `json:"aud"`
		Exp        json.Number     `json:"exp"`
	}
	if err := json.Unmarshal([]byte(payload), &raw); err != nil {
		return Claims{}, false
	}
	c := Claims{TenantID: raw.TID, Scopes: strings.Fields(raw.SCP), Roles: raw.Roles, Methods: raw.AMR}
	for _, name := range []string{raw.UPN, raw.Preferred, raw.UniqueName} {
		if name != "" {
			c.Username = name
			break
		}
	}
	var aud string
	if json.Unmarshal(raw.Aud, &aud) == nil {
		c.Audience = aud
	}
	if n, err := raw.Exp.Int64(); err == nil {
		c.ExpiresAt = n
	}
	return c, true
}
