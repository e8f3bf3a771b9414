// Package signin signs the reseller in to Microsoft for cspfix's lookups (cspfix login, logout,
// login status; docs/microsoft-access.md): in a browser, with a device code, or with the Azure
// CLI's sign-in. It keeps what it needs for a silent sign-in later — which account, which
// tenant, which app, never a token — in a file only its owner reads, and hands out tokens as
// internal/microsoft's token sources.
//
// The sign-in itself is behind Credential, so that everything here runs in tests without a
// browser or a network; internal/signin/entra makes the real one, cspfix's own client of the
// Microsoft identity platform (docs/microsoft-access.md, "How the sign-in works").
package signin

import (
	"context"
	"io"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/scenarios"
)

// Method is how the person signs in.
type Method string

const (
	MethodBrowser    Method = "browser"     // the system's browser, redirected to http://localhost
	MethodDeviceCode Method = "device_code" // a code entered at Microsoft's device login page
	MethodAzureCLI   Method = "azure_cli"   // the Azure CLI's sign-in (az login)
)

// Settings are what a sign-in needs from the settings (login.client_id, login.tenant,
// login.cloud) or the command line.
type Settings struct {
	ClientID string         // the app registration's application (client) ID
	Tenant   string         // the partner tenant, an ID or a domain; "" signs in to the account's own
	Cloud    diagnose.Cloud // "" is the public cloud
}

// Account is the record of a sign-in (the shape of Microsoft's "authentication record"): no
// secret, only what finds the account's kept sign-in again.
type Account struct {
	Authority     string `json:"authority"`
	ClientID      string `json:"clientId"`
	HomeAccountID string `json:"homeAccountId"`
	TenantID      string `json:"tenantId"`
	Username      string `json:"username"`
	Version       string `json:"version"`
}

// AccessToken is a token for one service and when it expires.
type AccessToken struct {
	Token     microsoft.Token
	ExpiresOn time.Time
}

// Credential signs in and gives tokens. Its errors are *Error.
type Credential interface {
	// Authenticate signs the person in (opening a browser or showing a device code) for
	// scope and returns the account. The Azure CLI's credential cannot: it returns an *Error.
	Authenticate(ctx context.Context, scope string) (Account, error)
	// Token returns an access token for scope: from the cache, or by asking the person when
	// the credential is interactive.
	Token(ctx context.Context, scope string) (AccessToken, error)
}

// Options make a Credential.
type Options struct {
	Method   Method
	ClientID string
	// Tenant is the tenant to sign in to: the pinned one, or "organizations".
	Tenant    string
	Endpoints microsoft.Endpoints
	// Account is the earlier sign-in, for tokens without asking.
	Account *Account
	// Interactive lets Token ask the person; without it, a token that needs the person is an
	// *Error of reason ReasonSignInRequired (nothing opens a browser in the middle of a batch).
	Interactive bool
	// Persistent keeps the tokens in the system's protected store (Store); without it they
	// live as long as the process.
	Persistent bool
	// DeviceCode shows the device code's instructions (on stderr, never stdout).
	DeviceCode func(url, code string) error
	// ShowURL shows the address of the browser sign-in when no browser could be opened (on
	// stderr, never stdout).
	ShowURL func(url string) error
	// Progress receives what a browser opener prints (stderr, never stdout).
	Progress io.Writer
	// Texts are what the sign-in shows in the browser, in the person's language.
	Texts scenarios.Texts
}

// StoreReporter is a Credential that can say why it kept the tokens in memory only although
// Options.Persistent asked for the store (the store refused them): nil when it did not.
type StoreReporter interface {
	StoreErr() error
}

// Factory makes a Credential: entra.New, or a test's fake.
type Factory func(Options) (Credential, error)

// Store is where the tokens are kept between runs: the system's protected store.
type Store interface {
	// Kind names the store ("keychain", "dpapi", "keyring"), or returns an *Error of reason
	// ReasonNoStore when this system has none cspfix can use.
	Kind() (string, error)
	// Remove deletes cspfix's tokens from the store.
	Remove(ctx context.Context) error
}
