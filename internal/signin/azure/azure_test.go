package azure

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/pkg/browser"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/signin"
)

func endpoints(c diagnose.Cloud) microsoft.Endpoints {
	e, _ := microsoft.CloudEndpoints(c)
	return e
}

// TestBrowserOutputGoesToProgress: the browser opener prints what the hook gets (stderr in
// cspfix), never to stdout.
func TestBrowserOutputGoesToProgress(t *testing.T) {
	var progress bytes.Buffer
	_, err := New(signin.Options{Method: signin.MethodBrowser, ClientID: "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", Tenant: "organizations",
		Endpoints: endpoints(diagnose.CloudPublic), Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if browser.Stdout != &progress || browser.Stderr != &progress {
		t.Error("the browser opener still prints elsewhere")
	}
}

func TestClouds(t *testing.T) {
	for c, want := range map[diagnose.Cloud]cloud.Configuration{diagnose.CloudPublic: cloud.AzurePublic,
		diagnose.CloudUSGovernment: cloud.AzureGovernment, diagnose.CloudChina: cloud.AzureChina, "": cloud.AzurePublic} {
		if got := cloudOf(c); got.ActiveDirectoryAuthorityHost != want.ActiveDirectoryAuthorityHost {
			t.Errorf("%s: %s", c, got.ActiveDirectoryAuthorityHost)
		}
		// The sign-in host agrees with cspfix's table of clouds.
		if e, ok := microsoft.CloudEndpoints(c); ok && want.ActiveDirectoryAuthorityHost != e.Authority+"/" {
			t.Errorf("%s: azcore %s, cspfix %s", c, want.ActiveDirectoryAuthorityHost, e.Authority)
		}
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		method signin.Method
		err    error
		want   signin.Reason
		detail string
	}{
		{signin.MethodBrowser, &azidentity.AuthenticationRequiredError{}, signin.ReasonSignInRequired, ""},
		{signin.MethodBrowser, errors.New(`InteractiveBrowserCredential: exec: "xdg-open": executable file not found in $PATH`), signin.ReasonNoBrowser, ""},
		{signin.MethodDeviceCode, fmt.Errorf("DeviceCodeCredential: %w", context.Canceled), signin.ReasonCancelled, ""},
		{signin.MethodDeviceCode, errors.New("DeviceCodeCredential authentication failed\nAADSTS50076: Due to a configuration change"), signin.ReasonMFA, ""},
		{signin.MethodAzureCLI, errors.New("AzureCLICredential: Azure CLI not found on path"), signin.ReasonAzureCLI, "az_missing"},
		{signin.MethodAzureCLI, errors.New("AzureCLICredential: ERROR: Please run 'az login' to setup account."), signin.ReasonAzureCLI, "az_login"},
		{signin.MethodAzureCLI, errors.New("AzureCLICredential: AADSTS53003: blocked"), signin.ReasonBlocked, ""},
	}
	for _, tt := range tests {
		c := &credential{method: tt.method}
		if got := c.classify(tt.err); got.Reason != tt.want || got.Detail != tt.detail {
			t.Errorf("%s %q: %+v, want %s %s", tt.method, tt.err, got, tt.want, tt.detail)
		}
	}
}

// TestAzureCLICannotSignInByItself: --use-az takes the Azure CLI's sign-in as it is.
func TestAzureCLICannotSignInByItself(t *testing.T) {
	c, err := New(signin.Options{Method: signin.MethodAzureCLI, Tenant: "organizations", Endpoints: endpoints(diagnose.CloudPublic)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Authenticate(context.Background(), "https://graph.microsoft.com/.default"); err == nil {
		t.Error("the Azure CLI's credential signed in by itself")
	}
}

func TestUnreachable(t *testing.T) {
	c := &credential{method: signin.MethodDeviceCode}
	err := errors.New(`Get "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration?": dial tcp: lookup login.microsoftonline.com on 10.0.0.53:53: no such host`)
	if got := c.classify(err); got.Reason != signin.ReasonNetwork || got.Detail != "no such host" {
		t.Errorf("%+v", got)
	}
}
