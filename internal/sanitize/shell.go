package sanitize

import "strings"

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
