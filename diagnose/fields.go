package diagnose

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cspfix/cspfix/scenarios"
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

// Field is one key of the case file. The table of fields (CaseFields) is the one definition of
// the case format: the decoder, the encoder, the schema, the rules' list of what is missing, the
// ticket, the walkthrough and the docs read it (docs/architecture.md).
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

	// What the diagnosis needs to know. Need is the field's place in the list of what to find
	// out first (Result.Missing), cheapest to verify first; 0 when it is never listed. ForE
	// fields must be known before the diagnosis concludes that nothing else fits (scenario E).
	// Checks is the scenario that cannot be ruled out while the field is unknown.
	Need   int
	ForE   bool
	Checks scenarios.ID
	// The ticket: TicketNeed is the field's place among the facts partner support cannot work
	// without, TicketLabel the catalog text that names it there.
	TicketNeed  int
	TicketLabel string
	// Ask says how the walkthrough asks for the field; nil when it does not.
	Ask *Ask

	// Accessors. i is the index in the enclosing list, for the fields of a list's items.
	get     func(c *Case, i int) string
	set     func(c *Case, i int, v string)
	getTime func(c *Case, i int) (Time, bool)
	setTime func(c *Case, i int, t Time, a *arena)
	size    func(c *Case) int       // a list's length
	grow    func(c *Case, a *arena) // append an empty item to a list
	// The decoder's arena gives setTime and grow their memory; nil allocates (arena.go).

	askAfter, askConfirms string // paths of Ask.After and Ask.Confirms, resolved by index
}

// Ask is how the walkthrough asks for a field.
type Ask struct {
	Order int   // the walkthrough asks in this order
	Group Group // the part of the guide the question belongs to
	// A follow-up is asked, needed and counted only when the field After holds When (any
	// value, when When is empty).
	After *Field
	When  string
	// TenantID fields are checked as a tenant ID while typed; one that Confirms another is
	// compared with it character by character.
	TenantID bool
	Confirms *Field
	// Default is offered when the case has no value yet.
	Default string
}

// Group is a part of the guide's questions: the failed attempt, the conversation with the
// customer, the reseller's own systems.
type Group int

const (
	GroupAttempt Group = iota
	GroupConversation
	GroupOwnSystems
)

// StandardError is the Partner Center message cspfix is about, as Partner Center shows it.
const StandardError = "Partner relation does not work because it is already existing"

// Applies reports whether a question is asked, needed and counted for c: a follow-up only
// after the answer it follows.
func (f *Field) Applies(c *Case) bool {
	if f.Ask == nil || f.Ask.After == nil {
		return true
	}
	if f.Ask.When == "" {
		return f.Ask.After.Known(c)
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
	switch f.Kind {
	case KindList:
		t, ok := parseTime(v)
		if ok && f.Item.Kind == KindTime {
			f.grow(c, nil)
			f.Item.setTime(c, f.size(c)-1, t, nil)
		}
		return ok && f.Item.Kind == KindTime
	case KindText:
		f.set(c, 0, v)
		return true
	case KindEnum:
		return f.setEnum(c, 0, v)
	case KindTime:
		t, ok := parseTime(v)
		if ok {
			f.setTime(c, 0, t, nil)
		}
		return ok
	}
	return false
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

// Table constructors. Accessors return pointers into the case, so that one definition serves
// reading and writing.

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

func answer(name string, p func(c *Case) *Answer) *Field {
	return enum(name, []string{"yes", "no", "unknown"}, "unknown", func(c *Case, _ int) *Answer { return p(c) }).
		also(scenarios.YesNoSynonyms)
}

func moment(name string, p func(c *Case, i int) **Time) *Field {
	return &Field{Name: name, Kind: KindTime,
		getTime: func(c *Case, i int) (Time, bool) {
			if t := *p(c, i); t != nil {
				return *t, true
			}
			return Time{}, false
		},
		setTime: func(c *Case, i int, t Time, a *arena) { *p(c, i) = a.time(t) }}
}

// caseField is the root of the table: the case itself. The table's order is the order of the
// keys in a case file; the numbers say where a field comes in the list of what to find out
// (need), among the facts of the ticket (ticket) and in the walkthrough (ask).
var caseField = object("",
	text("$schema", func(c *Case, _ int) *string { return &c.Schema }),
	text("id", func(c *Case, _ int) *string { return &c.ID }),
	object("customer",
		text("name", func(c *Case, _ int) *string { return &c.Customer.Name }).ask(1, GroupAttempt),
		text("domain", func(c *Case, _ int) *string { return &c.Customer.Domain }).ask(2, GroupAttempt),
		text("tenant_id", func(c *Case, _ int) *string { return &c.Customer.TenantID }).
			need(1).ticket(2, "ticket.field.tenant_id").ask(3, GroupAttempt).tenantID(""),
		text("confirmed_tenant_id", func(c *Case, _ int) *string { return &c.Customer.ConfirmedTenantID }).
			need(2).forE().checks(scenarios.C).ask(16, GroupConversation).tenantID("customer.tenant_id"),
		text("country", func(c *Case, _ int) *string { return &c.Customer.Country }),
	),
	object("partner",
		text("name", func(c *Case, _ int) *string { return &c.Partner.Name }),
		text("partner_id", func(c *Case, _ int) *string { return &c.Partner.PartnerID }).integer().
			ticket(3, "ticket.field.partner_id").ask(4, GroupAttempt),
		text("indirect_provider", func(c *Case, _ int) *string { return &c.Partner.IndirectProvider }).ask(5, GroupAttempt),
		text("country", func(c *Case, _ int) *string { return &c.Partner.Country }),
	),
	text("error_message", func(c *Case, _ int) *string { return &c.ErrorMessage }).
		ticket(1, "ticket.heading.error").ask(6, GroupAttempt).byDefault(StandardError),
	list("attempts", &Field{Kind: KindTime,
		getTime: func(c *Case, i int) (Time, bool) { return c.Attempts[i], true },
		setTime: func(c *Case, i int, t Time, _ *arena) { c.Attempts[i] = t }},
		func(c *Case) int { return len(c.Attempts) },
		func(c *Case, a *arena) { c.Attempts = a.growAttempts(c.Attempts) }).
		ticket(4, "ticket.heading.attempts").ask(7, GroupAttempt),
	object("answers",
		answer("other_csp", func(c *Case) *Answer { return &c.Answers.OtherCSP }).
			need(7).forE().checks(scenarios.A).ask(8, GroupConversation),
		enum("other_partner_kind", []string{"reseller", "syndication", "your_provider", "unknown"}, "unknown",
			func(c *Case, _ int) *PartnerKind { return &c.Answers.OtherPartnerKind }).also(scenarios.UnknownSynonyms).
			need(8).ask(9, GroupConversation).after("answers.other_csp", "yes"),
		answer("direct_microsoft", func(c *Case) *Answer { return &c.Answers.DirectMicrosoft }).
			need(9).forE().checks(scenarios.A).ask(10, GroupConversation),
		answer("earlier_relationship_with_you", func(c *Case) *Answer { return &c.Answers.EarlierRelationshipWithYou }).
			need(5).forE().checks(scenarios.B).ask(11, GroupConversation),
		answer("invitation_pending", func(c *Case) *Answer { return &c.Answers.InvitationPending }).
			need(4).forE().checks(scenarios.B).ask(12, GroupConversation),
		answer("recent_change", func(c *Case) *Answer { return &c.Answers.RecentChange }).
			need(10).forE().checks(scenarios.D).ask(13, GroupConversation),
		enum("change_kind", []string{"partner_removed", "invitation_accepted", "new_tenant", "other", "unknown"}, "unknown",
			func(c *Case, _ int) *ChangeKind { return &c.Answers.ChangeKind }).also(scenarios.UnknownSynonyms).
			need(12).ask(14, GroupConversation).after("answers.recent_change", "yes"),
		moment("recent_change_at", func(c *Case, _ int) **Time { return &c.Answers.RecentChangeAt }).
			need(11).ask(15, GroupConversation).after("answers.recent_change", "yes"),
		answer("crm_duplicates", func(c *Case) *Answer { return &c.Answers.CRMDuplicates }).
			need(6).forE().checks(scenarios.B).ask(17, GroupOwnSystems),
		enum("partner_center_search", []string{"found", "not_found", "not_checked"}, "not_checked",
			func(c *Case, _ int) *Search { return &c.Answers.PartnerCenterSearch }).also(scenarios.SearchSynonyms).
			need(3).forE().checks(scenarios.B).ask(18, GroupOwnSystems),
		answer("provider_has_relationship", func(c *Case) *Answer { return &c.Answers.ProviderHasRelationship }).
			ask(19, GroupOwnSystems).after("partner.indirect_provider", ""),
	),
	list("tried", object("",
		required(enum("scenario", []string{"A", "B", "C", "D"}, "", func(c *Case, i int) *scenarios.ID { return &c.Tried[i].Scenario })),
		moment("at", func(c *Case, i int) **Time { return &c.Tried[i].At }),
		text("note", func(c *Case, i int) *string { return &c.Tried[i].Note }),
	),
		func(c *Case) int { return len(c.Tried) },
		func(c *Case, a *arena) { c.Tried = a.growTried(c.Tried) }),
	object("outcome",
		required(enum("status", []string{"fixed", "ticket_opened"}, "", func(c *Case, _ int) *OutcomeStatus { return &c.Outcome.Status })),
		enum("scenario", []string{"A", "B", "C", "D", "E"}, "", func(c *Case, _ int) *scenarios.ID { return &c.Outcome.Scenario }),
		text("reference", func(c *Case, _ int) *string { return &c.Outcome.Reference }),
		moment("at", func(c *Case, _ int) **Time { return &c.Outcome.At }),
	),
	text("notes", func(c *Case, _ int) *string { return &c.Notes }),
	moment("retry_at", func(c *Case, _ int) **Time { return &c.RetryAt }),
)

// Builders of the table's rows.

func (f *Field) need(rank int) *Field { f.Need = rank; return f }
func (f *Field) forE() *Field         { f.ForE = true; return f }

func (f *Field) checks(id scenarios.ID) *Field { f.Checks = id; return f }

func (f *Field) ticket(rank int, label string) *Field {
	f.TicketNeed, f.TicketLabel = rank, label
	return f
}

func (f *Field) ask(order int, g Group) *Field { f.Ask = &Ask{Order: order, Group: g}; return f }

// after makes a question a follow-up of the field at path (resolved by index).
func (f *Field) after(path, when string) *Field {
	f.Ask.When, f.askAfter = when, path
	return f
}

// tenantID makes a question a tenant ID; confirms is the path of the ID it confirms, or "".
func (f *Field) tenantID(confirms string) *Field {
	f.Ask.TenantID, f.askConfirms = true, confirms
	return f
}

func (f *Field) byDefault(v string) *Field { f.Ask.Default = v; return f }

func list(name string, item *Field, size func(*Case) int, grow func(*Case, *arena)) *Field {
	return &Field{Name: name, Kind: KindList, Item: item, size: size, grow: grow}
}

func required(f *Field) *Field { f.Required = true; return f }

func (f *Field) also(s []scenarios.Synonym) *Field { f.Synonyms = s; return f }
func (f *Field) integer() *Field                   { f.Integer = true; return f }

var (
	pathsOnce sync.Once
	byPath    map[string]*Field
)

// index gives every field its path and indexes the table by path.
func index() {
	byPath = map[string]*Field{}
	var walk func(f *Field, path string)
	walk = func(f *Field, path string) {
		f.Path = path
		byPath[path] = f
		for _, c := range f.Fields {
			walk(c, joinPath(path, c.Name))
		}
		if f.Item != nil {
			walk(f.Item, path+"[]")
		}
	}
	walk(caseField, "")
	for _, f := range byPath {
		if f.askAfter != "" {
			f.Ask.After = byPath[f.askAfter]
		}
		if f.askConfirms != "" {
			f.Ask.Confirms = byPath[f.askConfirms]
		}
	}
	questions = nil
	for _, f := range byPath {
		if f.Ask != nil {
			questions = append(questions, f)
		}
	}
	slices.SortFunc(questions, func(a, b *Field) int { return a.Ask.Order - b.Ask.Order })
	for i := 1; i < len(questions); i++ {
		if questions[i].Ask.Order == questions[i-1].Ask.Order {
			panic("diagnose: two questions share an order: " + questions[i].Path) // a defect of the table
		}
	}
	needed = nil
	for _, f := range byPath {
		if f.Need > 0 {
			needed = append(needed, f)
		}
		if f.TicketNeed > 0 {
			ticketFacts = append(ticketFacts, f)
		}
	}
	slices.SortFunc(needed, func(a, b *Field) int { return a.Need - b.Need })
	slices.SortFunc(ticketFacts, func(a, b *Field) int { return a.TicketNeed - b.TicketNeed })
}

var questions, needed, ticketFacts []*Field

// Questions are the fields the walkthrough asks for, in the order it asks.
func Questions() []*Field {
	pathsOnce.Do(index)
	return questions
}

// Needed are the fields the diagnosis needs known, cheapest to find out first.
func Needed() []*Field {
	pathsOnce.Do(index)
	return needed
}

// TicketFacts are the facts partner support cannot work without, in the ticket's order.
func TicketFacts() []*Field {
	pathsOnce.Do(index)
	return ticketFacts
}

// CaseFields is the root of the field table: the case, an object.
func CaseFields() *Field {
	pathsOnce.Do(index)
	return caseField
}

// FieldAt returns the field with a path such as "answers.other_csp". It panics for a path the
// table does not have: paths in code are constants, and the tests run every one.
func FieldAt(path string) *Field {
	pathsOnce.Do(index)
	f, ok := byPath[path]
	if !ok {
		panic("diagnose: no field " + path)
	}
	return f
}

// EachField calls visit for every field of the table, parents before their children.
func EachField(visit func(*Field)) {
	var walk func(f *Field)
	walk = func(f *Field) {
		visit(f)
		for _, c := range f.Fields {
			walk(c)
		}
		if f.Item != nil {
			walk(f.Item)
		}
	}
	walk(CaseFields())
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
