package entra

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The parsers of what the sign-in service, the Azure CLI and the store give: they never panic,
// what they accept is usable as they promise, and their errors never carry a part of the
// answer (which may be a token).

func FuzzParseTokenResponse(f *testing.F) {
	f.Add(200, []byte(`{"token_type":"Bearer","scope":"User.Read","expires_in":3599,"access_token":"eyJ0.eyJ0aWQiOiJ4In0.c2ln","refresh_token":"0.AXo","id_token":"a.b.c"}`))
	f.Add(200, []byte("\xef\xbb\xbf"+`{"access_token":"x","expires_in":"3599"}`))
	f.Add(400, []byte(`{"error":"invalid_grant","error_description":"AADSTS70008: expired","error_codes":[70008]}`))
	f.Add(400, []byte(`{"error":"authorization_pending","error_codes":["70016"]}`))
	f.Add(200, []byte(`{"error":"invalid_scope"}`))
	f.Add(502, []byte(`<html>bad gateway</html>`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		tr, oe, err := parseTokenResponse(status, body)
		switch {
		case err != nil:
			if oe != nil || !tr.AccessToken.IsZero() {
				t.Fatal("an error with a result")
			}
			if s := err.Error(); len(body) > 8 && strings.Contains(s, string(body)) {
				t.Fatalf("the error holds the answer: %s", s)
			}
		case oe != nil:
			if oe.Code == "" || len(oe.Codes) > 8 {
				t.Fatalf("%+v", oe)
			}
			for _, c := range oe.Codes {
				if !isDigits(c) {
					t.Fatalf("code %q", c)
				}
			}
			e := oe.classify("failed")
			if e.Code != "" && !strings.HasPrefix(e.Code, "AADSTS") || e.Detail != "" && safeWord(e.Detail) != e.Detail {
				t.Fatalf("%+v", e)
			}
		default:
			if status != 200 || tr.AccessToken.IsZero() || tr.ExpiresIn <= 0 || tr.ExpiresIn > maxExpiry ||
				tr.RefreshToken != "" && !printableASCII(tr.RefreshToken) {
				t.Fatalf("%d %+v", status, tr)
			}
		}
	})
}

func FuzzParseIDToken(f *testing.F) {
	f.Add("eyJhbGciOiJSUzI1NiJ9." + b64(map[string]any{"tid": partnerTenant, "oid": userOID, "preferred_username": userName, "aud": clientID, "nonce": "n"}) + ".sig")
	f.Add("eyJhbGciOiJub25lIn0." + b64(map[string]any{"aud": []string{clientID, "x"}, "upn": "a@b"}) + ".")
	f.Add("a.b")
	f.Add("..")
	f.Add("a.eyJ0aWQiOjF9.c")
	f.Fuzz(func(t *testing.T, tok string) {
		c, ok := parseIDToken(tok)
		if !ok {
			if c != (idClaims{}) {
				t.Fatal("claims without a token")
			}
			return
		}
		if strings.Count(tok, ".") != 2 || len(c.TenantID) > 64 || len(c.ObjectID) > 64 || len(c.Username) > 256 || len(c.Audience) > 256 || len(c.Nonce) > 256 {
			t.Fatalf("%q: %+v", tok, c)
		}
	})
}

func FuzzParseDeviceAuthorization(f *testing.F) {
	f.Add([]byte(`{"device_code":"GMMhmHCX","user_code":"ABCD-EFGH","verification_uri":"https://microsoft.com/devicelogin","expires_in":900,"interval":5,"message":"…"}`))
	f.Add([]byte(`{"device_code":"x","user_code":"y","verification_url":"https://aka.ms/devicelogin","expires_in":"900","interval":"5"}`))
	f.Add([]byte(`{"device_code":"x","user_code":"y","verification_uri":"javascript:alert(1)"}`))
	f.Add([]byte(`{"device_code":"x","user_code":"y","verification_uri":"https://a","interval":0,"expires_in":99999999999}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		d, err := parseDeviceAuthorization(body)
		if err != nil {
			if len(body) > 8 && strings.Contains(err.Error(), string(body)) {
				t.Fatal("the error holds the answer")
			}
			return
		}
		if !strings.HasPrefix(d.VerificationURI, "https://") || !printableASCII(d.UserCode) || !printableASCII(d.DeviceCode) ||
			d.Interval < time.Second || d.Interval > maxInterval || d.ExpiresIn <= 0 || d.ExpiresIn > maxDeviceCodeWait {
			t.Fatalf("%+v", d)
		}
	})
}

func FuzzParseAzureCLIToken(f *testing.F) {
	f.Add([]byte(`{"accessToken":"eyJ0.eyJ0.c2ln","expiresOn":"2026-11-20 12:59:10.000000","expires_on":1795697950,"subscription":"s","tenant":"t","tokenType":"Bearer"}`))
	f.Add([]byte(`{"accessToken":"x","expiresOn":"2026-11-20 12:59:10.123456"}`))
	f.Add([]byte(`{"accessToken":"x","expires_on":"99999999999999999999"}`))
	f.Fuzz(func(t *testing.T, out []byte) {
		tok, _, ok := parseAzureCLIToken(out)
		if ok == tok.IsZero() {
			t.Fatalf("ok %v with token %v", ok, !tok.IsZero())
		}
	})
}

func FuzzDecodeSecret(f *testing.F) {
	f.Add(testSecret())
	f.Add([]byte(`{"version":1,"client_id":"c","tenant_id":"t","refresh_token":"r"} {}`))
	f.Add([]byte(`{"version":1,"client_id":"c","tenant_id":"t","refresh_token":"r\u0000"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, ok := decodeSecret(data)
		if !ok {
			return
		}
		if s.Version != secretVersion || s.ClientID == "" || s.TenantID == "" || !printableASCII(s.RefreshToken) || !utf8.ValidString(s.ClientID) {
			t.Fatalf("%+v", s)
		}
		// What is accepted survives a round trip.
		b, err := s.encode()
		if err != nil {
			t.Fatal(err)
		}
		if back, ok := decodeSecret(b); !ok || back != s {
			t.Fatalf("%+v → %+v", s, back)
		}
		var m map[string]any
		if json.Unmarshal(b, &m) != nil {
			t.Fatal("not JSON")
		}
	})
}
