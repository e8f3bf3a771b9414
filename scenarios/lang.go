package scenarios

import (
	"fmt"
	"strings"
)

// Lang is an interface language. Every human text of cspfix exists in each of them.
type Lang string

const (
	EN Lang = "en"
	DE Lang = "de"
)

// Langs lists the supported languages, English first because it is the default.
var Langs = []Lang{EN, DE}

// ParseLang accepts "en", "de" and locale names such as "de_DE.UTF-8" or "en-GB".
func ParseLang(s string) (Lang, error) {
	if l, ok := LangOf(s); ok {
		return l, nil
	}
	return "", fmt.Errorf("unsupported language %q (use de or en)", s)
}

// LangOf is the language s names as ParseLang reads it, and whether cspfix has it: the test of
// every locale variable at start-up, spared making an error for each that is not one.
func LangOf(s string) (Lang, bool) {
	base := s
	if i := strings.IndexAny(base, "_-.@"); i >= 0 {
		base = base[:i]
	}
	switch {
	case strings.EqualFold(base, string(EN)):
		return EN, true
	case strings.EqualFold(base, string(DE)):
		return DE, true
	}
	return "", false
}

// Text is one human text in every language.
type Text struct {
	EN string `json:"en"`
	DE string `json:"de"`
}

// In returns the text in lang, falling back to English.
func (t Text) In(lang Lang) string {
	if lang == DE && t.DE != "" {
		return t.DE
	}
	return t.EN
}

func (t Text) complete() bool {
	return strings.TrimSpace(t.EN) != "" && strings.TrimSpace(t.DE) != ""
}
