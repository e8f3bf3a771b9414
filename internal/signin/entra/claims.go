package entra

import (
	"encoding/base64"
	"encoding/json"
	"strings"
)

// idClaims are what cspfix reads of an ID token (docs/sources.md, "The sign-in"): the tenant,
// the user's object ID and name, the app it was issued to, and the nonce of the sign-in.
//
// They are read WITHOUT checking the token's signature, and only to compare (the tenant with
// the pinned one, the app with login.client_id, the nonce with the sign-in's) and to show who
// signed in: the token came straight from the sign-in service over TLS, and nothing is
// granted on the strength of it — the services check the access tokens themselves.
type idClaims struct {
	TenantID string // tid
	ObjectID string // oid
	Username string // preferred_username, else upn, else email
	Audience string // aud: the app (client) ID
	Nonce    string // nonce
}

// maxClaims bounds the decoded payload of a token: real ones have a few kilobytes.
const maxClaims = 48 << 10

// parseIDToken reads the claims of a JWT (header.payload.signature); ok is false when it is
// not one or its payload is not a JSON object.
func parseIDToken(tok string) (idClaims, bool) {
	if len(tok) > 4*maxClaims/3+2*1024 {
		return idClaims{}, false
	}
	first := strings.IndexByte(tok, '.')
	if first < 0 {
		return idClaims{}, false
	}
	rest := tok[first+1:]
	second := strings.IndexByte(rest, '.')
	if second < 0 || strings.IndexByte(rest[second+1:], '.') >= 0 {
		return idClaims{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(rest[:second], "="))
	if err != nil || len(payload) > maxClaims {
		return idClaims{}, false
	}
	var raw struct {
		TID       string          `json:"tid"`
		OID       string          `json:"oid"`
		Preferred string          `json:"preferred_username"`
		UPN       string          `json:"upn"`
		Email     string          `json:"email"`
		Aud       json.RawMessage `json:"aud"`
		Nonce     string          `json:"nonce"`
	}
	if json.Unmarshal(payload, &raw) != nil {
		return idClaims{}, false
	}
	c := idClaims{TenantID: cutString(raw.TID, 64), ObjectID: cutString(raw.OID, 64), Nonce: cutString(raw.Nonce, 256)}
	for _, name := range []string{raw.Preferred, raw.UPN, raw.Email} {
		if name != "" {
			c.Username = cutString(name, 256)
			break
		}
	}
	// aud is one string in Microsoft's ID tokens; the JWT standard allows a list.
	var aud string
	if json.Unmarshal(raw.Aud, &aud) == nil {
		c.Audience = cutString(aud, 256)
	} else {
		var auds []string
		if json.Unmarshal(raw.Aud, &auds) == nil && len(auds) > 0 {
			c.Audience = cutString(auds[0], 256)
		}
	}
	return c, true
}
