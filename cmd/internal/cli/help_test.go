package cli

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/internal/config"
	"github.com/cspfix/cspfix/scenarios"
)

// TestHelpFitsEightyColumns: every command's help, in both languages, wraps at 80 columns (a
// terminal of 80, a pager, a man-like reading), examples broken only where a shell continues.
func TestHelpFitsEightyColumns(t *testing.T) {
	e, _, _ := testEnv("", nil)
	var paths [][]string
	eachCommand(newRootCmd(e, scenarios.EN, settings{cfg: &config.Config{}}), func(c *cobra.Command) {
		if !c.Hidden {
			paths = append(paths, strings.Fields(c.CommandPath())[1:])
		}
	})
	for _, lang := range []string{"en", "de"} {
		for _, path := range paths {
			e, out, errOut := testEnv("", nil)
			if code := run(e, append(append([]string{}, path...), "--help", "--lang", lang)); code != exitOK {
				t.Fatalf("%v: exit %d: %s", path, code, errOut)
			}
			for _, line := range strings.Split(out.String(), "\n") {
				if n := len([]rune(line)); n > 80 {
					t.Errorf("cspfix %s --help --lang %s: %d columns: %q", strings.Join(path, " "), lang, n, line)
				}
			}
		}
	}
}
