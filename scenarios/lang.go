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
	base := strings.ToLower(s)
	if i := strings.IndexAny(base, "_-.@"); i >= 0 {
		base = base[:i]
	}
	switch Lang(base) {
	case EN, DE:
		return Lang(base), nil
	}
	return "", fmt.Errorf("unsupported language %q (use de or en)", s)
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
