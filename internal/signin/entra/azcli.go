package entra

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os/exec"
	"strings"
	"time"

	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/signin"
)

// Bounds of a run of the Azure CLI: it is a Python program that may take seconds to start.
const (
	azureCLITimeout = 30 * time.Second
	maxAzureCLIOut  = 1 << 20
	maxAzureCLIErr  = 64 << 10
)

// azureCLI takes the Azure CLI's sign-in (az login) as it is: every token is asked of
// `az account get-access-token`; az keeps and renews its own tokens.
type azureCLI struct {
	cfg    Config
	tenant string // the pinned tenant, the account's, or "organizations" (az's own choice)
}

func (a *azureCLI) Authenticate(context.Context, string) (signin.Account, error) {
	return signin.Account{}, &signin.Error{Reason: signin.ReasonFailed, Detail: "this credential cannot sign in by itself"}
}

// azureCLIArgs are the arguments of az for a token for scope: a ".default" scope as the
// resource (what every version of az takes), any other as a scope; the tenant unless the
// sign-in goes to whichever tenant az is signed in to. Every value must be one cspfix can pass
// without a shell and without a character that cmd.exe would read (az is az.cmd on Windows):
// letters, digits and . : / _ - only.
func azureCLIArgs(scope, tenant string) ([]string, error) {
	args := []string{"account", "get-access-token", "--output", "json"}
	if resource, ok := strings.CutSuffix(scope, "/.default"); ok {
		args = append(args, "--resource", resource)
	} else {
		args = append(args, "--scope", scope)
	}
	if tenant != "" && tenant != "organizations" && tenant != "common" {
		args = append(args, "--tenant", tenant)
	}
	for _, a := range args {
		if !plainArg(a) {
			return nil, &signin.Error{Reason: signin.ReasonFailed, Detail: "not a value to pass to the Azure CLI"}
		}
	}
	return args, nil
}

func plainArg(s string) bool {
	if s == "" || s[0] == '-' && !strings.HasPrefix(s, "--") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(".:/_-", c) >= 0) {
			return false
		}
	}
	return true
}

func (a *azureCLI) Token(ctx context.Context, scope string) (signin.AccessToken, error) {
	args, err := azureCLIArgs(scope, a.tenant)
	if err != nil {
		return signin.AccessToken{}, err
	}
	az := a.cfg.AzureCLI
	if az == "" {
		if az, err = exec.LookPath("az"); err != nil {
			return signin.AccessToken{}, &signin.Error{Reason: signin.ReasonAzureCLI, Detail: "az_missing"}
		}
	}
	runCtx, cancel := context.WithTimeout(ctx, azureCLITimeout)
	defer cancel()
	// No shell: az and its arguments as they are. Its output holds the token: it is read here
	// and never shown; its error output is used only to name the cause.
	cmd := exec.CommandContext(runCtx, az, args...)
	var stdout, stderr limitedBuffer
	stdout.max, stderr.max = maxAzureCLIOut, maxAzureCLIErr
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, &stdout, &stderr
	cmd.WaitDelay = time.Second
	runErr := cmd.Run()
	if cause := context.Cause(ctx); cause != nil {
		return signin.AccessToken{}, cause
	}
	switch {
	case errors.Is(runErr, exec.ErrNotFound):
		return signin.AccessToken{}, &signin.Error{Reason: signin.ReasonAzureCLI, Detail: "az_missing"}
	case runCtx.Err() != nil:
		return signin.AccessToken{}, &signin.Error{Reason: signin.ReasonAzureCLI, Detail: "timeout"}
	case runErr != nil:
		return signin.AccessToken{}, azureCLIFailure(stderr.String())
	case stdout.over:
		return signin.AccessToken{}, &signin.Error{Reason: signin.ReasonAzureCLI, Detail: "the Azure CLI's answer is too large"}
	}
	tok, expires, ok := parseAzureCLIToken(stdout.Bytes())
	if !ok {
		return signin.AccessToken{}, &signin.Error{Reason: signin.ReasonAzureCLI, Detail: "the Azure CLI's answer cannot be read"}
	}
	now := a.cfg.Now()
	if expires.IsZero() || expires.Before(now) {
		expires = now.Add(defaultExpiry)
	}
	return signin.AccessToken{Token: tok, ExpiresOn: expires}, nil
}

// azureCLIFailure names why az failed from its error output: an AADSTS code where there is
// one, "not signed in", or the Azure CLI in general. The output itself is not kept.
func azureCLIFailure(stderr string) *signin.Error {
	for _, n := range aadstsNumbers(stderr) {
		if r, ok := signin.ReasonOfCode(n); ok {
			return &signin.Error{Reason: r, Code: "AADSTS" + n}
		}
	}
	if strings.Contains(stderr, "az login") {
		return &signin.Error{Reason: signin.ReasonAzureCLI, Detail: "az_login"}
	}
	return &signin.Error{Reason: signin.ReasonAzureCLI}
}

// parseAzureCLIToken reads the answer of `az account get-access-token -o json`: accessToken,
// and its expiry as expires_on (seconds since 1970, Azure CLI 2.54 and later), else expiresOn
// (local time, "2006-01-02 15:04:05.000000").
func parseAzureCLIToken(out []byte) (microsoft.Token, time.Time, bool) {
	out = bytes.TrimPrefix(out, []byte("\xef\xbb\xbf"))
	var raw struct {
		AccessToken string          `json:"accessToken"`
		ExpiresOn   string          `json:"expiresOn"`
		ExpiresUnix json.RawMessage `json:"expires_on"`
		TokenType   string          `json:"tokenType"`
	}
	if json.Unmarshal(out, &raw) != nil || len(raw.AccessToken) > maxTokenLen {
		return microsoft.Token{}, time.Time{}, false
	}
	if raw.TokenType != "" && !strings.EqualFold(raw.TokenType, "Bearer") {
		return microsoft.Token{}, time.Time{}, false
	}
	tok, err := microsoft.NewToken(raw.AccessToken)
	if err != nil {
		return microsoft.Token{}, time.Time{}, false
	}
	var expires time.Time
	if n, ok := seconds(raw.ExpiresUnix, 100*365*24*time.Hour); ok {
		expires = time.Unix(int64(n/time.Second), 0)
	} else if t, err := time.ParseInLocation("2006-01-02 15:04:05.999999", raw.ExpiresOn, time.Local); err == nil {
		expires = t
	}
	return tok, expires, true
}

// limitedBuffer keeps at most max bytes of what is written to it and notes when there was
// more (the writer never fails, so that the program is not stopped by a broken pipe). The
// buffer is a field, not embedded: io.Copy would use an embedded buffer's ReadFrom and pass
// by the limit.
type limitedBuffer struct {
	buf  bytes.Buffer
	max  int
	over bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); room < len(p) {
		b.over = true
		if room > 0 {
			b.buf.Write(p[:room])
		}
		return len(p), nil
	}
	return b.buf.Write(p)
}

func (b *limitedBuffer) Bytes() []byte  { return b.buf.Bytes() }
func (b *limitedBuffer) String() string { return b.buf.String() }
