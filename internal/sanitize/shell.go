package sanitize

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Shell quotes s as one word for a POSIX shell, to print a command a person can paste: plain
// words stay as they are, others go in single quotes. A word with unsafe characters is written
// as $'…' with escapes (bash, zsh and ksh read it), so that the line shows what it holds and
// still names the same file when pasted.
func Shell(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@%+=,") == "" {
		return s
	}
	if safe(s) {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return string(append(appendExact([]byte("$'"), s, `'\\`), '\''))
}

// CommandShell is the command language a person pastes a printed command into (a resume hint,
// the command a hint suggests): each quotes differently, and a path with a space that one
// takes breaks in another (README "Windows").
type CommandShell int

const (
	POSIXShell CommandShell = iota // sh, bash, zsh; on Windows Git Bash, MSYS2 and Cygwin
	PowerShell                     // Windows PowerShell 5.1 and PowerShell 7
	CmdShell                       // Windows' cmd.exe
)

// DetectShell says which shell a person most likely runs cspfix from, from the system (as
// runtime.GOOS names it) and the environment, which is all a program learns of it. Away from
// Windows, a POSIX shell. On Windows: a POSIX shell where one set MSYSTEM (Git Bash, MSYS2) or
// SHELL (Cygwin); PowerShell where PSModulePath holds the per-user module folder that
// PowerShell adds when it starts (the machine's PSModulePath, which every program inherits,
// has none); cmd.exe where PROMPT is set, as cmd.exe sets it for what it starts; else
// PowerShell, the shell Windows Terminal opens. Where the guess is wrong in the common case
// nothing breaks: PowerShell and cmd.exe read a path in double quotes alike.
func DetectShell(goos string, getenv func(string) string) CommandShell {
	if goos != "windows" || getenv("MSYSTEM") != "" || getenv("SHELL") != "" {
		return POSIXShell
	}
	profile := strings.ToLower(strings.TrimRight(getenv("USERPROFILE"), `\/`))
	for _, dir := range strings.Split(getenv("PSModulePath"), ";") {
		dir = strings.ToLower(dir)
		if profile != "" && strings.HasPrefix(dir, profile+`\`) ||
			strings.Contains(dir, `\documents\windowspowershell\modules`) || strings.Contains(dir, `\documents\powershell\modules`) {
			return PowerShell
		}
	}
	if getenv("PROMPT") != "" {
		return CmdShell
	}
	return PowerShell
}

// Quote quotes s as one argument for the shell, so that a pasted command hands the program
// exactly s; unsafe characters are written as escapes, never raw (Shell for POSIX shells).
func (sh CommandShell) Quote(s string) string {
	switch sh {
	case PowerShell:
		return powerShellQuote(s)
	case CmdShell:
		return cmdQuote(s)
	}
	return Shell(s)
}

// Continuation ends a line of a command that goes on on the next line.
func (sh CommandShell) Continuation() string {
	switch sh {
	case PowerShell:
		return " `"
	case CmdShell:
		return " ^"
	}
	return ` \`
}

// plainWindows are the characters of a word that neither PowerShell nor cmd.exe reads as
// anything but itself, wherever it stands in the word.
const plainWindows = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:\\=+"

// powerShellQuote quotes for PowerShell: plain words as they are; else in double quotes, as
// cmd.exe takes them too, when nothing in s means something there; else in single quotes,
// where only the single quotes (PowerShell also takes ‘ ’ ‚ ‛ for them) are doubled; a word
// with unsafe characters in double quotes, with them written as $([char]0x…) and ` before
// what double quotes would read ($, `, and " with its look-alikes “ ” „). Windows PowerShell
// 5.1 hands a quoted argument that ends in a backslash on as "…\", which the program reads as
// an escaped quote: such a backslash is doubled, which names the same folder.
func powerShellQuote(s string) string {
	if s != "" && strings.Trim(s, plainWindows) == "" {
		return s
	}
	if trimmed := strings.TrimRight(s, `\`); trimmed != s && strings.ContainsAny(s, " \t") {
		s += strings.Repeat(`\`, len(s)-len(trimmed))
	}
	const special = "$`\"“”„"
	// In double quotes unless PowerShell would read something there, or cmd.exe would (a
	// %NAME% between two %): a cmd.exe started from PowerShell is taken for PowerShell, and
	// reads the word the same (README "Windows").
	if safe(s) && !strings.ContainsAny(s, special) && strings.Count(s, "%") < 2 {
		return `"` + s + `"`
	}
	if safe(s) {
		var b strings.Builder
		b.WriteByte('\'')
		for _, r := range s {
			if strings.ContainsRune("'‘’‚‛", r) {
				b.WriteRune(r)
			}
			b.WriteRune(r)
		}
		b.WriteByte('\'')
		return b.String()
	}
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case isInvalidAt(s, i):
			b.WriteString("$([char]0xfffd)") // a Windows command line is UTF-16: no such byte
		case Unsafe(r) && r > 0xffff:
			b.WriteString("$([char]::ConvertFromUtf32(0x" + strconv.FormatUint(uint64(r), 16) + "))")
		case Unsafe(r):
			b.WriteString("$([char]0x" + strconv.FormatUint(uint64(r), 16) + ")")
		case strings.ContainsRune(special, r):
			b.WriteByte('`')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// isInvalidAt reports whether the byte at s[i] starts no UTF-8 character.
func isInvalidAt(s string, i int) bool {
	r, size := utf8.DecodeRuneInString(s[i:])
	return r == utf8.RuneError && size == 1
}

// cmdQuote quotes for cmd.exe and for how a Windows program splits its command line: plain
// words as they are; else in double quotes, with backslashes before the closing quote doubled,
// when s holds nothing cmd.exe reads inside quotes (%, !, ", ^); else each " written \" and
// every character cmd.exe would read, quotes included, escaped with ^ (cmd.exe has no quoting
// that keeps %NAME% as it is: ^% breaks the name). cmd.exe cannot write unsafe characters:
// they are shown as escapes, which name another file, but no Windows file name holds them.
func cmdQuote(s string) string {
	if s != "" && strings.Trim(s, plainWindows+",@") == "" {
		return s
	}
	if !safe(s) {
		s = string(appendExact(nil, s, ""))
	}
	// The argument as the program's command-line parser reads it back: backslashes are
	// doubled only before a quote, where they would escape it.
	var arg strings.Builder
	arg.WriteByte('"')
	slashes := 0
	for _, r := range s {
		switch r {
		case '\\':
			slashes++
			continue
		case '"':
			arg.WriteString(strings.Repeat(`\`, 2*slashes+1))
		default:
			arg.WriteString(strings.Repeat(`\`, slashes))
		}
		slashes = 0
		arg.WriteRune(r)
	}
	arg.WriteString(strings.Repeat(`\`, 2*slashes))
	arg.WriteByte('"')
	if !strings.ContainsAny(s, `%!"^`) {
		return arg.String()
	}
	var b strings.Builder
	for _, r := range arg.String() {
		if strings.ContainsRune(`()%!^"<>&|`, r) {
			b.WriteByte('^')
		}
		b.WriteRune(r)
	}
	return b.String()
}
