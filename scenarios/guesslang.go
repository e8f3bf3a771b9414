package scenarios

import (
	"strings"
	"unicode"

	"github.com/cspfix/cspfix/internal/lazy"
)

// The ticket marks a note written in another language than the ticket's (README "Writing the
// support ticket"). Notes are short and informal, so the guess counts the small words every
// sentence has; a text that gives no clear sign is left unmarked.

// commonWords are frequent short words of each language that the other rarely uses; made when
// a ticket first guesses a language, not in every run.
var commonWords = lazy.Value[map[string]Lang]{Make: func() map[string]Lang {
	return map[string]Lang{
		"der": DE, "die": DE, "das": DE, "und": DE, "ist": DE,
		"nicht": DE, "ein": DE, "eine": DE, "einen": DE, "mit": DE,
		"auf": DE, "für": DE, "wir": DE, "sie": DE, "es": DE,
		"hat": DE, "wurde": DE, "kunde": DE, "kunden": DE, "noch": DE,
		"auch": DE, "bei": DE, "von": DE, "zu": DE, "im": DE,
		"den": DE, "dem": DE, "des": DE, "sich": DE, "dass": DE,
		"aber": DE, "oder": DE, "wenn": DE, "schon": DE, "nur": DE,
		"keine": DE, "kein": DE, "gleiche": DE, "gleicher": DE, "fehler": DE,
		"erneut": DE, "wieder": DE, "versucht": DE, "eingegeben": DE, "gewartet": DE,
		"the": EN, "and": EN, "is": EN, "not": EN, "a": EN,
		"with": EN, "on": EN, "for": EN, "we": EN,
		"they": EN, "it": EN, "has": EN, "customer": EN,
		"still": EN, "also": EN, "at": EN, "of": EN, "to": EN,
		"that": EN, "but": EN, "or": EN, "if": EN, "already": EN,
		"only": EN, "no": EN, "same": EN, "error": EN, "again": EN,
		"tried": EN, "entered": EN, "waited": EN, "says": EN,
	}
}}

// maxGuessWords bounds the work of a guess: the first words of a note say enough.
const maxGuessWords = 200

// GuessLang guesses the language a note is written in: DE or EN when at least two of its common
// words point there and clearly more than to the other, "" when it cannot tell. Umlauts and ß
// count for German.
func GuessLang(s string) Lang {
	score := map[Lang]int{}
	n := 0
	for word := range strings.FieldsFuncSeq(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' }) {
		if n++; n > maxGuessWords {
			break
		}
		word = strings.ToLower(word)
		if l, ok := commonWords.Get()[word]; ok {
			score[l]++
		}
		if strings.ContainsAny(word, "äöüß") {
			score[DE]++
		}
	}
	de, en := score[DE], score[EN]
	switch {
	case de >= 2 && de > 2*en:
		return DE
	case en >= 2 && en > 2*de:
		return EN
	}
	return ""
}
