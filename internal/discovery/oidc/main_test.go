package oidc

import (
	"os"
	"testing"

	"github.com/cspfix/cspfix/internal/testkit"
)

func TestMain(m *testing.M) {
	testkit.RefuseNonLoopback() // no test may reach Microsoft's sign-in service
	os.Exit(m.Run())
}
