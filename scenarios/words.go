package scenarios

import (
	"slices"
	"strings"

	"github.com/cspfix/cspfix/internal/lazy"
)

// The words people type and write, in both languages, that cspfix reads rather than shows: the
// catalog's language data next to its texts.

// AnswerWords are what people type for an answer's value in the accessible walkthrough, in
// English and German (README "The walkthrough"), in lower case: the words a case file may write
// for yes, no and unknown, and "später" for later.
// They are made when first asked for: most commands never read an answer typed by a person.
func AnswerWords() map[string]string { return answerWords.Get() }

var answerWords = lazy.Value[map[string]string]{Make: func() map[string]string {
	words := map[string]string{"später": "later", "spaeter": "later"}
	for _, s := range YesNoSynonyms.Get() {
		if s.Word != "" {
			words[strings.ToLower(s.Word)] = s.Value
		}
	}
	return words
}}

// The words of a time as people type it, in English and German (README "The walkthrough"): the
// words for now, the days a time of day may be said with, and the patterns of "2 hours ago" and
// of a time of day. The walkthrough reads times with them (walkthrough.ParseTime).
var (
	NowWords = []string{"now", "jetzt", "gerade", "just now", "eben"}
	// DayWords name a day as the days before today (tomorrow, for when to try again, is one day
	// before today less one).
	DayWords = []DayWord{{"today", 0}, {"heute", 0}, {"yesterday", 1}, {"gestern", 1}, {"vorgestern", 2},
		{"tomorrow", -1}, {"morgen", -1}, {"übermorgen", -2}}
)

// DayWord is a word for a day, as the days before today.
type DayWord struct {
	Word     string
	DaysBack int
}

// AgoPattern is a time as a span before now; its groups are the number and the unit, whose
// first letter says which unit it is: m minutes; h or s hours; d or t days.
const AgoPattern = `^(?:vor\s+)?(\d{1,4})\s*(m|min|mins|minute|minutes|minuten?|h|hr|hrs|std\.?|stunden?|hours?|d|tage?n?|days?)\.?(?:\s+ago)?$`

// ClockPattern is a time of day, with its hour, minutes, the word after it (the 24-hour clock's
// word, am or pm) and minutes said after that word.
const ClockPattern = `^(\d{1,2})(?::(\d{2}))?\s*(uhr(?:\s+(\d{2}))?|am|pm|a\.m\.|p\.m\.|o'clock)?$`

// BackWords go back to the previous question.
var BackWords = []string{"<", "back", "zurück", "zurueck"}

// germanLetters are spelled out as German writes them without umlauts.
var germanLetters = lazy.Value[*strings.Replacer]{Make: func() *strings.Replacer {
	return strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss")
}}

// SpellOutUmlauts writes the German umlauts and ß as German spells them in ASCII ("ä" as "ae"),
// for names that must do without them (file names).
func SpellOutUmlauts(s string) string { return germanLetters.Get().Replace(s) }

// Synonym is a word that an export or a person writes for one of a field's values: "ja" for
// "yes". Case files and CSV exports are read with them (README "The case file"); letter case,
// surrounding white space and a space or hyphen for an underscore never matter.
type Synonym struct{ Word, Value string }

// unknownWords mean "not known" wherever a value can be unknown; "" is an empty cell, "k.A."
// is "keine Angabe". "wahr" and "falsch" are how a German Excel writes TRUE and FALSE.
var unknownWords = []string{"", "?", "-", "unbekannt", "weiß nicht", "weiss nicht", "k.A.", "don't know", "don’t know"}

func synonymsOf(value string, words ...string) []Synonym {
	s := make([]Synonym, len(words))
	for i, w := range words {
		s[i] = Synonym{w, value}
	}
	return s
}

// YesNoSynonyms are the other ways of writing a yes/no/unknown answer; "true" and "false" also
// stand for the JSON literals. The lists of synonyms are made when a model is first made.
var YesNoSynonyms = lazy.Value[[]Synonym]{Make: func() []Synonym {
	return slices.Concat(
		synonymsOf("yes", "y", "j", "ja", "true", "wahr"),
		synonymsOf("no", "n", "nein", "false", "falsch"),
		synonymsOf("unknown", unknownWords...))
}}

// SearchSynonyms are the other ways of writing what the Partner Center search found.
var SearchSynonyms = lazy.Value[[]Synonym]{Make: func() []Synonym {
	return slices.Concat(
		synonymsOf("found", "yes", "y", "j", "ja", "true", "wahr", "gefunden"),
		synonymsOf("not_found", "no", "n", "nein", "false", "falsch", "nicht gefunden"),
		synonymsOf("not_checked", append([]string{"unknown", "nicht geprüft", "nicht geprueft"}, unknownWords...)...))
}}

// UnknownSynonyms are the other ways of writing "unknown" for a follow-up's kind.
var UnknownSynonyms = lazy.Value[[]Synonym]{Make: func() []Synonym { return synonymsOf("unknown", unknownWords...) }}

// SynonymSet is the set of synonyms an answer names in the catalog ("" for none).
func SynonymSet(name string) ([]Synonym, bool) {
	switch name {
	case "":
		return nil, true
	case "yes_no":
		return YesNoSynonyms.Get(), true
	case "search":
		return SearchSynonyms.Get(), true
	case "unknown":
		return UnknownSynonyms.Get(), true
	}
	return nil, false
}
