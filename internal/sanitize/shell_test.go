package sanitize

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDetectShell(t *testing.T) {
	const machine = `C:\Program Files\WindowsPowerShell\Modules;C:\WINDOWS\system32\WindowsPowerShell\v1.0\Modules`
	profile := `C:\Users\Jana Roth`
	ps51 := profile + `\Documents\WindowsPowerShell\Modules;` + machine
	ps7 := profile + `\Documents\PowerShell\Modules;C:\Program Files\PowerShell\Modules;c:\program files\powershell\7\Modules;` + machine
	oneDrive := `C:\Users\jroth\OneDrive - Fabrikam\Documents\WindowsPowerShell\Modules;` + machine
	for _, tt := range []struct {
		name string
		goos string
		vars map[string]string
		want CommandShell
	}{
		{"Linux", "linux", nil, POSIXShell},
		{"macOS", "darwin", map[string]string{"PSModulePath": ps7}, POSIXShell},
		{"Windows PowerShell 5.1", "windows", map[string]string{"USERPROFILE": profile, "PSModulePath": ps51}, PowerShell},
		{"PowerShell 7", "windows", map[string]string{"USERPROFILE": profile, "PSModulePath": ps7}, PowerShell},
		{"profile folder spelt in another case", "windows", map[string]string{"USERPROFILE": `c:\users\jana roth\`, "PSModulePath": ps51}, PowerShell},
		{"Documents on OneDrive, no USERPROFILE", "windows", map[string]string{"PSModulePath": oneDrive}, PowerShell},
		{"PowerShell started from cmd.exe", "windows", map[string]string{"USERPROFILE": profile, "PSModulePath": ps51, "PROMPT": "$P$G"}, PowerShell},
		{"cmd.exe", "windows", map[string]string{"USERPROFILE": profile, "PSModulePath": machine, "PROMPT": "$P$G", "ComSpec": `C:\WINDOWS\system32\cmd.exe`}, CmdShell},
		{"Git Bash", "windows", map[string]string{"MSYSTEM": "MINGW64", "PSModulePath": machine, "PROMPT": "$P$G"}, POSIXShell},
		{"Cygwin", "windows", map[string]string{"SHELL": "/bin/bash", "USERPROFILE": profile, "PSModulePath": ps51}, POSIXShell},
		{"nothing to go by: Windows Terminal's PowerShell", "windows", map[string]string{"PSModulePath": machine}, PowerShell},
		{"an empty environment", "windows", nil, PowerShell},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectShell(tt.goos, func(k string) string { return tt.vars[k] }); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// shellWords are the words the quoting tests paste: paths as Windows and the desks write them,
// and everything that means something to one of the shells.
var shellWords = []string{
	"contoso-gmbh-2026-11-23-1843-3fa2", "case.json", "de", `C:\Users\Jana Roth\AppData\Local\cspfix\cases\contoso.json`,
	`\\fileserver\Support Desk\Fälle\müller & söhne.json`, `C:\cases dir\`, `C:\a\\b c\\`, "it's.json", "‘curly’ ‚low‛.json",
	`100% sure!.json`, `%USERNAME%`, `%PATH%x%`, "a$b`c.json", `$(Get-Process)`, "a,b", "@splat", "x&y|z<w>v^u", "(paren)",
	`a"b`, `a\"b`, `“quoted” „low”`, "Ünïcode Nämé.json", "-dash", "#comment", "a;b", "tab\there", "~home",
}

func TestQuoteForEachShell(t *testing.T) {
	for _, tt := range []struct {
		in               string
		posix, ps, cmdex string
	}{
		{"contoso-gmbh-2026-11-23-1843-3fa2", "contoso-gmbh-2026-11-23-1843-3fa2", "contoso-gmbh-2026-11-23-1843-3fa2", "contoso-gmbh-2026-11-23-1843-3fa2"},
		{`C:\Users\Jana Roth\case.json`, `'C:\Users\Jana Roth\case.json'`, `"C:\Users\Jana Roth\case.json"`, `"C:\Users\Jana Roth\case.json"`},
		{`C:\cases\a.json`, `'C:\cases\a.json'`, `C:\cases\a.json`, `C:\cases\a.json`},
		{`C:\cases dir\`, `'C:\cases dir\'`, `"C:\cases dir\\"`, `"C:\cases dir\\"`},
		{"it's.json", `'it'\''s.json'`, `"it's.json"`, `"it's.json"`},
		{"a$b`c.json", "'a$b`c.json'", "'a$b`c.json'", "\"a$b`c.json\""},
		{"it's $5.json", `'it'\''s $5.json'`, `'it''s $5.json'`, `"it's $5.json"`},
		{`100% sure!.json`, `'100% sure!.json'`, `"100% sure!.json"`, `^"100^% sure^!.json^"`},
		{`a"b`, `'a"b'`, `'a"b'`, `^"a\^"b^"`},
		{"x&y", `'x&y'`, `"x&y"`, `"x&y"`},
		{"a,b", "a,b", `"a,b"`, "a,b"},
		{"bad\x1b[2J.json", `$'bad\u001b[2J.json'`, `"bad$([char]0x1b)[2J.json"`, `"bad\u001b[2J.json"`},
		{"zero\u200bwidth", `$'zero\u200bwidth'`, `"zero$([char]0x200b)width"`, `"zero\u200bwidth"`},
		{"tag\U000E0041", `$'tag\U000e0041'`, `"tag$([char]::ConvertFromUtf32(0xe0041))"`, `"tag\U000e0041"`},
		{"$x\x07", `$'$x\u0007'`, "\"`$x$([char]0x7)\"", `"$x\u0007"`},
	} {
		for _, q := range []struct {
			sh   CommandShell
			want string
		}{{POSIXShell, tt.posix}, {PowerShell, tt.ps}, {CmdShell, tt.cmdex}} {
			if got := q.sh.Quote(tt.in); got != q.want {
				t.Errorf("%v.Quote(%q) = %s, want %s", q.sh, tt.in, got, q.want)
			}
		}
	}
	for sh, want := range map[CommandShell]string{POSIXShell: ` \`, PowerShell: " `", CmdShell: " ^"} {
		if got := sh.Continuation(); got != want {
			t.Errorf("%v.Continuation() = %q, want %q", sh, got, want)
		}
	}
}

// TestCmdQuoteRoundTrip pastes each quoted word into a model of cmd.exe's command line and of
// how a Windows program (Go's os.Args, the C runtime) splits what cmd.exe hands it: it must be
// one argument, exactly the word, with no %VARIABLE% expanded and no &, |, < or > that cmd.exe
// would act on.
func TestCmdQuoteRoundTrip(t *testing.T) {
	for _, w := range append(shellWords, hostile...) {
		if !safe(w) || strings.ContainsRune(w, 0) {
			continue // not in a Windows name; shown as escapes
		}
		q := CmdShell.Quote(w)
		if !safe(q) {
			t.Errorf("%q quoted as %q holds unsafe characters", w, q)
		}
		line, err := cmdLine("cspfix diagnose --resume " + q)
		if err != nil {
			t.Errorf("%q quoted as %s: %v", w, q, err)
			continue
		}
		args := windowsArgs(line)
		if len(args) != 4 || args[3] != w {
			t.Errorf("%q quoted as %s reaches the program as %q", w, q, args)
		}
	}
}

// TestPowerShellQuoteAlsoReadsInCmd: a word quoted for PowerShell as it is or in plain double
// quotes reaches the program the same when the line is pasted into cmd.exe, which the guess of
// the shell takes for PowerShell when PowerShell started it; paths as desks have them (spaces,
// umlauts, &, an apostrophe, a single %) are quoted so.
func TestPowerShellQuoteAlsoReadsInCmd(t *testing.T) {
	for _, w := range append(shellWords, hostile...) {
		q := PowerShell.Quote(w)
		if strings.HasPrefix(q, "'") || strings.ContainsAny(q, "`$") {
			continue // PowerShell's own quoting: $, `, " or a %NAME% in the word
		}
		line, err := cmdLine("cspfix diagnose --resume " + q)
		if args := windowsArgs(line); err != nil || len(args) != 4 || args[3] != w {
			t.Errorf("%q quoted for PowerShell as %s reaches a program started by cmd.exe as %q (%v)", w, q, args, err)
		}
	}
	for _, w := range []string{`C:\Users\Jana Roth\case.json`, `\\fileserver\Support Desk\Fälle\müller & söhne.json`, "it's.json", `100% sure!.json`, "(paren)"} {
		if q := PowerShell.Quote(w); strings.HasPrefix(q, "'") {
			t.Errorf("%q is quoted for PowerShell only: %s", w, q)
		}
	}
}

// cmdLine is what cmd.exe makes of a line typed at its prompt before it starts the program:
// %NAME% of a variable that is set is replaced (one that is not set stays as typed); outside
// double quotes ^ makes the next character plain and &, |, < and > end the command (an error
// here); a " that no ^ escapes opens or closes quotes, and stays in the line.
func cmdLine(line string) (string, error) {
	set := map[string]string{"USERNAME": "jroth", "PATH": `C:\WINDOWS`, "CD": `C:\`}
	var expanded strings.Builder
	for i := 0; i < len(line); i++ {
		if line[i] == '%' {
			if end := strings.IndexByte(line[i+1:], '%'); end >= 0 {
				if v, ok := set[strings.ToUpper(line[i+1:i+1+end])]; ok {
					expanded.WriteString(v)
					i += end + 1
					continue
				}
			}
		}
		expanded.WriteByte(line[i])
	}
	line = expanded.String()
	var out strings.Builder
	quoted := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && c == '^' && i+1 < len(line):
			i++
			c = line[i]
		case !quoted && strings.IndexByte("&|<>", c) >= 0:
			return "", strconv.ErrSyntax
		}
		out.WriteByte(c)
	}
	return out.String(), nil
}

// windowsArgs splits a command line as a Windows program does: spaces and tabs outside quotes
// part arguments; 2n backslashes before a quote are n and the quote opens or closes, 2n+1 are n
// and a plain quote; "" inside quotes is a plain quote; other backslashes are plain.
func windowsArgs(line string) []string {
	var args []string
	for line != "" {
		line = strings.TrimLeft(line, " \t")
		if line == "" {
			break
		}
		var arg []byte
		quoted, slashes := false, 0
		i := 0
	word:
		for ; i < len(line); i++ {
			c := line[i]
			switch {
			case c == '\\':
				slashes++
				continue
			case c == '"':
				arg = append(arg, strings.Repeat(`\`, slashes/2)...)
				if slashes%2 == 1 {
					arg = append(arg, '"')
				} else if quoted && i+1 < len(line) && line[i+1] == '"' {
					arg = append(arg, '"')
					i++
				} else {
					quoted = !quoted
				}
				slashes = 0
				continue
			case (c == ' ' || c == '\t') && !quoted:
				break word
			}
			arg = append(arg, strings.Repeat(`\`, slashes)...)
			slashes = 0
			arg = append(arg, c)
		}
		arg = append(arg, strings.Repeat(`\`, slashes)...)
		args = append(args, string(arg))
		line = line[i:]
	}
	return args
}

// TestPowerShellQuoteRoundTrip reads each quoted word back as PowerShell reads a bare word, a
// single-quoted string (a quote, or a curly look-alike, doubled) or a double-quoted one (` before
// a character makes it plain; $([char]0x…) and $([char]::ConvertFromUtf32(0x…)) are the
// characters; any other $ would be a variable): it must be the word, one argument.
func TestPowerShellQuoteRoundTrip(t *testing.T) {
	for _, w := range append(shellWords, hostile...) {
		if strings.ContainsRune(w, 0) || !utf8.ValidString(w) {
			continue // neither is in a Windows command line
		}
		q := PowerShell.Quote(w)
		if !safe(q) {
			t.Errorf("%q quoted as %q holds unsafe characters", w, q)
		}
		got, err := powerShellWord(q)
		want := w
		if strings.ContainsAny(w, " \t") {
			// Windows PowerShell 5.1 hands "…\" on as an escaped quote: the trailing
			// backslashes are doubled, which names the same folder.
			trimmed := strings.TrimRight(w, `\`)
			want += strings.Repeat(`\`, len(w)-len(trimmed))
		}
		if err != nil || got != want {
			t.Errorf("%q quoted as %s reads back as %q (%v)", w, q, got, err)
		}
	}
}

func powerShellWord(q string) (string, error) {
	switch {
	case strings.HasPrefix(q, "'"):
		if len(q) < 2 || !strings.HasSuffix(q, "'") {
			return "", strconv.ErrSyntax
		}
		body := []rune(q[1 : len(q)-1])
		var b strings.Builder
		for i := 0; i < len(body); i++ {
			if strings.ContainsRune("'‘’‚‛", body[i]) {
				if i+1 >= len(body) || !strings.ContainsRune("'‘’‚‛", body[i+1]) {
					return "", strconv.ErrSyntax // the string would end here
				}
				i++
			}
			b.WriteRune(body[i])
		}
		return b.String(), nil
	case strings.HasPrefix(q, `"`):
		if len(q) < 2 || !strings.HasSuffix(q, `"`) {
			return "", strconv.ErrSyntax
		}
		body := q[1 : len(q)-1]
		var b strings.Builder
		for body != "" {
			r, size := utf8.DecodeRuneInString(body)
			switch {
			case r == '`':
				r2, size2 := utf8.DecodeRuneInString(body[size:])
				b.WriteRune(r2)
				body = body[size+size2:]
				continue
			case r == '$':
				c, rest, err := powerShellChar(body)
				if err != nil {
					return "", err
				}
				b.WriteRune(c)
				body = rest
				continue
			case strings.ContainsRune("\"“”„", r):
				return "", strconv.ErrSyntax // the string would end here
			}
			b.WriteRune(r)
			body = body[size:]
		}
		return b.String(), nil
	}
	if strings.Trim(q, plainWindows) != "" || q == "" {
		return "", strconv.ErrSyntax
	}
	return q, nil
}

// powerShellChar reads the character that $([char]0x…) or $([char]::ConvertFromUtf32(0x…))
// at the start of s stands for; any other $ would be a variable.
func powerShellChar(s string) (rune, string, error) {
	for _, form := range []struct{ open, close string }{{"$([char]::ConvertFromUtf32(0x", "))"}, {"$([char]0x", ")"}} {
		if rest, ok := strings.CutPrefix(s, form.open); ok {
			end := strings.Index(rest, form.close)
			if end < 0 {
				return 0, "", strconv.ErrSyntax
			}
			v, err := strconv.ParseUint(rest[:end], 16, 32)
			return rune(v), rest[end+len(form.close):], err
		}
	}
	return 0, "", strconv.ErrSyntax
}
