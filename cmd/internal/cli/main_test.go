package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/cspfix/cspfix/internal/testkit"
)

func TestMain(m *testing.M) {
	testkit.RefuseNonLoopback() // no test may reach Microsoft's services
	testscript.Main(testkit.Main{M: m}, map[string]func(){
		"cspfix": func() { os.Exit(Main(Program{Exit: os.Exit, Online: testOnline()})) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: the real binary's arguments,
// streams, files and exit codes.
func TestScripts(t *testing.T) {
	examples, err := filepath.Abs("../../../examples")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update, // go test ./cmd/internal/cli -run TestScripts -update rewrites what cmp compares
		Setup: func(e *testscript.Env) error {
			e.Setenv("EXAMPLES", examples)
			// Start every script from a neutral locale; scripts set what they test.
			for _, name := range []string{"LANG", "LC_ALL", "LC_MESSAGES", "CSPFIX_LANG", "NO_COLOR"} {
				e.Setenv(name, "")
			}
			return nil
		},
	})
}
