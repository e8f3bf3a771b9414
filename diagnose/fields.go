package diagnose

import (
	"strings"
	"time"

	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// Kind says how a field is written in a case file.
type Kind uint8

const (
	KindObject Kind = iota + 1 // an object of named fields
	KindList                   // a list of Item
	KindText                   // any string
	KindEnum                   // a string from Values
	KindTime                   // an RFC 3339 time
)

// Field is one key of the case file. The table of fields (Model.CaseFields) is the one
// definition of the case format: the decoder, the encoder, the schema, the rules' list of what is
// missing, the ticket, the walkthrough and the docs read it (docs/architecture.md). Its keys
// outside "answers" are Go's (the case's own facts); the answers, and how every question is
// asked, are the catalog's.
type Field struct {
	Path string // "answers.other_csp"; inside a list "tried[].scenario"
	Name string // the key
	Kind Kind
	// Values are what an enum allows, in the order to offer them; Unset is the value that means
	// "not known", which a case leaves out (a missing answer is unknown).
	Values []string
	Unset  string
	// Synonyms are other words for Values that are read as them (values.go); Integer text
	// fields also take a JSON integer (a Partner ID exported as a number).
	Synonyms []scenarios.Synonym
	Integer  bool
	// Required fields must be given wherever their object is (a tried step's scenario).
	Required bool
	Fields   []*Field // of an object
	Item     *Field   // of a list

	// What the diagnosis needs to know (the catalog's needs.json). Need is the field's place
	// in the list of what to find out first (Result.Missing), cheapest to verify first; 0 when
	// it is never listed. BeforeFallback fields must be known before the diagnosis concludes
	// that nothing else fits (the fallback scenario). Checks is the scenario that cannot be
	// ruled out while the field is unknown.
	Need           int
	BeforeFallback bool
	Checks         scenarios.ID
	// The ticket: TicketNeed is the field's place among the facts partner support cannot work
	// without, TicketLabel the catalog text that names it there.
	TicketNeed  int
	TicketLabel txt.Key
	// Question is the catalog's question about the field; nil for none. Ask says how the
	// walkthrough asks for it; nil when it does not.
	Question *scenarios.Question
	Ask      *Ask

	// Accessors: where the value lives in a case. i is the index in the enclosing list, for
	// the fields of a list's items. They hand out no memory of their own: setTime stores the
	// time it is given (a list of times, a copy of it), and a list's items are grown by the
	// caller through times or tried, so that the decoder can give them the memory of its arena.
	get     func(c *Case, i int) string
	set     func(c *Case, i int, v string)
	getTime func(c *Case, i int) (Time, bool)
	setTime func(c *Case, i int, t *Time)
	times   func(c *Case) *[]Time   // a list of times
	tried   func(c *Case) *[]Tried  // the list of tried steps
	lookups func(c *Case) *[]Lookup // the list of looked-up facts
	copies  bool                    // setTime keeps a copy of the time (an item of a list of times)

	model *Model // whose table this is
}

// Ask is how the walkthrough asks for a field.
type Ask struct {
	// Index is the question's place in the order the walkthrough asks in: its place in the
	// catalog.
	Index int
	Group Group // the part of the guide the question belongs to
	// A follow-up is asked only when the field After holds When (any value, when When is
	// empty); where When is a value, it is also needed and counted only then.
	After *Field
	When  string
	// Unless the field UnlessField holds UnlessValue: the question is then neither asked nor
	// needed (a new tenant has no entered tenant ID).
	UnlessField *Field
	UnlessValue string
	// TenantID fields are checked as a tenant ID while typed; one that Confirms another is
	// compared with it character by character.
	TenantID bool
	Confirms *Field
	// PartnerID fields are checked as a Partner ID while typed (IsPartnerID).
	PartnerID bool
	// ErrorText fields take an error text, which the walkthrough recognises when it is known
	// (Model.RecognisedError).
	ErrorText bool
	// Default is offered when the case has no value yet.
	Default string
}

// Group is a part of the guide's questions: the failed attempt, the conversation with the
// customer, the reseller's own systems (scenarios.Groups, in that order).
type Group int

const (
	GroupAttempt Group = iota
	GroupConversation
	GroupOwnSystems
)

// TenantIDPath is the path of the tenant ID the partner entered: the ticket marks it missing
// only where it is needed (not when a new tenant is created).
const TenantIDPath = "customer.tenant_id"

// Applies reports whether a question is asked for c: not when the field its "unless" names
// has the value that rules it out, as c gives it or, left unset, as c's known error text
// implies it (README "The error text and where it failed"); a follow-up only after the answer
// it follows. A follow-up of a value is also needed and counted only then (Counts).
func (f *Field) Applies(c *Case) bool { return f.applies(c, unmatched) }

// unmatched stands for a known error text not yet looked for (applies).
const unmatched = -2

// applies is Applies with the index of c's known error text (-1 for none) when the caller has
// it, else unmatched: the text is then matched here, and only when an "unless" needs it.
func (f *Field) applies(c *Case, known int) bool {
	if a := f.Ask; a != nil && a.UnlessField != nil {
		v := a.UnlessField.Value(c)
		if v == a.UnlessField.Unset && strings.TrimSpace(c.ErrorMessage) != "" {
			m := modelOf(c)
			if known == unmatched {
				var em errorMatcher
				known, _ = em.match(m, c.ErrorMessage)
			}
			if known >= 0 {
				if implied, ok := m.Catalog.Errors[known].Implies.Get(a.UnlessField.Path); ok {
					v = implied
				}
			}
		}
		if v == a.UnlessValue {
			return false
		}
	}
	if f.Ask == nil || f.Ask.After == nil {
		return true
	}
	if f.Ask.When == "" {
		return f.Ask.After.Known(c)
	}
	return f.Ask.After.Value(c) == f.Ask.When
}

// Counts reports whether the value of f in c counts: a follow-up of a value (the kind of the
// other partner, after "yes, another partner") counts only after that value, as the README's
// "The case file" says; any other field counts as it is given.
func (f *Field) Counts(c *Case) bool {
	if f.Ask == nil || f.Ask.After == nil || f.Ask.When == "" {
		return true
	}
	return f.Ask.After.Value(c) == f.Ask.When
}

// Value is the field's value in c as the case file writes it: the text, the enum value (Unset
// when not known), the time in RFC 3339, or "" for what is not given.
func (f *Field) Value(c *Case) string {
	switch f.Kind {
	case KindText:
		return f.get(c, 0)
	case KindEnum:
		if v := f.get(c, 0); v != "" {
			return v
		}
		return f.Unset
	case KindTime:
		if t, ok := f.getTime(c, 0); ok {
			return t.Format(time.RFC3339)
		}
	case KindList:
		// A list of times is asked for its latest entry.
		if n := f.size(c); n > 0 && f.Item.Kind == KindTime {
			t, _ := f.Item.getTime(c, n-1)
			return t.Format(time.RFC3339)
		}
	}
	return ""
}

// Time is the value of a field of kind time in c.
func (f *Field) Time(c *Case) (Time, bool) {
	if f.Kind != KindTime {
		return Time{}, false
	}
	return f.getTime(c, 0)
}

// Known reports whether c holds a value for the field: text that is not blank, an enum answered
// with something other than Unset, a time, a list with an item.
func (f *Field) Known(c *Case) bool {
	switch f.Kind {
	case KindText:
		return strings.TrimSpace(f.get(c, 0)) != ""
	case KindEnum:
		return f.get(c, 0) != ""
	case KindTime:
		_, ok := f.getTime(c, 0)
		return ok
	case KindList:
		return f.size(c) > 0
	}
	return false
}

// Settled reports whether c holds a usable value for the field: a known one, and for a tenant
// ID that confirms another, a valid one (a confirmed ID that is not one must be asked again).
func (f *Field) Settled(c *Case) bool {
	if !f.Known(c) {
		return false
	}
	if f.Ask != nil && f.Ask.Confirms != nil {
		return CheckTenantID(f.get(c, 0)).Valid
	}
	return true
}

// Set stores v (a text, an enum value or an RFC 3339 time) in c; it reports false, and changes
// nothing, when v is not allowed. For a list of times, v is added to the list.
func (f *Field) Set(c *Case, v string) bool {
	c.of(f.model)
	switch f.Kind {
	case KindList:
		t, ok := parseTime(v)
		if ok && f.times != nil {
			list := f.times(c)
			*list = append(*list, t)
		}
		return ok && f.times != nil
	case KindText:
		f.set(c, 0, v)
		return true
	case KindEnum:
		return f.setEnum(c, 0, v)
	case KindTime:
		t, ok := parseTime(v)
		if ok {
			f.setTime(c, 0, &t)
		}
		return ok
	}
	return false
}

// Correct stores v as Set does, except that for a list of times it replaces the latest item,
// the one Value shows (and adds one to an empty list): a time given again is a correction of the
// one asked for, not another failed attempt.
func (f *Field) Correct(c *Case, v string) bool {
	if f.Kind != KindList || f.times == nil {
		return f.Set(c, v)
	}
	c.of(f.model)
	t, ok := parseTime(v)
	if !ok {
		return false
	}
	if list := f.times(c); len(*list) > 0 {
		(*list)[len(*list)-1] = t
		return true
	}
	return f.Set(c, v)
}

// setEnum stores an allowed value.
func (f *Field) setEnum(c *Case, i int, v string) bool {
	canonical, ok := f.match([]byte(v))
	if ok {
		f.storeEnum(c, i, canonical)
	}
	return ok
}

// match finds v among the allowed values, or their synonyms; it does not allocate for a value
// written as the case format writes it.
func (f *Field) match(v []byte) (string, bool) {
	for _, allowed := range f.Values {
		if string(v) == allowed {
			return allowed, true
		}
	}
	return f.matchWord(string(v))
}

// matchString is match for a value that is a string already (a CSV cell).
func (f *Field) matchString(v string) (string, bool) {
	for _, allowed := range f.Values {
		if v == allowed {
			return allowed, true
		}
	}
	return f.matchWord(v)
}

// storeEnum stores an allowed value; Unset is kept as the zero value, as a missing one is.
func (f *Field) storeEnum(c *Case, i int, v string) {
	if v == f.Unset {
		v = ""
	}
	f.set(c, i, v)
}

// size is the length of a list.
func (f *Field) size(c *Case) int {
	switch {
	case f.times != nil:
		return len(*f.times(c))
	case f.tried != nil:
		return len(*f.tried(c))
	case f.lookups != nil:
		return len(*f.lookups(c))
	}
	return 0
}

// childFrom is the field of an object with the given key, and its index there (-1 for none). It
// tries the field at index next first: keys mostly come in table order.
func (f *Field) childFrom(key []byte, next int) (*Field, int) {
	if next < len(f.Fields) && f.Fields[next].Name == string(key) {
		return f.Fields[next], next
	}
	for i, c := range f.Fields {
		if c.Name == string(key) {
			return c, i
		}
	}
	return nil, -1
}

// Names are the keys of an object's fields, in table order.
func (f *Field) Names() []string {
	names := make([]string, len(f.Fields))
	for i, c := range f.Fields {
		names[i] = c.Name
	}
	return names
}

// Table constructors. Accessors return where a value lives in the case, so that one
// definition serves reading and writing.

func object(name string, fields ...*Field) *Field {
	return &Field{Name: name, Kind: KindObject, Fields: fields}
}

func text(name string, p func(c *Case, i int) *string) *Field {
	return &Field{Name: name, Kind: KindText,
		get: func(c *Case, i int) string { return *p(c, i) },
		set: func(c *Case, i int, v string) { *p(c, i) = v }}
}

func enum[T ~string](name string, values []string, unset string, p func(c *Case, i int) *T) *Field {
	return &Field{Name: name, Kind: KindEnum, Values: values, Unset: unset,
		get: func(c *Case, i int) string { return string(*p(c, i)) },
		set: func(c *Case, i int, v string) { *p(c, i) = T(v) }}
}

func moment(name string, p func(c *Case, i int) **Time) *Field {
	return &Field{Name: name, Kind: KindTime,
		getTime: func(c *Case, i int) (Time, bool) {
			if t := *p(c, i); t != nil {
				return *t, true
			}
			return Time{}, false
		},
		setTime: func(c *Case, i int, t *Time) { *p(c, i) = t }}
}

// caseTable is the case's own part of the table, around the answers the catalog defines: a new
// table for each model, since the catalog adds to its rows. tried and outcome are the values of
// a tried step's and an outcome's scenario.
func caseTable(answers *Field, tried, outcome []string) *Field {
	return object("",
		text("$schema", func(c *Case, _ int) *string { return &c.Schema }),
		text("id", func(c *Case, _ int) *string { return &c.ID }),
		object("customer",
			text("name", func(c *Case, _ int) *string { return &c.Customer.Name }),
			text("domain", func(c *Case, _ int) *string { return &c.Customer.Domain }),
			text("tenant_id", func(c *Case, _ int) *string { return &c.Customer.TenantID }),
			text("confirmed_tenant_id", func(c *Case, _ int) *string { return &c.Customer.ConfirmedTenantID }),
			text("country", func(c *Case, _ int) *string { return &c.Customer.Country }),
		),
		object("partner",
			text("name", func(c *Case, _ int) *string { return &c.Partner.Name }),
			text("partner_id", func(c *Case, _ int) *string { return &c.Partner.PartnerID }).integer(),
			text("indirect_provider", func(c *Case, _ int) *string { return &c.Partner.IndirectProvider }),
			text("country", func(c *Case, _ int) *string { return &c.Partner.Country }),
		),
		choice("operation", func(c *Case, _ int) *string { return &c.Operation }),
		choice("error_place", func(c *Case, _ int) *string { return &c.ErrorPlace }),
		text("error_message", func(c *Case, _ int) *string { return &c.ErrorMessage }),
		timeList("attempts", func(c *Case) *[]Time { return &c.Attempts }),
		answers,
		triedList("tried", object("",
			required(enum("scenario", tried, "", func(c *Case, i int) *scenarios.ID { return &c.Tried[i].Scenario })),
			moment("at", func(c *Case, i int) **Time { return &c.Tried[i].At }),
			text("note", func(c *Case, i int) *string { return &c.Tried[i].Note }),
		), func(c *Case) *[]Tried { return &c.Tried }),
		object("outcome",
			required(enum("status", []string{"fixed", "ticket_opened"}, "", func(c *Case, _ int) *OutcomeStatus { return &c.Outcome.Status })),
			enum("scenario", outcome, "", func(c *Case, _ int) *scenarios.ID { return &c.Outcome.Scenario }),
			text("reference", func(c *Case, _ int) *string { return &c.Outcome.Reference }),
			moment("at", func(c *Case, _ int) **Time { return &c.Outcome.At }),
		),
		text("notes", func(c *Case, _ int) *string { return &c.Notes }),
		moment("retry_at", func(c *Case, _ int) **Time { return &c.RetryAt }),
		lookupsField(),
	)
}

// choice is a field of the case asked as a choice of scenarios.CaseValues, "unknown" left out
// and also written as people write it.
func choice(name string, p func(c *Case, i int) *string) *Field {
	values, _ := scenarios.CaseValues(name)
	f := enum(name, values, scenarios.Unknown, p)
	f.Synonyms = scenarios.UnknownSynonyms.Get()
	return f
}

// timeList is a list of times held by value.
func timeList(name string, list func(c *Case) *[]Time) *Field {
	return &Field{Name: name, Kind: KindList, times: list, Item: &Field{Kind: KindTime, copies: true,
		getTime: func(c *Case, i int) (Time, bool) { return (*list(c))[i], true },
		setTime: func(c *Case, i int, t *Time) { (*list(c))[i] = *t }}}
}

// triedList is the list of tried steps, objects of item's fields.
func triedList(name string, item *Field, list func(c *Case) *[]Tried) *Field {
	return &Field{Name: name, Kind: KindList, Item: item, tried: list}
}

// answerField is the field of an answer the catalog defines, kept in the case's answers at
// slot (of its texts, or of its times).
func answerField(q *scenarios.Question, slot int, words []scenarios.Synonym) *Field {
	name := strings.TrimPrefix(q.ID, scenarios.AnswersPrefix)
	a := q.Answer
	if a.Kind == scenarios.KindTime {
		return &Field{Name: name, Kind: KindTime,
			getTime: func(c *Case, _ int) (Time, bool) {
				if t := c.Answers.time(slot); t != nil {
					return *t, true
				}
				return Time{}, false
			},
			setTime: func(c *Case, _ int, t *Time) { *c.Answers.timeAt(slot) = t }}
	}
	f := &Field{Name: name, Kind: KindText,
		get: func(c *Case, _ int) string { return c.Answers.text(slot) },
		set: func(c *Case, _ int, v string) { *c.Answers.textAt(slot) = v }}
	switch a.Kind {
	case scenarios.KindYesNo:
		f.Kind, f.Values, f.Unset = KindEnum, scenarios.YesNo, "unknown"
	case scenarios.KindEnum:
		f.Kind, f.Values, f.Unset = KindEnum, a.Values, a.Unset
	}
	f.Synonyms = words
	return f
}

func required(f *Field) *Field   { f.Required = true; return f }
func (f *Field) integer() *Field { f.Integer = true; return f }

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
