package cli

import (
	"github.com/cspfix/cspfix/internal/discovery"
	"github.com/cspfix/cspfix/internal/discovery/oidc"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/microsoft/rest"
	"github.com/cspfix/cspfix/internal/signin/entra"
)

// testOnline is what cspfix-online gives Main (cmd/cspfix-online): the tests run the commands
// as cspfix-online does, with the fakes a test gives in its env first. The tests of cspfix
// without it set env.online to nil, or build both executables (handover_test.go).
func testOnline() *Online {
	return &Online{
		Discovery: func(authority string) (discovery.Lookup, error) { return oidc.New(authority, oidc.DefaultTimeout) },
		Connect: func(l *microsoft.Limiter) microsoft.Connector {
			return rest.Connector{Config: rest.Config{Limiter: l}}
		},
		SigninFactory: entra.New,
		SigninStore:   entra.Store{},
	}
}
