// Package platform holds what cspfix asks the operating system beyond files and terminals: the
// person's display languages (for the interface language when no locale variable says it,
// README "Languages") and whether standard input is the pipe of Git Bash's window (mintty),
// which is no console (README "Windows"). The decisions are plain functions over what the
// system answered, tested on every system; only the asking is per system.
package platform

import "strings"

// Languages gives the languages the person chose for the system's user interface, most
// preferred first, as BCP 47 tags ("de-DE", "en-US"); none where the system keeps no such
// choice apart from the locale variables, or where it cannot be read.
type Languages interface {
	DisplayLanguages() []string
}

// System is the system's own Languages: Windows' display languages there, none elsewhere (on
// Linux and macOS the terminal's locale variables say it).
func System() Languages { return system() }

// NoLanguages is a system that keeps no display languages.
type NoLanguages struct{}

func (NoLanguages) DisplayLanguages() []string { return nil }

// windowsLanguages asks Windows: the user's preferred UI languages (GetUserPreferredUILanguages),
// else the user's default UI language (GetUserDefaultUILanguage), a LANGID.
type windowsLanguages struct {
	preferred   func() ([]string, error)
	userDefault func() uint16
}

func (w windowsLanguages) DisplayLanguages() []string {
	if w.preferred != nil {
		if tags, err := w.preferred(); err == nil {
			var out []string
			for _, tag := range tags {
				if tag = strings.TrimSpace(tag); tag != "" {
					out = append(out, tag)
				}
			}
			if len(out) > 0 {
				return out
			}
		}
	}
	if w.userDefault != nil {
		if tag := langIDTag(w.userDefault()); tag != "" {
			return []string{tag}
		}
	}
	return nil
}

// langIDTag is the language of a Windows LANGID: its low ten bits are the primary language
// (LANG_GERMAN 0x07, LANG_ENGLISH 0x09, ...). Only the languages a person may want cspfix in,
// or be shown English instead of, need a name; others are "".
func langIDTag(id uint16) string {
	switch id & 0x3ff {
	case 0x07:
		return "de"
	case 0x09:
		return "en"
	}
	return ""
}
