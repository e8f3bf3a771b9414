// Package scenarios holds the embedded catalog: the scenarios A–E with their remediation steps,
// the diagnosis questions, the texts of evidence, warnings and tenant-ID problems, the
// explanations of the case file's other fields and the onboarding checklist, in every language.
//
// The catalog is edited as data (data/*.json), decoded strictly and validated; the binary carries
// it as generated Go (catalog_gen.go) and validates it once when it is first used.
package scenarios

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// ID names a scenario: one capital letter, the name of its file (A.json). Go names no scenario:
// what a scenario is and does is its data.
type ID string

// Scenario is one likely cause of the error and how to remedy it.
type Scenario struct {
	ID ID `json:"id"`
	// Rank orders scenarios as confident as each other: the lower first (cheapest to act on).
	// Leave gaps, so that a scenario can come between two others without renumbering them.
	Rank int `json:"rank,omitempty"`
	// Fallback is the scenario that ends the diagnosis when nothing else fits (contact
	// support): it has no evidence, no rank and cannot be tried; Route says which support desk
	// it goes to, the first whose conditions hold.
	Fallback bool    `json:"fallback,omitempty"`
	Route    []Route `json:"route,omitempty"`
	// InvitationLink says that the scenario's next steps for the customer end with the
	// invitation link, when the reseller gives one (cspfix message --invitation-url).
	InvitationLink bool `json:"invitation_link,omitempty"`
	// Wait is the waiting time the scenario's steps name, after the time of a field: a try
	// before it is over says nothing (tried_too_early), and the walkthrough asks whether the
	// change was earlier.
	Wait    Wait `json:"wait,omitzero"`
	Title   Text `json:"title"`
	Summary Text `json:"summary"`
	// TicketTitle names the scenario in the support ticket, to partner support.
	TicketTitle Text `json:"ticket_title,omitzero"`
	// TicketRequest is what the ticket asks of the support desk when the scenario leads, in
	// place of the general request (ticket.intro): the first text whose conditions hold. The
	// request of the leading scenario's evidence comes first (Rule.TicketRequest).
	TicketRequest []Step `json:"ticket_request,omitempty"`
	Steps         []Step `json:"steps"`
	// Evidence are the rules that point to this scenario, with their texts, in the order a
	// result lists their evidence.
	Evidence []Rule `json:"evidence"`
	// RuledOut are the reasons the ticket gives, beyond "tried" and "nothing points to it",
	// for ruling the scenario out: the first that holds.
	RuledOut []RuledOut `json:"ruled_out,omitempty"`
	// Customer is what the customer reads about the scenario: the next steps on its side
	// (cspfix message).
	Customer CustomerSteps `json:"customer"`
}

// Wait is a waiting time: Hours after the time of the field at From.
type Wait struct {
	From  string `json:"from"`
	Hours int    `json:"hours"`
}

// Route is a support desk and the conditions (their codes) under which the fallback goes to it.
type Route struct {
	When []string `json:"when,omitempty"`
	Desk string   `json:"desk"`
}

// CustomerSteps are a scenario's next steps as the reseller writes them to the customer ("you"
// is the customer, "we" the reseller): an introduction that names the likely cause, and the
// steps, which may depend on the case and name its facts as the remediation steps do. Lead,
// when given, opens the message instead of the words about the error cspfix is about (a new
// tenant is no partner relationship that failed); Subject, when given, is the message's subject
// instead of the one about the partner relationship.
type CustomerSteps struct {
	Subject Text `json:"subject,omitzero"`
	Lead    Text `json:"lead,omitzero"`
	Intro   Text `json:"intro"`
	// Intros are other intros, each with its conditions: the first whose conditions hold
	// replaces Intro (a distributor's record of an earlier order is no pending invitation).
	Intros []Step `json:"intros,omitempty"`
	Steps  []Step `json:"steps"`
}

// Step is one remediation step. It applies to a case only when every condition named in When
// holds. Its text may name the case's own facts as {placeholders}: the facts the diagnosis
// fills in (diagnose.StepFact), each with its name in words in the catalog (step.fact.<name>),
// shown where there is no case, as in `cspfix scenarios C`.
type Step struct {
	Text
	When []string `json:"when,omitempty"`
}

// Condition is what a rule, a step, a route or a reason to rule a scenario out depends on,
// in the one condition language of the catalog: the value of one field of the case, or of a
// fact the diagnosis works out (Field "fact.<name>", README "How the diagnosis decides"). Is
// lists the values that make it hold, Not those that make it fail (one of the two): an
// answer's values (a follow-up that does not count counts as its unset value), a fact's values,
// or "given" / "not_given" for a field without a list of values (a confirmed tenant ID counts as
// given only when it is a valid one).
//
// The conditions steps and routes depend on are named (conditions.json): Code names one, and
// Text says it in words, after "only when", for `cspfix scenarios X`. A rule's conditions are
// written where they are used, without code or words. A named condition may instead hold when
// Any of its groups of other named conditions all hold (a step shown in two situations); those
// name only conditions on a field.
type Condition struct {
	Code  string     `json:"code,omitempty"`
	Field string     `json:"field,omitempty"`
	Is    []string   `json:"is,omitempty"`
	Not   []string   `json:"not,omitempty"`
	Any   [][]string `json:"any,omitempty"`
	Text  Text       `json:"text,omitzero"`
}

// FactPrefix starts the field of a condition on a fact the diagnosis works out.
const FactPrefix = "fact."

// Rule is one evidence rule and its texts: when every condition of When holds for a case (and
// no other rule that holds drops it), the case has the evidence Code, which lends its scenario
// Confidence ("high" or "medium"); a rule of no scenario (a warning) has none. Args names the
// mechanism of the diagnosis that fills the placeholders of its texts (kube-linter's
// "template"); Text says the evidence to the reseller, Ticket to partner support.
type Rule struct {
	Code       string      `json:"code"`
	Confidence string      `json:"confidence,omitempty"`
	When       []Condition `json:"when"`
	Drops      []string    `json:"drops,omitempty"`
	Args       string      `json:"args,omitempty"`
	Text       Text        `json:"text"`
	Ticket     Text        `json:"ticket,omitzero"`
	// TicketRequest is what the ticket asks of the support desk when the rule's scenario leads
	// and the case has this evidence: the first text whose conditions hold, before the
	// scenario's own (Scenario.TicketRequest).
	TicketRequest []Step `json:"ticket_request,omitempty"`
}

// Message is the rule's texts, as the catalog finds them by code.
func (r *Rule) Message() Message { return Message{Code: r.Code, Text: r.Text, Ticket: r.Ticket} }

// RuledOut is a reason to rule a scenario out in the ticket: the text Text when the conditions
// hold, or the ticket's words of the warning Warning when a case has it.
type RuledOut struct {
	When    []Condition `json:"when,omitempty"`
	Text    txt.Key     `json:"text,omitempty"`
	Warning string      `json:"warning,omitempty"`
}

// KnownError is an error text people meet (README "How the diagnosis decides"), as Microsoft or
// a portal shows it in each language (Texts, by language code; "…" stands for what changes
// from case to case: names, IDs, numbers), with the page it rests on. Title names it in a few
// words and Means says what it means, for the walkthrough (which names a recognised text at
// once) and the ticket. A rule names it by its code (a condition on fact.error_text); the first
// is the error cspfix is about.
//
// A pasted text is recognised by each of Texts and by the further patterns of Match (by
// language; docs/sources.md says which are seen and which derived): fragments in order,
// separated by "…" (README "How the diagnosis decides" says how forgiving it is). Implies gives
// the values of the case's fields the text implies where the case gives none (the operation,
// the place, what the customer saw); EarlierFailure says that the text reports a failed attempt
// that may have left something behind (a tenant), as an earlier failed attempt does.
type KnownError struct {
	Code           string          `json:"code"`
	Title          Text            `json:"title"`
	Means          Text            `json:"means"`
	Texts          Keyed[string]   `json:"texts"`
	Match          Keyed[[]string] `json:"match,omitempty"`
	Source         Source          `json:"source"`
	Implies        Keyed[string]   `json:"implies,omitempty"`
	EarlierFailure bool            `json:"earlier_failure,omitempty"`
}

// Gap is the "…" of a known error's text or pattern.
const Gap = "…"

// Operations and Places are where it failed (README "The case file"): the values of the
// case's fields operation and error_place besides "unknown".
var (
	Operations = []string{"link_existing", "create_tenant", "customer_accepting", "order", "admin_relationship"}
	Places     = []string{"distributor_portal", "partner_center", "customer_admin_center", "api"}
)

// Unknown is the value of an answer, and of the case's own lists of values, that means "not
// known": a case leaves it out.
const Unknown = "unknown"

// CaseValues are the values of the case's own fields (outside "answers.") that are asked as a
// choice, by path, in the order to offer them: where it failed. Their questions label the values
// (answer.options) and say them in the ticket (statements) as an answer's questions do.
// They are made when asked (a model is compiled once), not in every run.
func CaseValues(path string) ([]string, bool) {
	switch path {
	case "operation":
		return append(slices.Clip(Operations), Unknown), true
	case "error_place":
		return append(slices.Clip(Places), Unknown), true
	}
	return nil, false
}

// Condition values for fields that are not answers.
const (
	Given    = "given"
	NotGiven = "not_given"
)

// Regions are Partner Center's CSP regions: a partner can only have reseller relationships with
// customers in its own region (in single-country regions, its own country). Source names the
// Microsoft page the table is taken from (docs/sources.md).
type Regions struct {
	Source  Source   `json:"source"`
	Regions []Region `json:"regions"`
}

// Source is a public page the catalog's data rests on.
type Source struct {
	Title   string `json:"title"`
	URL     string `json:"url"`
	Version string `json:"version"`
}

// Region is one CSP region and the countries in it (ISO 3166-1 alpha-2 codes).
type Region struct {
	ID        string   `json:"id"`
	Name      Text     `json:"name"`
	Countries []string `json:"countries"`
}

// Message is a text with a stable code. Texts may hold {placeholders} filled in by the engine.
type Message struct {
	Code string `json:"code"`
	Text Text   `json:"text"`
	// Ticket says an evidence in the support ticket's voice: the reseller telling partner
	// support ("we", "our customer"). Every evidence of a scenario has one.
	Ticket Text `json:"ticket,omitzero"`
}

// Question is one question of the case; ID is the field path in the case file. The questions
// are asked in the order of the catalog (questions.json), those with a Group only: the
// walkthrough has no numbers to keep in order. A question under "answers." is defined by the
// catalog alone (Answer says how it is answered); the others ask for a field of the case that
// the Go table has.
type Question struct {
	ID string `json:"id"`
	// Group is the part of the guide the walkthrough asks it in (Groups); "" for a question
	// that is never asked (only explained).
	Group string `json:"group,omitempty"`
	// Answer is how an answer under "answers." is given; the zero value for the others.
	Answer Answer `json:"answer,omitzero"`
	// Follows makes the question a follow-up: asked only after the question at Follows.Path has
	// the value Follows.Value (any value, when that is empty).
	Follows Follows `json:"follows,omitzero"`
	// Unless keeps the question from being asked, and from being needed, while the question at
	// Unless.Path has the value Unless.Value (no tenant ID is entered when a new tenant is
	// created).
	Unless Follows `json:"unless,omitzero"`
	// TenantID questions are checked as a tenant ID while typed; one that Confirms another (its
	// path) is compared with it character by character.
	TenantID bool   `json:"tenant_id,omitempty"`
	Confirms string `json:"confirms,omitempty"`
	// PartnerID questions are checked as a Partner ID while typed (digits only; a tenant ID
	// pasted in its place is named as one).
	PartnerID bool `json:"partner_id,omitempty"`
	// ErrorText questions take an error text: the walkthrough names a known one at once.
	ErrorText bool `json:"error_text,omitempty"`
	// Default is offered when the case has no value yet.
	Default string `json:"default,omitempty"`
	Prompt  Text   `json:"prompt"`
	// Label names the answer in a few words, where answers are listed (the review).
	Label Text `json:"label"`
	Help  Text `json:"help"`
	// Statements say each answer as a sentence, for the support ticket ("yes", "no", …).
	Statements ValueTexts `json:"statements,omitempty"`
	// Customer asks the question of the customer, in a message the reseller sends (cspfix
	// message --kind questions): the questions the customer can answer have one.
	Customer Text `json:"customer,omitzero"`
}

// Groups are the parts of the guide's questions, in the order the walkthrough takes them: the
// failed attempt, the conversation with the customer, the reseller's own systems.
var Groups = []string{"attempt", "conversation", "own_systems"}

// Answer kinds.
const (
	KindYesNo = "yes_no" // yes, no or unknown
	KindEnum  = "enum"   // one of Values
	KindTime  = "time"   // a time
	KindText  = "text"   // any text
)

// YesNo are the values of a yes/no answer; "unknown" is the one a case leaves out.
var YesNo = []string{"yes", "no", "unknown"}

// Answer says how a question under "answers." is answered: its kind, and for an enum its
// values (in the order to offer them), the value that means "not known" (which a case leaves
// out), the words people also write for them (a set of Synonyms: "yes_no", "search",
// "unknown") and the values' labels where they are offered. A yes/no answer has the values
// YesNo, "unknown" unset and the yes/no words; the labels of "yes", "no" and "unknown" are the
// walkthrough's own unless Options gives others.
type Answer struct {
	Kind     string     `json:"kind"`
	Values   []string   `json:"values,omitempty"`
	Unset    string     `json:"unset,omitempty"`
	Synonyms string     `json:"synonyms,omitempty"`
	Options  ValueTexts `json:"options,omitempty"`
}

// ValueTexts are texts by an answer's value (a question's statements, an answer's labels),
// sorted by value. The catalog's files write them as an object; the binary carries them as a
// list, which the linker lays out, where a map would be made in every run of every command
// (README "Performance").
type ValueTexts []ValueText

// ValueText is the text of one value.
type ValueText struct {
	Value string
	Text  Text
}

// Get is the text of value.
func (vt ValueTexts) Get(value string) (Text, bool) {
	for _, t := range vt {
		if t.Value == value {
			return t.Text, true
		}
	}
	return Text{}, false
}

// MarshalJSON writes the texts as the catalog's files do: an object of texts by value.
func (vt ValueTexts) MarshalJSON() ([]byte, error) {
	if vt == nil {
		return []byte("null"), nil
	}
	b := []byte{'{'}
	for i, t := range vt {
		if i > 0 {
			b = append(b, ',')
		}
		k, err := json.Marshal(t.Value)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(t.Text)
		if err != nil {
			return nil, err
		}
		b = append(append(append(b, k...), ':'), v...)
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads an object of texts by value, as strictly as the rest of the catalog.
func (vt *ValueTexts) UnmarshalJSON(data []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	out := make(ValueTexts, 0, len(m))
	for value, raw := range m {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		var t Text
		if err := dec.Decode(&t); err != nil {
			return fmt.Errorf("%q: %w", value, err)
		}
		out = append(out, ValueText{value, t})
	}
	slices.SortFunc(out, func(a, b ValueText) int { return strings.Compare(a.Value, b.Value) })
	*vt = out
	return nil
}

// Follows names the answer a follow-up question is asked after.
type Follows struct {
	Path  string `json:"path"`
	Value string `json:"value,omitempty"`
}

// AnswersPrefix starts the path of every answer the catalog defines.
const AnswersPrefix = "answers."

// Values are the values an answer, or a case's field asked as a choice (CaseValues), can have;
// none for a question without such a list.
func (q *Question) Values() []string {
	switch q.Answer.Kind {
	case KindYesNo:
		return YesNo
	case KindEnum:
		return q.Answer.Values
	}
	values, _ := CaseValues(q.ID)
	return values
}

// sharedOption is the walkthrough's label of a value many answers share, for answers that give
// none of their own ("" for another value).
func sharedOption(value string) txt.Key {
	switch value {
	case "yes":
		return txt.WalkthroughValueYes
	case "no":
		return txt.WalkthroughValueNo
	case "unknown":
		return txt.WalkthroughValueUnknown
	}
	return ""
}

// Option is the label of an answer's value where it is offered: the question's own, else the
// walkthrough's for yes, no and unknown.
func (c *Catalog) Option(q *Question, value string) Text {
	if label, ok := q.Answer.Options.Get(value); ok {
		return label
	}
	m, _ := c.message(string(sharedOption(value)))
	return m.Text
}

// Needs are what the diagnosis and the ticket need to know, in order: Missing lists the fields
// a result names as still unknown, cheapest to find out first; Ticket the facts partner support
// cannot work without, in the ticket's order.
type Needs struct {
	Missing []Need       `json:"missing"`
	Ticket  []TicketNeed `json:"ticket"`
}

// Need is a field the diagnosis needs known. BeforeFallback fields must be settled before the
// diagnosis concludes that nothing else fits (the fallback scenario); Checks is the scenario
// that cannot be ruled out while the field is unknown.
type Need struct {
	Field          string `json:"field"`
	BeforeFallback bool   `json:"before_fallback,omitempty"`
	Checks         ID     `json:"checks,omitempty"`
}

// TicketNeed is a fact the ticket needs, and the text that names it there.
type TicketNeed struct {
	Field string  `json:"field"`
	Label txt.Key `json:"label"`
}

// Field explains a field of the case file that is not a question, for the JSON Schema. Path is
// its dotted path; the empty path is the whole case.
type Field struct {
	Path string `json:"path"`
	Help Text   `json:"help"`
}

// Checklist holds the guide's prevention practices as points to tick off.
type Checklist struct {
	Title Text            `json:"title"`
	Intro Text            `json:"intro"`
	Items []ChecklistItem `json:"items"`
}

// ChecklistItem is one point of the checklist.
type ChecklistItem struct {
	Title  Text `json:"title"`
	Detail Text `json:"detail"`
}

// Catalog is the whole catalog: its data (the fields of catalogData) and their indexes.
type Catalog struct {
	catalogData

	byQuestion map[string]*Question
	byCode     map[string]Message
	byField    map[string]*Field
	byCond     map[string]*Condition
	byCountry  *[26 * 26]uint8 // a country's region, by countryIndex: 1 + its index, 0 for none

	indexOnce     sync.Once // the indexes of a catalog that was not validated (index)
	generated     bool      // the catalog go generate wrote from data/, as package txt was
	countriesOnce sync.Once // byCountry, of an indexed catalog, is made when first used
}

var (
	loadOnce sync.Once
	loaded   *Catalog
	loadErr  error
)

// Load returns the catalog the binary carries (see generate.go), indexed once. It is not
// validated here: go generate validates the data it writes into the binary, and a test holds
// the binary's catalog to the data (validating it at every start cost each command more than
// its start-up budget, README "Performance"). Validate checks it.
func Load() (*Catalog, error) {
	loadOnce.Do(func() { loaded = indexed(generated) })
	return loaded, loadErr
}

// Validate checks the catalog the binary carries, as go generate checks the data, and returns
// it as a catalog loaded from data (not Generated), which diagnose.Compile checks in full.
func Validate() (*Catalog, error) {
	return fromData(generated)
}

// Generated reports whether c is the catalog go generate wrote into the binary: its data was
// validated when it was written, and the tests hold it, and what diagnose.Compile checks of it,
// to data/ (a run is spared checking it again, README "Performance").
func (c *Catalog) Generated() bool { return c.generated }

// indexed is a catalog of data that was validated when it was generated (and is in list
// order, as fromData leaves it). Its indexes are made when first used (index): a run that only
// needs coded texts, which go generate sorts by code, is spared them (README "Performance").
func indexed(d catalogData) *Catalog {
	return &Catalog{catalogData: d, generated: true}
}

// index makes the indexes of a catalog that validate did not make: the scenarios, questions,
// fields, conditions and evidence texts by their keys, and the coded texts too if they are not
// sorted by code.
func (c *Catalog) index() {
	c.indexOnce.Do(func() {
		if c.byQuestion != nil {
			return // validated: indexed already
		}
		c.byQuestion = make(map[string]*Question, len(c.Questions))
		c.byField = make(map[string]*Field, len(c.Fields))
		c.byCond = make(map[string]*Condition, len(c.Conditions))
		c.byCode = map[string]Message{}
		for i := range c.Questions {
			c.byQuestion[c.Questions[i].ID] = &c.Questions[i]
		}
		if !slices.IsSortedFunc(c.Messages, func(a, b Message) int { return strings.Compare(a.Code, b.Code) }) {
			for _, m := range c.Messages {
				c.byCode[m.Code] = m
			}
		}
		for i := range c.Fields {
			c.byField[c.Fields[i].Path] = &c.Fields[i]
		}
		for i := range c.Conditions {
			c.byCond[c.Conditions[i].Code] = &c.Conditions[i]
		}
		for i := range c.Scenarios {
			s := &c.Scenarios[i]
			for _, r := range s.Evidence {
				c.byCode[r.Code] = r.Message()
			}
		}
		for _, r := range c.Warnings {
			c.byCode[r.Code] = r.Message()
		}
	})
}

// fromData indexes and validates a catalog's data.
func fromData(d catalogData) (*Catalog, error) {
	c := &Catalog{catalogData: d}
	listOrder(c.Scenarios)
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// listOrder sorts scenarios as they are listed: by ID, the fallback last (after the others,
// whatever its letter).
func listOrder(list []Scenario) {
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Fallback != list[j].Fallback {
			return list[j].Fallback
		}
		return list[i].ID < list[j].ID
	})
}

// Embedded is the catalog the binary carries (Load). The code that says things is given a
// catalog (a model, render's options, a command's texts); cmd/internal/cli, which makes them, loads
// it, and the Error methods of a few error types take their English from it.
func Embedded() *Catalog {
	c, _ := Load() // never fails: the data was checked when it was generated, and a test holds it to data/
	return c
}

// isScenarioFile matches the file of one scenario: its ID, a capital letter, and ".json".
func isScenarioFile(name string) bool {
	return len(name) == len("A.json") && name[0] >= 'A' && name[0] <= 'Z' && name[1:] == ".json"
}

// loadFS decodes the catalog's JSON files in dir of fsys, strictly, and validates them.
func loadFS(fsys fs.FS, dir string) (*Catalog, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	c := &catalogData{}
	var lookups lookupsFile
	for _, e := range entries {
		name := e.Name()
		p := path.Join(dir, name)
		switch {
		case isScenarioFile(name):
			var s Scenario
			if err := decodeFile(fsys, p, &s); err != nil {
				return nil, err
			}
			if string(s.ID)+".json" != name {
				return nil, fmt.Errorf("%s: id %q does not match the file name", p, s.ID)
			}
			c.Scenarios = append(c.Scenarios, s)
		case name == "questions.json":
			if err := decodeFile(fsys, p, &c.Questions); err != nil {
				return nil, err
			}
		case name == "needs.json":
			if err := decodeFile(fsys, p, &c.Needs); err != nil {
				return nil, err
			}
		case name == "checklist.json":
			if err := decodeFile(fsys, p, &c.Checklist); err != nil {
				return nil, err
			}
		case name == "fields.json":
			if err := decodeFile(fsys, p, &c.Fields); err != nil {
				return nil, err
			}
		case name == "conditions.json":
			if err := decodeFile(fsys, p, &c.Conditions); err != nil {
				return nil, err
			}
		case name == "warnings.json":
			if err := decodeFile(fsys, p, &c.Warnings); err != nil {
				return nil, err
			}
		case name == "errors.json":
			if err := decodeFile(fsys, p, &c.Errors); err != nil {
				return nil, err
			}
		case name == "regions.json":
			if err := decodeFile(fsys, p, &c.Regions); err != nil {
				return nil, err
			}
		case name == "lookups.json":
			if err := decodeFile(fsys, p, &lookups); err != nil {
				return nil, err
			}
		case name == "texts" && e.IsDir():
			if err := c.loadTexts(fsys, p); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("%s: unexpected file in the catalog", p)
		}
	}
	if err := c.addLookups(lookups); err != nil {
		return nil, err
	}
	return fromData(*c)
}

// loadTexts reads the texts of every area (the diagnosis, the command line, the renderings, the
// walkthrough): each file a list of coded texts.
func (c *catalogData) loadTexts(fsys fs.FS, dir string) error {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		var texts []Message
		if err := decodeFile(fsys, path.Join(dir, e.Name()), &texts); err != nil {
			return err
		}
		c.Messages = append(c.Messages, texts...)
	}
	// In the order of their codes, so that the binary finds a text without an index built at
	// start-up (Catalog.message).
	slices.SortStableFunc(c.Messages, func(a, b Message) int { return strings.Compare(a.Code, b.Code) })
	return nil
}

func decodeFile(fsys fs.FS, name string, v any) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%s: trailing data after the JSON value", name)
	}
	return nil
}

// validate checks what the type system cannot: every text in every language, unique IDs and
// codes, no empty step. It indexes the catalog as it goes.
func (c *Catalog) validate() error {
	v := &validator{c: c, byID: map[ID]*Scenario{}}
	c.byQuestion = map[string]*Question{}
	c.byCode = map[string]Message{}
	c.byField = map[string]*Field{}
	c.byCond = map[string]*Condition{}
	for _, m := range c.Messages {
		v.code("messages", m)
	}
	v.questions() // after the texts: their shared labels are among them
	v.checklist()
	v.fields()
	v.conditions()
	v.scenarios() // after the texts and conditions its steps refer to
	v.warnings()  // after the scenarios, whose rules they may drop
	v.errors()
	v.needs() // after the questions and scenarios they name
	v.regions()
	v.lookupAnswers()
	return errors.Join(v.errs...)
}

// validator collects what is wrong with a catalog.
type validator struct {
	c    *Catalog
	byID map[ID]*Scenario // the scenarios seen so far (a catalog finds one by a walk: Scenario)
	errs []error
}

func (v *validator) bad(format string, args ...any) {
	v.errs = append(v.errs, fmt.Errorf(format, args...))
}

// code indexes a coded text, which must be complete and unique.
func (v *validator) code(where string, m Message) {
	if m.Code == "" {
		v.bad("%s: evidence or warning without a code", where)
	}
	if _, dup := v.c.byCode[m.Code]; dup {
		v.bad("%s: code %q is used twice", where, m.Code)
	}
	if !m.Text.complete() {
		v.bad("%s: code %q needs a text in en and de", where, m.Code)
	}
	if m.Ticket != (Text{}) {
		if !m.Ticket.complete() {
			v.bad("%s: code %q needs its ticket text in en and de", where, m.Code)
		}
		// The ticket's text is filled by the same rule as the text: it can name nothing more.
		for _, lang := range Langs {
			for name := range Placeholders(m.Ticket.In(lang)) {
				if !slices.Contains(slices.Collect(Placeholders(m.Text.In(lang))), name) {
					v.bad("%s: code %q: the ticket text names {%s}, which the text does not", where, m.Code, name)
				}
			}
		}
	}
	v.c.byCode[m.Code] = m
}

func (v *validator) scenarios() {
	for i := range v.c.Scenarios {
		s := &v.c.Scenarios[i]
		where := "scenario " + string(s.ID)
		if _, dup := v.byID[s.ID]; dup {
			v.bad("%s: id is used twice", where)
		}
		v.byID[s.ID] = s
		if !s.Title.complete() || !s.Summary.complete() {
			v.bad("%s: title and summary need en and de", where)
		}
		if len(s.Steps) == 0 {
			v.bad("%s: no steps", where)
		}
		for n, st := range s.Steps {
			v.step(fmt.Sprintf("%s: step %d", where, n+1), st)
		}
		if !s.Customer.Intro.complete() || len(s.Customer.Steps) == 0 || s.Customer.Lead != (Text{}) && !s.Customer.Lead.complete() ||
			s.Customer.Subject != (Text{}) && !s.Customer.Subject.complete() {
			v.bad("%s: the customer's next steps need an intro in en and de and steps (and a lead and a subject, if any, in en and de)", where)
		}
		for n, st := range s.Customer.Steps {
			v.step(fmt.Sprintf("%s: customer step %d", where, n+1), st)
		}
		for n, st := range s.Customer.Intros {
			v.step(fmt.Sprintf("%s: customer intro %d", where, n+1), st)
			if len(st.When) == 0 || HasPlaceholders(st.EN) || HasPlaceholders(st.DE) {
				v.bad("%s: customer intro %d needs conditions and has no {placeholders}", where, n+1)
			}
		}
		v.ticketRequest(where, s.TicketRequest)
		for _, r := range s.Evidence {
			v.rule(where, r)
			v.ticketRequest(fmt.Sprintf("%s: evidence %q", where, r.Code), r.TicketRequest)
			if r.Confidence != "high" && r.Confidence != "medium" {
				v.bad("%s: evidence %q needs its confidence, high or medium", where, r.Code)
			}
			if r.Ticket == (Text{}) {
				v.bad("%s: evidence %q has no ticket text", where, r.Code)
			}
		}
		for n, ro := range s.RuledOut {
			if (ro.Text == "") == (ro.Warning == "") {
				v.bad("%s: ruled_out %d needs a text or a warning, not both", where, n+1)
			}
			if _, ok := v.c.byCode[string(ro.Text)]; ro.Text != "" && !ok {
				v.bad("%s: ruled_out %d: no text %q", where, n+1, ro.Text)
			}
			v.when(fmt.Sprintf("%s: ruled_out %d", where, n+1), ro.When)
		}
	}
	v.order()
}

// ticketRequest checks a ticket's request: complete, its conditions named, and no
// placeholders, which nothing fills in a ticket.
func (v *validator) ticketRequest(where string, list []Step) {
	for n, st := range list {
		v.step(fmt.Sprintf("%s: ticket_request %d", where, n+1), st)
		if HasPlaceholders(st.EN) || HasPlaceholders(st.DE) {
			v.bad("%s: ticket_request %d: a request has no {placeholders}", where, n+1)
		}
	}
}

// rule checks a rule: its texts, its conditions, its confidence (only evidence has one).
func (v *validator) rule(where string, r Rule) {
	v.code(where, r.Message())
	v.when(fmt.Sprintf("%s: rule %q", where, r.Code), r.When)
	if len(r.When) == 0 {
		v.bad("%s: rule %q holds for every case: it needs conditions", where, r.Code)
	}
}

// when checks the form of conditions written where they are used: no code or words, a field,
// and values either to hold or to fail. What the field and its values are, the model checks.
func (v *validator) when(where string, list []Condition) {
	for _, cond := range list {
		if cond.Code != "" || cond.Text != (Text{}) {
			v.bad("%s: a condition written where it is used has no code or text (those are conditions.json's)", where)
		}
		v.shape(where, cond)
	}
}

// shape checks that a condition names a field and either values that make it hold or values
// that make it fail.
func (v *validator) shape(where string, cond Condition) {
	if cond.Field == "" || (len(cond.Is) == 0) == (len(cond.Not) == 0) {
		v.bad("%s: a condition needs a field, and values either in is or in not", where)
	}
}

// warnings checks the rules of no scenario, and the drops of every rule: each names another
// rule, and no two drop each other, directly or in a circle.
func (v *validator) warnings() {
	for _, r := range v.c.Warnings {
		v.rule("warnings", r)
		if r.Confidence != "" || len(r.TicketRequest) > 0 {
			v.bad("warnings: %q is a warning: it lends no confidence and asks nothing in a ticket", r.Code)
		}
	}
	drops := map[string][]string{}
	for _, s := range v.c.Scenarios {
		for _, r := range s.Evidence {
			drops[r.Code] = r.Drops
		}
	}
	for _, r := range v.c.Warnings {
		drops[r.Code] = r.Drops
	}
	for code, list := range drops {
		for _, d := range list {
			if _, ok := drops[d]; !ok || d == code {
				v.bad("rule %q drops %q, which is no other rule", code, d)
			}
		}
		// Follow the drops from code: coming back to it is a circle.
		seen, next := map[string]bool{}, slices.Clone(list)
		for len(next) > 0 {
			d := next[0]
			next = next[1:]
			if d == code {
				v.bad("rule %q drops itself through the rules it drops", code)
				break
			}
			if !seen[d] {
				seen[d] = true
				next = append(next, drops[d]...)
			}
		}
	}
}

// errors checks the known error texts: a code once, a title and a meaning in every language, a
// text in a language, patterns with words to match, a source, and what they imply: values of
// questions asked as a choice.
func (v *validator) errors() {
	if len(v.c.Errors) == 0 {
		v.bad("errors: the catalog needs its known error texts, the error cspfix is about first")
	}
	seen := map[string]bool{}
	for i, e := range v.c.Errors {
		where := fmt.Sprintf("error %d %q", i+1, e.Code)
		if e.Code == "" || seen[e.Code] {
			v.bad("%s: needs a code of its own", where)
		}
		seen[e.Code] = true
		if en, _ := e.Texts.Get("en"); en == "" {
			v.bad("%s: needs its text as shown in English", where)
		}
		if !e.Title.complete() || !e.Means.complete() {
			v.bad("%s: needs its title and what it means in en and de", where)
		}
		for _, t := range e.Texts {
			if lang, text := t.Key, t.Value; !isLang(lang) || !hasWords(text) {
				v.bad("%s: a text in %q", where, lang)
			}
		}
		for _, m := range e.Match {
			if lang, patterns := m.Key, m.Value; !isLang(lang) || len(patterns) == 0 {
				v.bad("%s: patterns in %q", where, lang)
			}
			for _, p := range m.Value {
				for _, fragment := range strings.Split(p, Gap) {
					if !hasWords(fragment) {
						v.bad("%s: pattern %q: a gap at its start or end, two gaps in a row, or no words", where, p)
					}
				}
			}
		}
		if e.Source.Title == "" || e.Source.URL == "" {
			v.bad("%s: needs the source it rests on", where)
		}
		for _, i := range e.Implies {
			path, value := i.Key, i.Value
			q, ok := v.c.byQuestion[path]
			if !ok || !slices.Contains(q.Values(), value) {
				v.bad("%s: implies %s = %q, which is no question with that value", where, path, value)
			}
		}
	}
}

// hasWords reports whether a text or a fragment of a pattern has a letter or a digit.
func hasWords(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// order checks what decides between scenarios: one fallback, without evidence; every other
// scenario with a rank of its own and a title for the ticket; a wait counted from a field; a
// route, of the fallback only, whose last desk takes every case.
func (v *validator) order() {
	var fallbacks []ID
	ranks := map[int]ID{}
	for i := range v.c.Scenarios {
		s := &v.c.Scenarios[i]
		where := "scenario " + string(s.ID)
		if len(s.ID) != 1 || s.ID[0] < 'A' || s.ID[0] > 'Z' {
			v.bad("%s: an id is one capital letter", where)
		}
		switch {
		case s.Fallback:
			fallbacks = append(fallbacks, s.ID)
			if s.Rank != 0 || len(s.Evidence) > 0 || s.Wait != (Wait{}) {
				v.bad("%s: the fallback has no rank, evidence or waiting time", where)
			}
			if len(s.Route) == 0 || len(s.Route[len(s.Route)-1].When) > 0 {
				v.bad("%s: the fallback's route needs a last desk without conditions", where)
			}
		case s.Rank <= 0:
			v.bad("%s: needs a rank above 0 (the lower goes first in a tie)", where)
		case ranks[s.Rank] != "":
			v.bad("%s: rank %d is %s's too", where, s.Rank, ranks[s.Rank])
		default:
			ranks[s.Rank] = s.ID
		}
		if !s.Fallback && (!s.TicketTitle.complete() || len(s.Route) > 0) {
			v.bad("%s: needs its ticket_title in en and de, and no route (the fallback's)", where)
		}
		if s.Wait != (Wait{}) && (s.Wait.From == "" || s.Wait.Hours <= 0) {
			v.bad("%s: a waiting time needs the field it counts from and its hours", where)
		}
		for _, r := range s.Route {
			if r.Desk == "" {
				v.bad("%s: a route without a desk", where)
			}
			for _, code := range r.When {
				if v.c.byCond[code] == nil {
					v.bad("%s: route to %s: no condition %q", where, r.Desk, code)
				}
			}
		}
	}
	if len(fallbacks) != 1 {
		v.bad("the catalog needs exactly one fallback scenario, not %d %v", len(fallbacks), fallbacks)
	}
}

// step checks that a step is complete and that its conditions exist; the facts it names are the
// diagnosis's to check (diagnose.Compile).
func (v *validator) step(where string, st Step) {
	if !st.complete() {
		v.bad("%s: is empty in en or de", where)
	}
	for _, code := range st.When {
		if v.c.byCond[code] == nil {
			v.bad("%s: no condition %q", where, code)
		}
	}
}

// conditions checks that each condition names a field of the case with values it can have, or
// groups of other conditions that do.
func (v *validator) conditions() {
	for i := range v.c.Conditions {
		if v.c.byCond[v.c.Conditions[i].Code] == nil {
			v.c.byCond[v.c.Conditions[i].Code] = &v.c.Conditions[i] // the first of a code; the others are refused below
		}
	}
	seen := map[string]bool{}
	for i := range v.c.Conditions {
		cond := &v.c.Conditions[i]
		where := fmt.Sprintf("condition %q", cond.Code)
		if cond.Code == "" {
			where = fmt.Sprintf("condition %d", i+1)
			v.bad("%s: no code", where)
		}
		if seen[cond.Code] {
			v.bad("%s: code is used twice", where)
		}
		seen[cond.Code] = true
		if !cond.Text.complete() {
			v.bad("%s: text needs en and de", where)
		}
		if len(cond.Any) > 0 {
			v.anyOf(where, cond)
			continue
		}
		v.shape(where, *cond)
		if strings.HasPrefix(cond.Field, FactPrefix) {
			continue // the facts are the diagnosis's: the model checks them
		}
		values := slices.Concat(cond.Is, cond.Not)
		q, isQuestion := v.c.byQuestion[cond.Field]
		_, isField := v.c.byField[cond.Field]
		switch {
		case !isQuestion && !isField:
			v.bad("%s: no field %q", where, cond.Field)
		case len(values) == 0:
			v.bad("%s: no values", where)
		case isQuestion && len(q.Values()) > 0:
			for _, value := range values {
				if !slices.Contains(q.Values(), value) {
					v.bad("%s: %q is not an answer to %s", where, value, cond.Field)
				}
			}
		case len(cond.Is) != 1 || cond.Is[0] != Given && cond.Is[0] != NotGiven:
			v.bad("%s: %s has no answers to list: use %q or %q", where, cond.Field, Given, NotGiven)
		}
	}
}

// anyOf checks a condition made of groups of others: no field of its own, every group with
// conditions, each a condition on a field.
func (v *validator) anyOf(where string, cond *Condition) {
	if cond.Field != "" || len(cond.Is) > 0 || len(cond.Not) > 0 {
		v.bad("%s: a condition holds for a field's values or for any of its groups, not both", where)
	}
	for _, group := range cond.Any {
		if len(group) == 0 {
			v.bad("%s: an empty group holds for every case", where)
		}
		for _, code := range group {
			switch other := v.c.byCond[code]; {
			case other == nil:
				v.bad("%s: no condition %q", where, code)
			case len(other.Any) > 0:
				v.bad("%s: %q is made of groups itself", where, code)
			}
		}
	}
}

// regions checks that every region is named and every country is in one region only.
func (v *validator) regions() {
	r := v.c.Regions
	if r.Source.Title == "" || r.Source.URL == "" || r.Source.Version == "" {
		v.bad("regions: the source needs a title, an address and a version")
	}
	byCountry := map[string]*Region{}
	for i := range r.Regions {
		reg := &r.Regions[i]
		if reg.ID == "" || !reg.Name.complete() {
			v.bad("region %d: needs an id and a name in en and de", i+1)
		}
		for _, cc := range reg.Countries {
			if len(cc) != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' {
				v.bad("region %q: %q is not a two-letter country code", reg.ID, cc)
			}
			if other := byCountry[cc]; other != nil {
				v.bad("region %q: %s is in region %q too", reg.ID, cc, other.ID)
			}
			byCountry[cc] = reg
		}
	}
}

func (v *validator) questions() {
	for i := range v.c.Questions {
		q := &v.c.Questions[i]
		if q.ID == "" {
			v.bad("question %d: no id", i+1)
		}
		if _, dup := v.c.byQuestion[q.ID]; dup {
			v.bad("question %q: id is used twice", q.ID)
		}
		v.c.byQuestion[q.ID] = q
		if !q.Prompt.complete() || !q.Label.complete() || !q.Help.complete() {
			v.bad("question %q: prompt, label and help need en and de", q.ID)
		}
		if q.Customer != (Text{}) && !q.Customer.complete() {
			v.bad("question %q: the customer's question needs en and de", q.ID)
		}
		if q.Group != "" && !slices.Contains(Groups, q.Group) {
			v.bad("question %q: no group %q (use %s)", q.ID, q.Group, strings.Join(Groups, ", "))
		}
		v.answer(q)
		for _, st := range q.Statements {
			if !st.Text.complete() {
				v.bad("question %q: statement %q needs en and de", q.ID, st.Value)
			}
			if values := q.Values(); !slices.Contains(values, st.Value) {
				v.bad("question %q: statement for %q, which is not one of its answers", q.ID, st.Value)
			}
		}
	}
	// Follow-ups and confirmations name questions: the others are all indexed now.
	for i := range v.c.Questions {
		q := &v.c.Questions[i]
		if p := q.Unless.Path; p != "" {
			if parent, ok := v.c.byQuestion[p]; !ok || q.Unless.Value == "" || !slices.Contains(parent.Values(), q.Unless.Value) {
				v.bad("question %q: unless %q = %q, which is not one of its answers", q.ID, p, q.Unless.Value)
			}
		}
		if p := q.Follows.Path; p != "" {
			parent, ok := v.c.byQuestion[p]
			switch {
			case !ok:
				v.bad("question %q: follows %q, which is no question", q.ID, p)
			case q.Follows.Value != "" && !slices.Contains(parent.Values(), q.Follows.Value):
				v.bad("question %q: follows %q = %q, which is not one of its answers", q.ID, p, q.Follows.Value)
			case q.Group != "" && parent.Group == "":
				v.bad("question %q: follows %q, which is never asked", q.ID, p)
			}
			for seen, at := 0, q; at.Follows.Path != ""; seen++ {
				next, ok := v.c.byQuestion[at.Follows.Path]
				if !ok {
					break
				}
				if next == q || seen > len(v.c.Questions) {
					v.bad("question %q: its follow-ups go round in a circle", q.ID)
					break
				}
				at = next
			}
		}
		if p := q.Confirms; p != "" {
			if other, ok := v.c.byQuestion[p]; !ok || !other.TenantID || !q.TenantID {
				v.bad("question %q: confirms %q, but both must be tenant ID questions", q.ID, p)
			}
		}
	}
}

// answer checks how an answer under "answers." is given; no other question defines one.
func (v *validator) answer(q *Question) {
	a := q.Answer
	if !strings.HasPrefix(q.ID, AnswersPrefix) {
		values, choice := CaseValues(q.ID)
		if a.Kind != "" || len(a.Values) > 0 || a.Unset != "" || a.Synonyms != "" || !choice && len(a.Options) > 0 {
			v.bad("question %q: only a question under %q defines its answer (a field of the case asked as a choice labels its values in options)", q.ID, AnswersPrefix)
		}
		for _, value := range values {
			if label, ok := a.Options.Get(value); ok && !label.complete() || !ok && !v.shared(value) {
				v.bad("question %q: value %q needs its label in en and de (options)", q.ID, value)
			}
		}
		for _, o := range a.Options {
			if !slices.Contains(values, o.Value) {
				v.bad("question %q: option %q is not one of its values", q.ID, o.Value)
			}
		}
		return
	}
	switch a.Kind {
	case KindYesNo, KindTime, KindText:
		if len(a.Values) > 0 || a.Unset != "" || a.Synonyms != "" || len(a.Options) > 0 {
			v.bad("question %q: a %s answer takes no values, unset, synonyms or options", q.ID, a.Kind)
		}
		for _, value := range q.Values() {
			if !v.shared(value) {
				v.bad("question %q: the label of %q is missing", q.ID, value)
			}
		}
	case KindEnum:
		if len(a.Values) == 0 {
			v.bad("question %q: an enum answer needs its values", q.ID)
		}
		for i, value := range a.Values {
			if value == "" || slices.Contains(a.Values[:i], value) {
				v.bad("question %q: value %q is empty or listed twice", q.ID, value)
			}
			if label, ok := a.Options.Get(value); ok && !label.complete() || !ok && !v.shared(value) {
				v.bad("question %q: value %q needs its label in en and de (options)", q.ID, value)
			}
		}
		for _, o := range a.Options {
			if !slices.Contains(a.Values, o.Value) {
				v.bad("question %q: option %q is not one of its values", q.ID, o.Value)
			}
		}
		if a.Unset != "" && !slices.Contains(a.Values, a.Unset) {
			v.bad("question %q: unset %q is not one of its values", q.ID, a.Unset)
		}
		if _, ok := SynonymSet(a.Synonyms); !ok {
			v.bad("question %q: no set of synonyms %q", q.ID, a.Synonyms)
		}
	default:
		v.bad("question %q: answer kind %q is none of %s, %s, %s, %s", q.ID, a.Kind, KindYesNo, KindEnum, KindTime, KindText)
	}
}

// shared reports whether the catalog has the walkthrough's own label of a value.
func (v *validator) shared(value string) bool {
	_, ok := v.c.byCode[string(sharedOption(value))]
	return ok && sharedOption(value) != ""
}

// needs checks that the lists of what the diagnosis and the ticket need name questions, each
// once, and that the texts and scenarios they name exist.
func (v *validator) needs() {
	n := v.c.Needs
	seen := map[string]bool{}
	for _, need := range n.Missing {
		if _, ok := v.c.byQuestion[need.Field]; !ok || seen[need.Field] {
			v.bad("needs: %q is no question, or listed twice", need.Field)
		}
		seen[need.Field] = true
		if need.Checks != "" && v.byID[need.Checks] == nil {
			v.bad("needs: %q checks scenario %q, which does not exist", need.Field, need.Checks)
		}
	}
	seen = map[string]bool{}
	for _, need := range n.Ticket {
		if _, ok := v.c.byQuestion[need.Field]; !ok || seen[need.Field] {
			v.bad("needs: the ticket's %q is no question, or listed twice", need.Field)
		}
		seen[need.Field] = true
		if _, ok := v.c.byCode[string(need.Label)]; !ok {
			v.bad("needs: the ticket's %q has no text %q", need.Field, need.Label)
		}
	}
}

func (v *validator) checklist() {
	list := v.c.Checklist
	if !list.Title.complete() || !list.Intro.complete() || len(list.Items) == 0 {
		v.bad("checklist: title, intro and items need en and de")
	}
	for i, it := range list.Items {
		if !it.Title.complete() || !it.Detail.complete() {
			v.bad("checklist item %d: title and detail need en and de", i+1)
		}
	}
}

func (v *validator) fields() {
	for i := range v.c.Fields {
		f := &v.c.Fields[i]
		if _, dup := v.c.byField[f.Path]; dup {
			v.bad("field %q: path is used twice", f.Path)
		}
		if _, q := v.c.byQuestion[f.Path]; q {
			v.bad("field %q: is a question, which explains it already", f.Path)
		}
		v.c.byField[f.Path] = f
		if !f.Help.complete() {
			v.bad("field %q: help needs en and de", f.Path)
		}
	}
}

// IDs are the IDs of the scenarios in the order they are listed (the fallback last), joined
// with sep: "A, B, C, D, E".
func (c *Catalog) IDs(sep string) string {
	ids := make([]string, len(c.Scenarios))
	for i, s := range c.Scenarios {
		ids[i] = string(s.ID)
	}
	return strings.Join(ids, sep)
}

// Scenario returns the scenario with the given ID, case-insensitively.
func (c *Catalog) Scenario(id string) (*Scenario, bool) {
	id = strings.TrimSpace(id)
	for i := range c.Scenarios { // a handful: a map costs more to make than all lookups of a run
		if strings.EqualFold(string(c.Scenarios[i].ID), id) {
			return &c.Scenarios[i], true
		}
	}
	return nil, false
}

// Question returns the question with the given ID (its field path).
func (c *Catalog) Question(id string) (*Question, bool) {
	c.index()
	q, ok := c.byQuestion[id]
	return q, ok
}

// Field returns the explanation of a case-file field that is not a question.
func (c *Catalog) Field(path string) (*Field, bool) {
	c.index()
	f, ok := c.byField[path]
	return f, ok
}

// Condition returns the condition with the given code.
func (c *Catalog) Condition(code string) (*Condition, bool) {
	c.index()
	cond, ok := c.byCond[code]
	return cond, ok
}

// TicketLabel is the code of the text that names the field at path among the facts the ticket
// needs; "" for a field that is none of them.
func (c *Catalog) TicketLabel(path string) txt.Key {
	for _, need := range c.Needs.Ticket {
		if need.Field == path {
			return need.Label
		}
	}
	return ""
}

// RegionOf returns the CSP region of a country (an ISO 3166-1 alpha-2 code, any case).
func (c *Catalog) RegionOf(country string) (*Region, bool) {
	c.countriesOnce.Do(func() {
		// Two letters A–Z: a table of 676 bytes, made in a few microseconds (a map of the
		// countries cost a batch's first case more than the case).
		c.byCountry = new([26 * 26]uint8)
		for i := range c.Regions.Regions {
			for _, cc := range c.Regions.Regions[i].Countries {
				if at, ok := countryIndex(cc); ok && c.byCountry[at] == 0 {
					c.byCountry[at] = uint8(i + 1)
				}
			}
		}
	})
	at, ok := countryIndex(strings.TrimSpace(country))
	if !ok || c.byCountry[at] == 0 {
		return nil, false
	}
	return &c.Regions.Regions[c.byCountry[at]-1], true
}

// countryIndex is the place of a two-letter country code (any case) in a table of them.
func countryIndex(cc string) (int, bool) {
	if len(cc) != 2 {
		return 0, false
	}
	a, b := cc[0]|0x20, cc[1]|0x20 // lower case; anything else is refused below
	if a < 'a' || a > 'z' || b < 'a' || b > 'z' {
		return 0, false
	}
	return int(a-'a')*26 + int(b-'a'), true
}

// Message returns the evidence or warning text for a code.
func (c *Catalog) Message(code string) (Message, bool) { return c.message(code) }

// message finds the text with the code: among the coded texts, which go generate sorts by
// code, else by its key among the evidence and warnings (and, in a catalog whose coded texts are
// not sorted, every text).
func (c *Catalog) message(code string) (Message, bool) {
	if i, ok := slices.BinarySearchFunc(c.Messages, code, func(m Message, code string) int { return strings.Compare(m.Code, code) }); ok {
		return c.Messages[i], true
	}
	c.index()
	m, ok := c.byCode[code]
	return m, ok
}

// Text is the text k in lang, its {placeholders} filled from args (name, value pairs). Every key
// names a text of the catalog the binary carries (package txt is made from it), and a catalog
// that lacks one is refused when a model is made of it (CheckTexts).
func (c *Catalog) Text(k txt.Key, lang Lang, args ...string) string {
	m, ok := c.message(string(k))
	if !ok {
		panic("scenarios: no text for " + string(k)) // a catalog CheckTexts refuses
	}
	return Fill(m.Text.In(lang), args...)
}

// CheckTexts reports the texts the code names (txt.All) that the catalog lacks: a catalog
// loaded from other data than the binary's must have them all (the binary's is made from the
// same data as package txt, and held to it: TestGeneratedCatalogIsCurrent).
func (c *Catalog) CheckTexts() error {
	var missing []string
	i := 0
	for _, k := range txt.All {
		// Both lists are sorted by code (go generate): one walk through them finds the texts of
		// the catalog the binary carries; another catalog's are looked up.
		for i < len(c.Messages) && c.Messages[i].Code < string(k) {
			i++
		}
		if i < len(c.Messages) && c.Messages[i].Code == string(k) {
			continue
		}
		if _, ok := c.message(string(k)); !ok {
			missing = append(missing, string(k))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the catalog lacks texts the code names: %s", strings.Join(missing, ", "))
	}
	return nil
}

// Texts are a catalog's texts in one language: what the code that says things is given.
type Texts struct {
	Catalog *Catalog
	Lang    Lang
}

// In is the catalog's texts in lang.
func (c *Catalog) In(lang Lang) Texts { return Texts{c, lang} }

// T is the text k, its {placeholders} filled from args (name, value pairs).
func (t Texts) T(k txt.Key, args ...string) string { return t.Catalog.Text(k, t.Lang, args...) }

// TextFunc is the text with the code in lang, each {placeholder} filled with what value gives
// for its name: only the placeholders the text has are worked out.
func (c *Catalog) TextFunc(k txt.Key, lang Lang, value func(name string) (string, bool)) string {
	m, ok := c.message(string(k))
	if !ok {
		panic("scenarios: no text for " + string(k)) // a catalog CheckTexts refuses
	}
	return FillFunc(m.Text.In(lang), value)
}

// Cut keeps at most max characters of s (sanitize.Cut) and says in lang how many it left out.
func (c *Catalog) Cut(s string, max int, lang Lang) string {
	head, more := sanitize.Cut(s, max)
	if more == 0 {
		return s
	}
	return c.Text(txt.ValueCut, lang, "head", head, "n", strconv.Itoa(more))
}

// Quote is s in quotes with unsafe characters escaped (sanitize.Quote), at most max characters
// of it, saying in lang how many were left out.
func (c *Catalog) Quote(s string, max int, lang Lang) string {
	head, more := sanitize.Cut(s, max)
	if more == 0 {
		return sanitize.Quote(s)
	}
	return c.Text(txt.ValueCut, lang, "head", sanitize.Quote(head), "n", strconv.Itoa(more))
}

// Lookup is the text with the code in lang, if the catalog has one.
func (c *Catalog) Lookup(k txt.Key, lang Lang) (string, bool) {
	m, ok := c.message(string(k))
	return m.Text.In(lang), ok
}

// Fill replaces {name} placeholders in s with values from args (name, value pairs). Unknown
// placeholders stay as they are.
func Fill(s string, args ...string) string {
	if len(args) < 2 {
		return s
	}
	return FillFunc(s, func(name string) (string, bool) { return lookup(args, name) })
}

// FillFunc replaces {name} placeholders in s with what value gives for name; a placeholder value
// does not know stays as it is.
func FillFunc(s string, value func(name string) (string, bool)) string {
	if !strings.Contains(s, "{") {
		return s
	}
	return string(AppendFill(make([]byte, 0, len(s)+32), s, func(b []byte, name string) ([]byte, bool) {
		v, ok := value(name)
		return append(b, v...), ok
	}))
}

// AppendFill appends s to b with each {name} placeholder replaced by what value appends for
// name; a placeholder value does not know (false) stays as it is. It runs for every evidence
// sentence of a batch: it scans once and writes where the caller's other texts are.
func AppendFill(b []byte, s string, value func(b []byte, name string) ([]byte, bool)) []byte {
	for {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 {
			break
		}
		b = append(b, s[:open]...)
		filled, ok := value(b, s[open+1:open+end])
		if !ok {
			b = append(b, '{')
			s = s[open+1:]
			continue
		}
		b = filled
		s = s[open+end+1:]
	}
	return append(b, s...)
}

// Placeholders are the names of the {placeholders} in s, in order.
func Placeholders(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for rest := s; ; {
			open := strings.IndexByte(rest, '{')
			if open < 0 {
				return
			}
			end := strings.IndexByte(rest[open:], '}')
			if end < 0 || !yield(rest[open+1:open+end]) {
				return
			}
			rest = rest[open+end+1:]
		}
	}
}

// HasPlaceholders tells whether s has a {placeholder}.
func HasPlaceholders(s string) bool {
	for range Placeholders(s) {
		return true
	}
	return false
}

func lookup(args []string, name string) (string, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if args[i] == name {
			return args[i+1], true
		}
	}
	return "", false
}
