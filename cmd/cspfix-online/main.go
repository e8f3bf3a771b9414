// Command cspfix-online is cspfix with the clients that reach Microsoft: its public sign-in
// service, Microsoft Graph, Partner Center and the sign-in. cspfix hands it the commands that
// need them (login, logout, tenant resolve, diagnose --online, a walkthrough that may look
// up); it runs every other command as cspfix does (README "Two executables").
package main

import (
	"os"

	"github.com/cspfix/cspfix/cmd/internal/cli"
	"github.com/cspfix/cspfix/internal/discovery"
	"github.com/cspfix/cspfix/internal/discovery/oidc"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/microsoft/rest"
	"github.com/cspfix/cspfix/internal/signin/entra"
)

// buildVersion is set by release builds, as cspfix's (.goreleaser.yaml).
var buildVersion = ""

func main() { os.Exit(cli.Main(cli.Program{Exit: os.Exit, Version: buildVersion, Online: online()})) }

// online is what cspfix-online adds to cspfix.
func online() *cli.Online {
	return &cli.Online{
		Discovery: func(authority string) (discovery.Lookup, error) { return oidc.New(authority, oidc.DefaultTimeout) },
		Connect: func(l *microsoft.Limiter) microsoft.Connector {
			return rest.Connector{Config: rest.Config{Limiter: l}}
		},
		SigninFactory: entra.New,
		SigninStore:   entra.Store{},
	}
}
