package diagnose

import (
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/cspfix/cspfix/internal/suggest"
	"github.com/cspfix/cspfix/scenarios"
)

// ErrorKind classifies why a record is not a valid case.
type ErrorKind string

const (
	ErrSyntax     ErrorKind = "syntax"
	ErrNotObject  ErrorKind = "not_object"
	ErrUnknownKey ErrorKind = "unknown_key"
	ErrWrongType  ErrorKind = "wrong_type"
	ErrBadValue   ErrorKind = "bad_value"
	ErrBadTime    ErrorKind = "bad_time"
	ErrTooLarge   ErrorKind = "too_large"
)

// InputError says which record is broken, where, and what is allowed instead.
type InputError struct {
	Record  int    // 1-based record number
	CaseID  string // the record's own "id", when it could be read
	Line    int    // 1-based line of the record (or of the syntax error in it)
	Field   string // field path such as "answers.other_csp"; empty for the whole record
	Kind    ErrorKind
	Got     string   // the offending key, value or JSON type, shortened
	Want    string   // for ErrWrongType: the JSON type expected
	Allowed []string // for ErrUnknownKey the known keys, for ErrBadValue the allowed values
	Suggest string   // a close known key ("did you mean")
	Detail  string   // for ErrSyntax: what the JSON parser saw
}

func (e *InputError) Error() string { return e.Message(scenarios.EN) }

// Message is the error in the given language, starting with the field path when there is one.
func (e *InputError) Message(lang scenarios.Lang) string {
	got := e.Got
	if e.Kind == ErrWrongType {
		got = typeName(got, lang)
	}
	msg := scenarios.Fill(inputErrorTexts[e.Kind].In(lang),
		"got", got,
		"want", typeName(e.Want, lang),
		"allowed", strings.Join(e.Allowed, ", "),
		"detail", syntaxDetail(e.Detail, lang),
		"max", strconv.Itoa(MaxRecordSize>>20))
	if e.Suggest != "" {
		msg += scenarios.Fill(didYouMean.In(lang), "key", e.Suggest)
	}
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	return msg
}

var inputErrorTexts = map[ErrorKind]scenarios.Text{
	ErrSyntax: {
		EN: "not valid JSON: {detail}",
		DE: "kein gültiges JSON: {detail}"},
	ErrNotObject: {
		EN: "a case must be a JSON object, not {want}",
		DE: "ein Fall muss ein JSON-Objekt sein, nicht {want}"},
	ErrUnknownKey: {
		EN: "unknown key; the keys here are {allowed}",
		DE: "unbekannter Schlüssel; möglich sind hier {allowed}"},
	ErrWrongType: {
		EN: "must be {want}, not {got}",
		DE: "muss {want} sein, nicht {got}"},
	ErrBadValue: {
		EN: "{got} is not allowed; use one of: {allowed}",
		DE: "{got} ist nicht erlaubt; erlaubt sind: {allowed}"},
	ErrBadTime: {
		EN: "{got} is not an RFC 3339 time; write it like 2026-11-20T09:14:00+01:00",
		DE: "{got} ist keine RFC-3339-Zeit; schreiben Sie sie wie 2026-11-20T09:14:00+01:00"},
	ErrTooLarge: {
		EN: "the record is larger than {max} MiB",
		DE: "der Datensatz ist größer als {max} MiB"},
}

var didYouMean = scenarios.Text{EN: " (did you mean \"{key}\"?)", DE: " (meinten Sie „{key}“?)"}

var typeNames = map[string]scenarios.Text{
	"string":  {EN: "a string", DE: "eine Zeichenkette"},
	"object":  {EN: "an object", DE: "ein Objekt"},
	"array":   {EN: "a list", DE: "eine Liste"},
	"number":  {EN: "a number", DE: "eine Zahl"},
	"boolean": {EN: "true or false", DE: "true oder false"},
	"null":    {EN: "null", DE: "null"},
}

func typeName(t string, lang scenarios.Lang) string {
	if n, ok := typeNames[t]; ok {
		return n.In(lang)
	}
	return t
}

var (
	invalidCharDetail = scenarios.Text{EN: "invalid character {char}", DE: "ungültiges Zeichen {char}"}
	endOfInput        = scenarios.Text{EN: "the record ends too early", DE: "der Datensatz endet zu früh"}
	tooDeep           = scenarios.Text{EN: "it is nested too deeply", DE: "er ist zu tief verschachtelt"}
	invalidUTF8       = scenarios.Text{
		EN: "it is not UTF-8 text (save it as UTF-8 or UTF-16)",
		DE: "er ist kein UTF-8-Text (als UTF-8 oder UTF-16 speichern)"}
)

const badUTF8 = "invalid UTF-8"

// syntaxDetail turns encoding/json's description into a short sentence in lang.
func syntaxDetail(detail string, lang scenarios.Lang) string {
	switch {
	case detail == "":
		return ""
	case strings.Contains(detail, "unexpected end"):
		return endOfInput.In(lang)
	case strings.Contains(detail, "exceeded max depth"):
		return tooDeep.In(lang)
	case detail == badUTF8:
		return invalidUTF8.In(lang)
	}
	// encoding/json says "invalid character 'x' looking for …"; keep the character.
	if _, rest, ok := strings.Cut(detail, "invalid character '"); ok {
		if char, _, ok := strings.Cut(rest, "' "); ok {
			return scenarios.Fill(invalidCharDetail.In(lang), "char", "'"+char+"'")
		}
	}
	return detail
}

// valueError is returned by the UnmarshalJSON methods of enum and time fields; explain turns it
// into an InputError with the field path.
type valueError struct {
	field   string // set when the error is about a sub-field (Tried.scenario)
	allowed []string
	time    bool
}

func (e *valueError) Error() string {
	if e.time {
		return "not an RFC 3339 time"
	}
	return "must be one of " + strings.Join(e.allowed, ", ")
}

// explain finds out precisely why frame is not a valid case. It runs only for records that
// failed the fast strict decoding, so it may be slow.
func explain(frame []byte) *InputError {
	if !utf8.Valid(frame) {
		return &InputError{Kind: ErrSyntax, Detail: badUTF8}
	}
	var v any
	if err := json.Unmarshal(frame, &v); err != nil {
		ie := &InputError{Kind: ErrSyntax, Detail: strings.TrimPrefix(err.Error(), "json: ")}
		var se *json.SyntaxError
		if errors.As(err, &se) && se.Offset > 0 && int(se.Offset) <= len(frame) {
			ie.Line = strings.Count(string(frame[:se.Offset-1]), "\n")
		}
		return ie
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return &InputError{Kind: ErrNotObject, Want: jsonType(frame)}
	}
	if ie := explainValue(frame, caseType, ""); ie != nil {
		// Name the record by its own id in the results, as a valid one would be.
		ie.CaseID, _ = obj["id"].(string)
		return ie
	}
	// The walk found nothing although the strict decoding failed: report what the decoder said
	// rather than accept the record.
	var c Case
	err := strictUnmarshal(frame, &c)
	if err == nil {
		return nil
	}
	return &InputError{Kind: ErrSyntax, Detail: strings.TrimPrefix(err.Error(), "json: ")}
}

var (
	caseType        = reflect.TypeFor[Case]()
	timeType        = reflect.TypeFor[Time]()
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
)

func explainValue(raw []byte, t reflect.Type, path string) *InputError {
	if string(raw) == "null" {
		return nil
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t.Kind() == reflect.Struct && t != timeType:
		if ie := explainObject(raw, t, path); ie != nil {
			return ie
		}
	case t.Kind() == reflect.Slice:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return wrongType(path, "array", raw)
		}
		for i, item := range items {
			if ie := explainValue(item, t.Elem(), path+"["+strconv.Itoa(i)+"]"); ie != nil {
				return ie
			}
		}
		return nil
	case t.Kind() == reflect.String && !reflect.PointerTo(t).Implements(unmarshalerType):
		if raw[0] != '"' {
			return wrongType(path, "string", raw)
		}
		return nil
	}
	if !reflect.PointerTo(t).Implements(unmarshalerType) {
		return nil
	}
	err := reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(raw)
	var ve *valueError
	if !errors.As(err, &ve) {
		return nil
	}
	if ve.field != "" {
		path = joinPath(path, ve.field)
		var fields map[string]json.RawMessage
		if json.Unmarshal(raw, &fields) == nil {
			raw = fields[ve.field]
		}
	}
	if ve.time {
		return &InputError{Field: path, Kind: ErrBadTime, Got: shorten(raw)}
	}
	return &InputError{Field: path, Kind: ErrBadValue, Got: shorten(raw), Allowed: ve.allowed}
}

func explainObject(raw []byte, t reflect.Type, path string) *InputError {
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return wrongType(path, "object", raw)
	}
	known := jsonFields(t)
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f, ok := known.byName[k]
		if !ok {
			return &InputError{
				Field: joinPath(path, k), Kind: ErrUnknownKey, Got: k,
				Allowed: known.names, Suggest: suggestKey(k, t, known.names),
			}
		}
		if ie := explainValue(fields[k], f.Type, joinPath(path, k)); ie != nil {
			return ie
		}
	}
	return nil
}

func wrongType(path, want string, raw []byte) *InputError {
	return &InputError{Field: path, Kind: ErrWrongType, Want: want, Got: jsonType(raw)}
}

func jsonType(raw []byte) string {
	switch raw[0] {
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

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// shorten quotes a raw value for a message and cuts long ones.
func shorten(raw []byte) string {
	const max = 40
	s := string(raw)
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max]) + "…"
	}
	return s
}

type fieldSet struct {
	names  []string
	byName map[string]reflect.StructField
}

var fieldCache sync.Map // reflect.Type → *fieldSet

func jsonFields(t reflect.Type) *fieldSet {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.(*fieldSet)
	}
	fs := &fieldSet{byName: map[string]reflect.StructField{}}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		fs.names = append(fs.names, name)
		fs.byName[name] = f
	}
	fieldCache.Store(t, fs)
	return fs
}

// suggestKey finds the known key closest to an unknown one. At the top level it also looks one
// level down, so that "other_csp" written outside "answers" gets "answers.other_csp".
func suggestKey(key string, t reflect.Type, names []string) string {
	best, bestDist := "", len(key)/3+2
	consider := func(candidate, leaf string) {
		if d := suggest.Distance(strings.ToLower(key), leaf); d < bestDist {
			best, bestDist = candidate, d
		}
	}
	for _, n := range names {
		consider(n, n)
	}
	if t == caseType {
		for _, n := range names {
			ft := jsonFields(caseType).byName[n].Type
			if ft.Kind() != reflect.Struct || ft == timeType {
				continue
			}
			for _, sub := range jsonFields(ft).names {
				consider(n+"."+sub, sub)
			}
		}
	}
	return best
}
