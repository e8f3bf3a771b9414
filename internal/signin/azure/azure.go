// Package azure makes cspfix's sign-in with Microsoft's own library, azidentity: the browser
// (InteractiveBrowserCredential), the device code (DeviceCodeCredential) and the Azure CLI
// (AzureCLICredential), with the tokens in the system's protected store where there is one
// (azidentity/cache; docs/microsoft-access.md "Where the tokens are kept").
//
// Only `cspfix login` and the lookups call into it: nothing here runs at start-up.
package azure

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/pkg/browser"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/signin"
)

// testTransport, when a test sets it, answers every request of the sign-in library in place
// of Microsoft's services.
var testTransport policy.Transporter

// New makes a credential for the options: signin.Factory.
func New(o signin.Options) (signin.Credential, error) {
	client := azcore.ClientOptions{Cloud: cloudOf(o.Endpoints.Cloud), Transport: testTransport}
	var record azidentity.AuthenticationRecord
	if a := o.Account; a != nil {
		record = azidentity.AuthenticationRecord{Authority: a.Authority, ClientID: a.ClientID, HomeAccountID: a.HomeAccountID,
			TenantID: a.TenantID, Username: a.Username, Version: a.Version}
	}
	var tokenCache azidentity.Cache
	if o.Persistent {
		c, err := persistentCache()
		if err != nil {
			return nil, signin.Classify(err, signin.ReasonNoStore)
		}
		tokenCache = c
	}
	switch o.Method {
	case signin.MethodBrowser:
		// The browser opener prints to stdout by default: cspfix's output is data.
		progress := o.Progress
		if progress == nil {
			progress = io.Discard
		}
		browser.Stdout, browser.Stderr = progress, progress
		c, err := azidentity.NewInteractiveBrowserCredential(&azidentity.InteractiveBrowserCredentialOptions{
			ClientOptions: client, ClientID: o.ClientID, TenantID: o.Tenant, AuthenticationRecord: record,
			Cache: tokenCache, DisableAutomaticAuthentication: !o.Interactive,
		})
		if err != nil {
			return nil, signin.Classify(err, signin.ReasonFailed)
		}
		return &credential{c: c, auth: c.Authenticate, method: o.Method}, nil
	case signin.MethodDeviceCode:
		show := o.DeviceCode
		c, err := azidentity.NewDeviceCodeCredential(&azidentity.DeviceCodeCredentialOptions{
			ClientOptions: client, ClientID: o.ClientID, TenantID: o.Tenant, AuthenticationRecord: record,
			Cache: tokenCache, DisableAutomaticAuthentication: !o.Interactive,
			// The library's own prompt prints to stdout: never let it.
			UserPrompt: func(ctx context.Context, m azidentity.DeviceCodeMessage) error {
				if show == nil {
					return errors.New("no way to show the device code")
				}
				return show(m.VerificationURL, m.UserCode)
			},
		})
		if err != nil {
			return nil, signin.Classify(err, signin.ReasonFailed)
		}
		return &credential{c: c, auth: c.Authenticate, method: o.Method}, nil
	case signin.MethodAzureCLI:
		opts := &azidentity.AzureCLICredentialOptions{}
		if o.Tenant != "organizations" {
			opts.TenantID = o.Tenant
		}
		c, err := azidentity.NewAzureCLICredential(opts)
		if err != nil {
			return nil, signin.Classify(err, signin.ReasonAzureCLI)
		}
		return &credential{c: c, method: o.Method}, nil
	}
	return nil, &signin.Error{Reason: signin.ReasonFailed, Detail: "unknown sign-in method " + string(o.Method)}
}

// cloudOf is azcore's configuration of a cloud.
func cloudOf(c diagnose.Cloud) cloud.Configuration {
	switch c {
	case diagnose.CloudUSGovernment:
		return cloud.AzureGovernment
	case diagnose.CloudChina:
		return cloud.AzureChina
	}
	return cloud.AzurePublic
}

// credential adapts an azidentity credential to signin.Credential.
type credential struct {
	c      azcore.TokenCredential
	auth   func(context.Context, *policy.TokenRequestOptions) (azidentity.AuthenticationRecord, error)
	method signin.Method
}

func (c *credential) Authenticate(ctx context.Context, scope string) (signin.Account, error) {
	if c.auth == nil {
		return signin.Account{}, &signin.Error{Reason: signin.ReasonFailed, Detail: "this credential cannot sign in by itself"}
	}
	r, err := c.auth(ctx, &policy.TokenRequestOptions{Scopes: []string{scope}})
	if err != nil {
		return signin.Account{}, c.classify(err)
	}
	return signin.Account{Authority: r.Authority, ClientID: r.ClientID, HomeAccountID: r.HomeAccountID, TenantID: r.TenantID,
		Username: r.Username, Version: r.Version}, nil
}

func (c *credential) Token(ctx context.Context, scope string) (signin.AccessToken, error) {
	t, err := c.c.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{scope}})
	if err != nil {
		return signin.AccessToken{}, c.classify(err)
	}
	tok, err := microsoft.NewToken(t.Token)
	if err != nil {
		return signin.AccessToken{}, &signin.Error{Reason: signin.ReasonFailed, Detail: "the token cannot be sent"}
	}
	return signin.AccessToken{Token: tok, ExpiresOn: t.ExpiresOn}, nil
}

// classify names why a sign-in failed.
func (c *credential) classify(err error) *signin.Error {
	var required *azidentity.AuthenticationRequiredError
	if errors.As(err, &required) {
		return &signin.Error{Reason: signin.ReasonSignInRequired}
	}
	msg := err.Error()
	switch {
	case c.method == signin.MethodAzureCLI:
		e := signin.Classify(err, signin.ReasonAzureCLI)
		if e.Reason == signin.ReasonAzureCLI {
			e.Detail = azureCLIDetail(msg)
		}
		return e
	case c.method == signin.MethodBrowser && (strings.Contains(msg, "xdg-open") || strings.Contains(msg, "open browser") ||
		strings.Contains(msg, "executable file not found")):
		return &signin.Error{Reason: signin.ReasonNoBrowser}
	case errors.Is(err, context.Canceled):
		return &signin.Error{Reason: signin.ReasonCancelled}
	case unreachable(err):
		return &signin.Error{Reason: signin.ReasonNetwork, Detail: lastWords(msg)}
	}
	return signin.Classify(err, signin.ReasonFailed)
}

// unreachable reports whether the sign-in failed for want of a connection (no name
// resolution, refused, timed out) rather than an answer of the service.
func unreachable(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	msg := err.Error()
	return !strings.Contains(msg, "AADSTS") && (strings.Contains(msg, "dial tcp") || strings.Contains(msg, "no such host") ||
		strings.Contains(msg, "connection refused") || strings.Contains(msg, "i/o timeout") || strings.Contains(msg, "TLS handshake"))
}

// lastWords keeps the most specific part of a network error ("no such host"): the first
// parts name the request.
func lastWords(msg string) string {
	msg = strings.TrimSpace(msg)
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return msg
}

// azureCLIDetail keeps what the Azure CLI's failure says in a few words.
func azureCLIDetail(msg string) string {
	switch {
	case strings.Contains(msg, "not found on path"), strings.Contains(msg, "executable file not found"):
		return "az_missing"
	case strings.Contains(msg, "az login"):
		return "az_login"
	}
	return ""
}
