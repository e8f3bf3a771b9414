package scenarios

import "strings"

// The words people type and write, in both languages, that cspfix reads rather than shows: the
// catalog's language data next to its texts.

// AnswerWords are what people type for an answer's value in the accessible walkthrough, in
// English and German (README "The walkthrough").
var AnswerWords = map[string]string{
	"y": "yes", "j": "yes", "ja": "yes", "n": "no", "nein": "no",
	"?": "unknown", "unbekannt": "unknown", "weiß nicht": "unknown", "don't know": "unknown",
	"später": "later", "spaeter": "later",
}

// BackWords go back to the previous question.
var BackWords = []string{"<", "back", "zurück", "zurueck"}

// germanLetters are spelled out as German writes them without umlauts.
var germanLetters = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss")

// SpellOutUmlauts writes the German umlauts and ß as German spells them in ASCII ("ä" as "ae"),
// for names that must do without them (file names).
func SpellOutUmlauts(s string) string { return germanLetters.Replace(s) }
