package cli

import (
	"os"
	"strings"

	"github.com/cspfix/cspfix/internal/casefile"
	"github.com/cspfix/cspfix/scenarios"
)

// savedCasePath is the file a case argument names (--answers of diagnose, ticket and message):
// the file itself, or, for a word that names no file, the saved case with that ID in the state
// directory (README "Saved cases"). Anything else is left for the command to report.
func savedCasePath(e *env, name string, tr scenarios.Texts) string {
	if name == "" || name == "-" || strings.ContainsAny(name, `/\`) {
		return name
	}
	if _, err := os.Lstat(name); err == nil {
		return name
	}
	dir, err := e.casesDir(tr)
	if err != nil {
		return name
	}
	if path, err := casefile.Find(e.model(), dir, name); err == nil {
		return path
	}
	return name
}
