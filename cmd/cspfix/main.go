// Command cspfix diagnoses the Partner Center error "Partner relation does not work because it
// is already existing" for CSP indirect resellers. It links no network code: the commands
// that reach Microsoft run in cspfix-online, installed next to it (README "Two executables").
package main

import (
	"os"

	"github.com/cspfix/cspfix/cmd/internal/cli"
)

// buildVersion is set by release builds: -ldflags "-X main.buildVersion=v1.2.3", with the v
// that `go install …@v1.2.3` records too (.goreleaser.yaml).
var buildVersion = ""

func main() { os.Exit(cli.Main(cli.Program{Exit: os.Exit, Version: buildVersion})) }
