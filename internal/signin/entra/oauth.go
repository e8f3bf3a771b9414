package entra

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/signin"
)

// tokenResponse is the token endpoint's answer (docs/sources.md, "The sign-in"): an access
// token for one resource, how long it lasts, and where asked for, a refresh token and an ID
// token.
type tokenResponse struct {
	AccessToken  microsoft.Token
	ExpiresIn    time.Duration
	RefreshToken string
	IDToken      string
}

// oauthError is the sign-in service's error answer: the OAuth error, Microsoft's AADSTS
// numbers, and the description (which is for developers: cspfix keeps only its codes).
type oauthError struct {
	Code        string
	Description string
	Codes       []string // the numbers of the AADSTS codes
}

func (e *oauthError) Error() string { return "sign-in service: " + e.Code }

// Bounds of what an answer may hold; real ones are far smaller.
const (
	maxTokenLen   = 64 << 10
	defaultExpiry = 5 * time.Minute
	maxExpiry     = 24 * time.Hour
)

// constError is an error that is a constant: nothing is made at start-up.
type constError string

func (e constError) Error() string { return string(e) }

const errNotAnAnswer = constError("not an answer of the sign-in service")

// parseTokenResponse reads the token endpoint's answer: a token (status 200) or an error. It
// never puts a part of the answer in its errors, so that no token can reach an output.
func parseTokenResponse(status int, body []byte) (tokenResponse, *oauthError, error) {
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	if status != http.StatusOK {
		e, ok := parseOAuthError(body)
		if !ok {
			return tokenResponse{}, nil, errNotAnAnswer
		}
		return tokenResponse{}, e, nil
	}
	var raw struct {
		AccessToken  string          `json:"access_token"`
		TokenType    string          `json:"token_type"`
		ExpiresIn    json.RawMessage `json:"expires_in"`
		RefreshToken string          `json:"refresh_token"`
		IDToken      string          `json:"id_token"`
		Error        string          `json:"error"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return tokenResponse{}, nil, errNotAnAnswer
	}
	if raw.Error != "" {
		e, _ := parseOAuthError(body)
		return tokenResponse{}, e, nil
	}
	if raw.TokenType != "" && !strings.EqualFold(raw.TokenType, "Bearer") {
		return tokenResponse{}, nil, errors.New("the sign-in service gave no bearer token")
	}
	if len(raw.AccessToken) > maxTokenLen || len(raw.RefreshToken) > maxTokenLen || len(raw.IDToken) > maxTokenLen {
		return tokenResponse{}, nil, errors.New("the sign-in service's answer is too large")
	}
	tok, err := microsoft.NewToken(raw.AccessToken)
	if err != nil {
		return tokenResponse{}, nil, errors.New("the sign-in service gave no usable access token")
	}
	if raw.RefreshToken != "" && !printableASCII(raw.RefreshToken) {
		return tokenResponse{}, nil, errors.New("the sign-in service gave no usable refresh token")
	}
	return tokenResponse{AccessToken: tok, ExpiresIn: expiresIn(raw.ExpiresIn), RefreshToken: raw.RefreshToken, IDToken: raw.IDToken}, nil, nil
}

// expiresIn reads expires_in, a number of seconds (some services write it as a string). A
// missing or odd value counts as a short lifetime: the token is asked for again sooner.
func expiresIn(raw json.RawMessage) time.Duration {
	d, ok := seconds(raw, maxExpiry)
	if !ok {
		return defaultExpiry
	}
	return d
}

// seconds reads a positive number of seconds, a JSON number or a string of digits, at most
// limit; ok is false when there is none.
func seconds(raw json.RawMessage, limit time.Duration) (time.Duration, bool) {
	s := strings.TrimSpace(string(raw))
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	if !isDigits(s) {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	if n > int64(limit/time.Second) {
		return limit, true
	}
	return time.Duration(n) * time.Second, true
}

// parseOAuthError reads an error answer: error, error_description, error_codes (numbers).
func parseOAuthError(body []byte) (*oauthError, bool) {
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	var raw struct {
		Error       string            `json:"error"`
		Description string            `json:"error_description"`
		Codes       []json.RawMessage `json:"error_codes"`
	}
	if json.Unmarshal(body, &raw) != nil || raw.Error == "" {
		return nil, false
	}
	e := &oauthError{Code: cutString(raw.Error, 80), Description: cutString(raw.Description, 2000)}
	for _, c := range raw.Codes {
		if n := strings.Trim(string(c), `"`); isDigits(n) && len(n) <= 8 && len(e.Codes) < 8 {
			e.Codes = append(e.Codes, n)
		}
	}
	return e, true
}

// classify names the reason of an error answer: Microsoft's AADSTS numbers first, then the
// OAuth error. fallback is the reason when neither says more.
func (e *oauthError) classify(fallback signin.Reason) *signin.Error {
	codes := e.Codes
	if len(codes) == 0 {
		// Older answers carry the code only in the description ("AADSTS70011: …").
		codes = aadstsNumbers(e.Description)
	}
	for _, n := range codes {
		if r, ok := signin.ReasonOfCode(n); ok {
			return &signin.Error{Reason: r, Code: "AADSTS" + n}
		}
	}
	r := fallback
	switch e.Code {
	case "access_denied", "authorization_declined":
		r = signin.ReasonCancelled
	case "expired_token":
		r = signin.ReasonExpired
	case "consent_required":
		r = signin.ReasonConsent
	case "invalid_grant", "interaction_required", "login_required":
		r = signin.ReasonSignInRequired
	}
	out := &signin.Error{Reason: r}
	if len(codes) > 0 {
		out.Code = "AADSTS" + codes[0]
	} else if r == fallback {
		out.Detail = safeWord(e.Code)
	}
	return out
}

// tokenRequest posts form to the token endpoint and reads the answer.
func (c *credential) tokenRequest(ctx context.Context, form url.Values) (tokenResponse, error) {
	status, body, err := c.post(ctx, c.endpoint("token"), form)
	if err != nil {
		return tokenResponse{}, err
	}
	tr, oe, err := parseTokenResponse(status, body)
	switch {
	case oe != nil:
		return tokenResponse{}, oe.classify(signin.ReasonFailed)
	case err != nil:
		return tokenResponse{}, &signin.Error{Reason: signin.ReasonFailed, Detail: answerDetail(status)}
	}
	return tr, nil
}

// post sends a form to the sign-in service and returns the status and the answer (at most
// maxAnswer bytes). A failed connection is an *signin.Error of reason network.
func (c *credential) post(ctx context.Context, endpoint string, form url.Values) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, nil, &signin.Error{Reason: signin.ReasonFailed, Detail: "the request cannot be made"}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := c.cfg.Client.Do(req)
	if err != nil {
		return 0, nil, c.stopped(ctx, networkError(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err != nil {
		return 0, nil, c.stopped(ctx, networkError(err))
	}
	if len(body) > maxAnswer {
		return 0, nil, &signin.Error{Reason: signin.ReasonFailed, Detail: "the sign-in service's answer is too large"}
	}
	return resp.StatusCode, body, nil
}

// answerDetail says what an answer that is no token and no error was.
func answerDetail(status int) string {
	if status == http.StatusOK {
		return "the sign-in service's answer cannot be read"
	}
	return "the sign-in service answered HTTP " + strconv.Itoa(status)
}

// networkError names a failed connection in a few words: the request's address and body stay
// out (the body holds codes and tokens; the address none, but it is noise).
func networkError(err error) *signin.Error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var dns *net.DNSError
	var op *net.OpError
	detail := ""
	switch {
	case errors.As(err, &dns):
		detail = "no such host"
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		detail = "timeout"
	case errors.As(err, &op):
		detail = "connection failed"
		if strings.Contains(op.Err.Error(), "refused") {
			detail = "connection refused"
		}
	default:
		detail = "connection failed"
	}
	return &signin.Error{Reason: signin.ReasonNetwork, Detail: detail}
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// aadstsNumbers finds "AADSTS" and 5 to 7 digits in a text.
func aadstsNumbers(s string) []string {
	var out []string
	for len(out) < 8 {
		i := strings.Index(s, "AADSTS")
		if i < 0 {
			break
		}
		s = s[i+len("AADSTS"):]
		n := 0
		for n < len(s) && n < 8 && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n >= 5 && n <= 7 {
			out = append(out, s[:n])
		}
		s = s[n:]
	}
	return out
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// safeWord keeps an OAuth error code as a detail only when it is one (letters, digits and
// underscores): anything else is not shown.
func safeWord(s string) string {
	if s == "" || len(s) > 64 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return ""
		}
	}
	return s
}

// printableASCII reports whether s has only printable ASCII characters and no space: what a
// refresh token or a code may hold.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

func cutString(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
