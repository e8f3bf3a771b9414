package cli

import (
	"strings"

	"github.com/cspfix/cspfix/internal/sanitize"
)

// userShell is the shell the person runs cspfix from (sanitize.DetectShell: POSIX, PowerShell
// or cmd.exe), for the commands cspfix prints for them to run, such as the command that
// resumes a case: quoted as that shell reads them (README "Windows"). Main sets it once, before
// any command runs, as it finds the streams; tests run with a POSIX shell unless they set it.
var userShell sanitize.CommandShell

// shellWord quotes a word of a command cspfix prints for the person to run.
func shellWord(s string) string { return userShell.Quote(s) }

// resumeWords is the exact command that continues the case, word by word, quoted for the
// person's shell, with the language and the accessible mode the walkthrough ran in.
func resumeWords(name, langFlag string, accessible bool) []string {
	words := []string{"cspfix", "diagnose", "--resume", shellWord(name)}
	if langFlag != "" {
		words = append(words, "--lang", shellWord(langFlag))
	}
	if accessible {
		words = append(words, "--accessible")
	}
	return words
}

// resumeCommand is resumeWords as one line.
func resumeCommand(name, langFlag string, accessible bool) string {
	return strings.Join(resumeWords(name, langFlag, accessible), " ")
}
