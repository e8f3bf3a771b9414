package diagnose

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cspfix/cspfix/internal/lazy"
	"github.com/cspfix/cspfix/internal/suggest"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// ErrorKind classifies a problem of a record that is not a valid case.
type ErrorKind string

const (
	ErrSyntax       ErrorKind = "syntax"        // a character JSON does not allow there
	ErrTruncated    ErrorKind = "truncated"     // the record ends too early
	ErrTooDeep      ErrorKind = "too_deep"      // nested too deeply
	ErrBadEscape    ErrorKind = "bad_escape"    // a backslash escape JSON does not have
	ErrEncoding     ErrorKind = "encoding"      // not text in the input's encoding
	ErrNotObject    ErrorKind = "not_object"    // a record that is not an object
	ErrUnknownKey   ErrorKind = "unknown_key"   // a key the case format does not have
	ErrDuplicateKey ErrorKind = "duplicate_key" // a key given twice in one object
	ErrWrongType    ErrorKind = "wrong_type"    // a value of the wrong JSON type
	ErrBadValue     ErrorKind = "bad_value"     // a value outside its list
	ErrBadTime      ErrorKind = "bad_time"      // not a time cspfix reads
	ErrTimeSkipped  ErrorKind = "time_skipped"  // a local time its zone skips (summer time begins)
	ErrTimeTwice    ErrorKind = "time_twice"    // a local time its zone has twice (summer time ends)
	ErrBadNumber    ErrorKind = "bad_number"    // a number that is not a Partner ID
	ErrMissing      ErrorKind = "missing"       // a required key not given
	ErrTooLarge     ErrorKind = "too_large"     // larger than MaxRecordSize
	ErrMissingComma ErrorKind = "missing_comma" // two cases in a list without a comma
	ErrEmptySlot    ErrorKind = "empty_slot"    // a comma in a list with no case before or after it
	ErrUnclosedList ErrorKind = "unclosed_list" // the input ends inside a list of cases

	// CSV input.
	ErrUnknownColumn   ErrorKind = "unknown_column"   // a header cell that is no column
	ErrDuplicateColumn ErrorKind = "duplicate_column" // a column named twice in the header
	ErrExtraCell       ErrorKind = "extra_cell"       // a cell beyond the header's columns
	ErrUnnamedColumn   ErrorKind = "unnamed_column"   // a cell in a column the header left unnamed
	ErrCSVQuote        ErrorKind = "csv_quote"        // a double quote where CSV allows none
	ErrCSVUnclosed     ErrorKind = "csv_unclosed"     // a quote that opens a cell and never closes it
	ErrCSVSeparator    ErrorKind = "csv_separator"    // a row written with another separator than the header
	ErrCSVHeaderAgain  ErrorKind = "csv_header_again" // a header row in the middle of the input
	ErrMixedEncoding   ErrorKind = "mixed_encoding"   // UTF-8 and another encoding in one cell
)

// Problem is one thing wrong with a record: where, and what is allowed instead.
type Problem struct {
	Line    int    // 1-based line in the input (while decoding: lines after the record's first)
	Field   string // field path such as "answers.other_csp" or "tried[1].scenario"; "" for the record
	Kind    ErrorKind
	Got     string   // the offending key, value, character, separator or JSON type, shortened and escaped
	Want    string   // for ErrWrongType: the JSON type expected; for ErrEncoding: the encoding
	Allowed []string // for ErrUnknownKey the known keys, for ErrBadValue and ErrMissing the values
	Suggest string   // a close known key ("did you mean")
	Also    []string // for ErrBadValue: the synonyms accepted for each value ("yes: y, ja")
}

// InputError is a record that is not a valid case, with every problem found in it in document
// order: the first is embedded, so that e.Line, e.Field and e.Kind name it.
type InputError struct {
	Problem
	Record int    // 1-based record number
	CaseID string // the record's own "id", when it could be read
	// Customer names the record's customer (its name, else its domain) when it could be read,
	// so that a table of results still says whose record it was.
	Customer string
	More     []Problem
	Omitted  int // problems found beyond those listed (the list is bounded)

	cat *scenarios.Catalog // the catalog of the decoder that found it, for Error
}

// customerOf is the customer as an invalid record names it: its name, else its domain.
func customerOf(c *Case) string {
	if c.Customer.Name != "" {
		return c.Customer.Name
	}
	return c.Customer.Domain
}

// Problems are all the problems listed, the first one first.
func (e *InputError) Problems() []Problem {
	return append([]Problem{e.Problem}, e.More...)
}

// Error is the first problem in English; a record's problems are shown to a person through
// Message, in the person's language.
func (e *InputError) Error() string {
	if e.cat == nil {
		return fmt.Sprintf("%s: %s %s", e.Field, e.Kind, e.Got) // made without a decoder (a test's)
	}
	return e.Message(e.cat, scenarios.EN)
}

// Message is the first problem in the given language.
func (e *InputError) Message(cat *scenarios.Catalog, lang scenarios.Lang) string {
	return e.Problem.Message(cat, lang)
}

// inputTexts are the texts of the problems, by kind.
var inputTexts = lazy.Value[map[ErrorKind]txt.Key]{Make: func() map[ErrorKind]txt.Key {
	return map[ErrorKind]txt.Key{
		ErrSyntax: txt.InputSyntax, ErrTruncated: txt.InputTruncated, ErrTooDeep: txt.InputTooDeep, ErrBadEscape: txt.InputBadEscape,
		ErrEncoding: txt.InputEncoding, ErrNotObject: txt.InputNotObject, ErrUnknownKey: txt.InputUnknownKey,
		ErrDuplicateKey: txt.InputDuplicateKey, ErrWrongType: txt.InputWrongType, ErrBadValue: txt.InputBadValue,
		ErrBadTime: txt.InputBadTime, ErrTimeSkipped: txt.InputTimeSkipped, ErrTimeTwice: txt.InputTimeTwice,
		ErrBadNumber: txt.InputBadNumber, ErrMissing: txt.InputMissing, ErrTooLarge: txt.InputTooLarge,
		ErrMissingComma: txt.InputMissingComma, ErrEmptySlot: txt.InputEmptySlot, ErrUnclosedList: txt.InputUnclosedList,
		ErrUnknownColumn: txt.InputUnknownColumn, ErrDuplicateColumn: txt.InputDuplicateColumn, ErrExtraCell: txt.InputExtraCell,
		ErrUnnamedColumn: txt.InputUnnamedColumn, ErrCSVQuote: txt.InputCSVQuote, ErrCSVUnclosed: txt.InputCSVUnclosed,
		ErrCSVSeparator: txt.InputCSVSeparator, ErrCSVHeaderAgain: txt.InputCSVHeaderAgain, ErrMixedEncoding: txt.InputMixedEncoding,
	}
}}

// typeNames are the texts that name the JSON types.
var typeNames = lazy.Value[map[string]txt.Key]{Make: func() map[string]txt.Key {
	return map[string]txt.Key{"string": txt.InputTypeString, "object": txt.InputTypeObject, "array": txt.InputTypeArray,
		"number": txt.InputTypeNumber, "boolean": txt.InputTypeBoolean, "null": txt.InputTypeNull}
}}

// Message is the problem in the given language, starting with the field path when there is one.
func (p *Problem) Message(cat *scenarios.Catalog, lang scenarios.Lang) string {
	got := p.Got
	if p.Kind == ErrWrongType {
		got = typeName(cat, got, lang)
	}
	msg := cat.Text(inputTexts.Get()[p.Kind], lang,
		"got", got,
		"want", typeName(cat, p.Want, lang),
		"allowed", strings.Join(p.Allowed, ", "),
		"max", strconv.Itoa(MaxRecordSize>>20))
	if len(p.Also) > 0 {
		msg += " " + cat.Text(txt.InputAlso, lang, "also", strings.Join(p.Also, "; "))
	}
	if p.Suggest != "" {
		msg += " " + cat.Text(txt.InputDidYouMean, lang, "key", p.Suggest)
	}
	if p.Field != "" {
		msg = p.Field + ": " + msg
	}
	return msg
}

// typeName names a JSON type, or an encoding (as it is), for a message.
func typeName(cat *scenarios.Catalog, t string, lang scenarios.Lang) string {
	if k, ok := typeNames.Get()[t]; ok {
		return cat.Text(k, lang)
	}
	return t
}

func jsonType(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// suggestKey finds the known key closest to an unknown one in object f. At the top level it
// also looks one level down, so that "other_csp" written outside "answers" gets
// "answers.other_csp". Long keys get no suggestion: they are not typing mistakes, and the
// comparison would cost time that grows with their length.
func suggestKey(key string, f *Field) string {
	if len(key) > 64 {
		return ""
	}
	best, bestDist := "", len(key)/3+2
	lower := strings.ToLower(key)
	consider := func(candidate, leaf string) {
		if d := suggest.Distance(lower, leaf); d < bestDist {
			best, bestDist = candidate, d
		}
	}
	for _, c := range f.Fields {
		consider(c.Name, c.Name)
	}
	if f.Path == "" { // the case itself
		for _, c := range f.Fields {
			for _, sub := range c.Fields {
				consider(c.Name+"."+sub.Name, sub.Name)
			}
		}
	}
	return best
}
