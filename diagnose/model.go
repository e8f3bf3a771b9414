package diagnose

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cspfix/cspfix/internal/lazy"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// Model is what the diagnosis makes of one catalog, once: the table of the case's fields (the
// case's own, and the answers the catalog defines), the questions in the order the walkthrough
// asks them, what the diagnosis and the ticket need to know. The decoder, the encoder, the
// schema, the engine, the ticket, the message and the walkthrough read the model they are given
// (docs/architecture.md): a catalog with another scenario or question is another model, and
// needs no change in Go.
type Model struct {
	Catalog *scenarios.Catalog

	root, answers *Field
	byPath        map[string]*Field
	questions     []*Field // asked, in the catalog's order
	needed        []*Field // Result.Missing's order
	ticketFacts   []*Field
	csvColumns    []*Field
	// csv are what the CSV reader looks up: the columns by name (made when first asked for),
	// and the fields a row's cells are checked against beyond their own column.
	csv struct {
		once                            sync.Once
		names                           map[string]*Field // by lower-case path
		longest                         int
		outcome, triedScenario, triedAt *Field
	}
	// texts and times are the number of the answers' slots of each kind.
	texts, times int

	// factAnswers are the answers the facts read; confirmed is the confirmed tenant ID, whose
	// check the facts make once.
	factAnswers factAnswers
	confirmed   *Field

	// lookupAnswers are the answers the case's lookups give to questions (lookups.go).
	lookupAnswers []lookupAnswer

	// The rules and conditions of the catalog, made ready to apply: the rules in the order
	// they are applied (their conditions one after another in conds), the named conditions by
	// code, the reasons to rule scenarios out by scenario. values are the fields and facts the
	// conditions read, whose values a case's facts work out once (valueSlots: by path).
	rules      []rule
	conds      []condition
	conditions map[string]condition
	ruledOut   map[scenarios.ID][]ruledOut
	valueSlots map[string]int
	values     []valueSource
	// errorPatterns are, by known error, the patterns of its texts, each made when first
	// needed (patternsOf); implied are, by known error and value slot, the values each implies
	// (compileImplied).
	errorPatterns []knownPatterns
	implied       [][]int8

	// The scenarios: ids in the catalog's order (the fallback last), index by id, the ones that
	// can be tried by rank (ties go to the lower), their waiting times.
	ids      []scenarios.ID
	index    map[scenarios.ID]int
	scenario []*scenarios.Scenario // by index
	ranked   []scenarios.ID
	fallback scenarios.ID
	waits    map[scenarios.ID]wait
	// questioned are the scenarios a question needed before the fallback checks (needs.json):
	// the ticket lists the others only when they have evidence or were tried.
	questioned map[scenarios.ID]bool
}

// wait is a scenario's waiting time: d after the time of field.
type wait struct {
	field *Field
	d     time.Duration
}

// maxScenarios bounds the scenarios of a catalog: a diagnosis marks the ones tried in a
// 64-bit set.
const maxScenarios = 64

// ruledOut is a reason to rule a scenario out, ready to apply: the text, or the ticket's words
// of the warning, when the conditions hold.
type ruledOut struct {
	when    []condition
	text    txt.Key
	warning string
}

// maxAnswers bounds the answers of a catalog: the parser marks the keys of an object it has
// seen in a 64-bit set.
const maxAnswers = 64

// Compile makes the model of a catalog and checks what the catalog says of the case's fields:
// each question names a field (or defines an answer), each follow-up and need a field of the
// table; and that it has every text the code names (package txt). An error names the entry of
// the catalog.
func Compile(cat *scenarios.Catalog) (*Model, error) {
	m := &Model{Catalog: cat}
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	// The answers, in the catalog's order, each in a slot of its kind.
	m.answers = object("answers")
	for i := range cat.Questions {
		q := &cat.Questions[i]
		if !strings.HasPrefix(q.ID, scenarios.AnswersPrefix) {
			continue
		}
		words, _ := scenarios.SynonymSet(q.Answer.Synonyms)
		if q.Answer.Kind == scenarios.KindYesNo {
			words = scenarios.YesNoSynonyms.Get()
		}
		slot := &m.texts
		if q.Answer.Kind == scenarios.KindTime {
			slot = &m.times
		}
		m.answers.Fields = append(m.answers.Fields, answerField(q, *slot, words))
		*slot++
	}
	if len(m.answers.Fields) > maxAnswers {
		bad("the catalog defines %d answers, more than the %d a case can hold", len(m.answers.Fields), maxAnswers)
	}
	// The scenarios, in the catalog's order: a tried step names one that can be tried, an
	// outcome any.
	m.index = make(map[scenarios.ID]int, len(cat.Scenarios))
	var tried, all []string
	for i := range cat.Scenarios {
		s := &cat.Scenarios[i]
		m.index[s.ID] = len(m.ids)
		m.ids, m.scenario = append(m.ids, s.ID), append(m.scenario, s)
		all = append(all, string(s.ID))
		if s.Fallback {
			m.fallback = s.ID
			continue
		}
		tried = append(tried, string(s.ID))
		m.ranked = append(m.ranked, s.ID)
	}
	slices.SortStableFunc(m.ranked, func(a, b scenarios.ID) int { return m.rankOf(a) - m.rankOf(b) })
	if len(m.ids) > maxScenarios {
		bad("the catalog has %d scenarios, more than the %d a diagnosis can tell apart", len(m.ids), maxScenarios)
	}
	m.root = caseTable(m.answers, tried, all)
	fields := 0
	m.EachField(func(*Field) { fields++ })
	m.byPath = make(map[string]*Field, fields)
	m.indexFields(m.root, "")
	m.waits = map[scenarios.ID]wait{}
	for _, s := range m.scenario {
		if s.Wait == (scenarios.Wait{}) {
			continue
		}
		f := m.byPath[s.Wait.From]
		if f == nil || f.Kind != KindTime {
			bad("scenario %s: its waiting time counts from %q, which is no time of the case", s.ID, s.Wait.From)
			continue
		}
		m.waits[s.ID] = wait{field: f, d: time.Duration(s.Wait.Hours) * time.Hour}
	}
	// How each question is asked, in the catalog's order.
	for i := range cat.Questions {
		q := &cat.Questions[i]
		f := m.byPath[q.ID]
		switch {
		case f == nil:
			bad("question %q: the case has no such field", q.ID)
			continue
		case f.Kind == KindObject || f.Kind == KindList && f.Item.Kind != KindTime:
			bad("question %q: %s cannot be asked for", q.ID, map[Kind]string{KindObject: "an object", KindList: "a list"}[f.Kind])
			continue
		}
		f.Question = q
		if q.Group == "" {
			continue
		}
		f.Ask = &Ask{Index: len(m.questions), Group: Group(slices.Index(scenarios.Groups, q.Group)), When: q.Follows.Value,
			TenantID: q.TenantID, PartnerID: q.PartnerID, ErrorText: q.ErrorText, Default: q.Default}
		m.questions = append(m.questions, f)
	}
	for _, f := range m.questions {
		q := f.Question
		if p := q.Unless.Path; p != "" {
			if f.Ask.UnlessField, f.Ask.UnlessValue = m.byPath[p], q.Unless.Value; f.Ask.UnlessField == nil || f.Ask.UnlessField.Ask == nil {
				bad("question %q: unless %q, which is not asked", q.ID, p)
			}
		}
		if p := q.Follows.Path; p != "" {
			if f.Ask.After = m.byPath[p]; f.Ask.After == nil || f.Ask.After.Ask == nil {
				bad("question %q: follows %q, which is not asked", q.ID, p)
			}
		}
		if (q.PartnerID || q.ErrorText) && f.Kind != KindText {
			bad("question %q: a Partner ID or an error text is asked for a text field", q.ID)
		}
		if p := q.Confirms; p != "" {
			if f.Ask.Confirms = m.byPath[p]; f.Ask.Confirms == nil || f.Kind != KindText {
				bad("question %q: confirms %q, which is not a text field", q.ID, p)
			}
		}
	}

	// What the diagnosis and the ticket need, in the catalog's order.
	m.questioned = map[scenarios.ID]bool{}
	for i, need := range cat.Needs.Missing {
		f := m.byPath[need.Field]
		if f == nil {
			bad("needs: no field %q", need.Field)
			continue
		}
		if need.Checks != "" {
			m.questioned[need.Checks] = true
		}
		f.Need, f.BeforeFallback, f.Checks = i+1, need.BeforeFallback, need.Checks
		m.needed = append(m.needed, f)
	}
	for i, need := range cat.Needs.Ticket {
		f := m.byPath[need.Field]
		if f == nil {
			bad("needs: the ticket's field %q does not exist", need.Field)
			continue
		}
		f.TicketNeed, f.TicketLabel = i+1, need.Label
		m.ticketFacts = append(m.ticketFacts, f)
	}

	// The answers the facts read.
	for _, a := range factPaths {
		to := a.to(&m.factAnswers)
		if *to = m.byPath[a.path]; *to == nil || (*to).Kind != a.kind || a.kind == KindEnum && !slices.Contains((*to).Values, a.value) {
			bad("the diagnosis reads the answer %q, which the catalog does not define as it needs", a.path)
		}
	}
	m.confirmed = m.byPath["customer.confirmed_tenant_id"]

	// The conditions, the rules and the reasons to rule scenarios out.
	// Sized up front: growing a map makes it again (README "Performance").
	m.valueSlots, m.conditions = make(map[string]int, len(cat.Conditions)), make(map[string]condition, len(cat.Conditions))
	m.ruledOut = map[scenarios.ID][]ruledOut{}
	for _, c := range cat.Conditions {
		if len(c.Any) > 0 {
			continue // made of the others, below
		}
		cond, err := m.compileCondition(func() string { return fmt.Sprintf("condition %q", c.Code) }, c)
		if err != nil {
			errs = append(errs, err)
		}
		m.conditions[c.Code] = cond
	}
	for _, c := range cat.Conditions {
		if len(c.Any) > 0 {
			var cond condition
			for _, group := range c.Any {
				var all []condition
				for _, code := range group {
					all = append(all, m.conditions[code])
				}
				cond.any = append(cond.any, all)
			}
			m.conditions[c.Code] = cond
		}
	}
	errs = append(errs, m.compileRules()...)
	for _, s := range m.scenario {
		for i, ro := range s.RuledOut {
			when, err := m.compileConditions(func() string { return fmt.Sprintf("scenario %s: ruled_out %d", s.ID, i+1) }, ro.When)
			if err != nil {
				errs = append(errs, err)
			}
			m.ruledOut[s.ID] = append(m.ruledOut[s.ID], ruledOut{when: when, text: ro.Text, warning: ro.Warning})
		}
	}
	errs = append(errs, m.compileLookupAnswers()...)
	if !cat.Generated() {
		// The catalog the binary carries is held to data/ by the tests, which compile the same
		// data with these checks (TestCompileChecksTheDataOfTheBinary): a run is spared reading
		// every text of the catalog in both languages (README "Performance").
		errs = append(errs, m.checkTexts()...)
	}
	m.compileImplied() // after every condition has its slot
	m.errorPatterns = make([]knownPatterns, len(cat.Errors))
	m.csvColumns = csvColumnsOf(m.root)
	m.csv.outcome, m.csv.triedScenario, m.csv.triedAt = m.byPath["outcome"], m.byPath["tried[].scenario"], m.byPath["tried[].at"]
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return m, nil
}

// checkTexts checks what the catalog's texts say of the rest: it has every text the code names
// (package txt); a step names only the facts the diagnosis fills in, and the end of a waiting
// time only in a scenario that has one; a rule's texts name only what its args fill; a reason to
// rule a scenario out names a warning that exists; each desk of a route has its words; each
// value a known error implies is one of its field's.
func (m *Model) checkTexts() []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if err := m.Catalog.CheckTexts(); err != nil {
		errs = append(errs, err)
	}
	for _, s := range m.scenario {
		for _, steps := range [2][]scenarios.Step{s.Steps, s.Customer.Steps} {
			for _, st := range steps {
				for _, text := range [2]string{st.EN, st.DE} {
					for name := range scenarios.Placeholders(text) {
						switch _, ok := m.waits[s.ID]; {
						case !StepFact(name):
							bad("scenario %s: a step names {%s}, which is no fact of a step", s.ID, name)
						case !ok && slices.Contains(waitFacts, name):
							bad("scenario %s: a step names {%s}, but the scenario has no waiting time", s.ID, name)
						}
					}
				}
			}
		}
	}
	errs = append(errs, m.checkRuleTexts()...)
	for _, s := range m.scenario {
		for i, ro := range s.RuledOut {
			if ro.Warning != "" && !slices.ContainsFunc(m.rules, func(r rule) bool { return r.code == ro.Warning && r.scenario == "" }) {
				bad("scenario %s: ruled_out %d: no warning %q", s.ID, i+1, ro.Warning)
			}
		}
		for _, route := range s.Route {
			if _, ok := m.Catalog.Lookup(DeskText(route.Desk), scenarios.EN); !ok {
				bad("scenario %s: route to %s: no text %s", s.ID, route.Desk, DeskText(route.Desk))
			}
		}
	}
	return append(errs, m.checkErrorImplies()...)
}

// indexFields gives every field of the table its path and its model, and indexes it by path.
func (m *Model) indexFields(f *Field, path string) {
	f.Path, f.model = path, m
	m.byPath[path] = f
	for _, c := range f.Fields {
		m.indexFields(c, joinPath(path, c.Name))
	}
	if f.Item != nil {
		m.indexFields(f.Item, path+"[]")
	}
}

// rankOf is the rank of scenario id in a tie.
func (m *Model) rankOf(id scenarios.ID) int {
	if i, ok := m.index[id]; ok {
		return m.scenario[i].Rank
	}
	return 0
}

// DeskText is the code of the words that address a ticket to a support desk of the fallback's
// route ("ticket.to.<desk>").
func DeskText(desk string) txt.Key { return txt.Key("ticket.to." + desk) }

// Scenarios are the IDs of the scenarios in the catalog's order, the fallback last.
func (m *Model) Scenarios() []scenarios.ID { return m.ids }

// Fallback is the scenario that ends the diagnosis when nothing else fits.
func (m *Model) Fallback() scenarios.ID { return m.fallback }

// Route is the support desk the fallback goes to for the case of r: the first of its route
// whose conditions hold (README "Writing the support ticket"); "" for a result without a case.
func (r *Result) Route() string {
	if r.facts == nil {
		return ""
	}
	m := r.facts.model
	for _, route := range m.scenario[m.index[m.fallback]].Route {
		if m.named(route.When, r.facts) {
			return route.Desk
		}
	}
	return ""
}

// named reports whether every named condition of codes holds for the case of f.
func (m *Model) named(codes []string, f *facts) bool {
	for _, code := range codes {
		if cond := m.conditions[code]; !cond.holds(f) {
			return false
		}
	}
	return true
}

// bare is the model of a catalog with no answers, for a case that was never tied to one (a
// Case{} written as JSON): its table has the case's own fields.
var bare = lazy.Value[*Model]{Make: func() *Model {
	m := &Model{byPath: map[string]*Field{}, answers: object("answers")}
	m.root = caseTable(m.answers, nil, nil)
	m.indexFields(m.root, "")
	m.csvColumns = csvColumnsOf(m.root)
	return m
}}

// modelOf is the model c is read and written through.
func modelOf(c *Case) *Model {
	if c.model != nil {
		return c.model
	}
	return bare.Get()
}

// StandardError is the error cspfix is about, as Partner Center shows it in English: the first
// known error text of the catalog.
func (m *Model) StandardError() string {
	text, _ := m.Catalog.Errors[0].Texts.Get("en")
	return text
}

// Questions are the fields the walkthrough asks for, in the order it asks.
func (m *Model) Questions() []*Field { return m.questions }

// Needed are the fields the diagnosis needs known, cheapest to find out first.
func (m *Model) Needed() []*Field { return m.needed }

// TicketFacts are the facts partner support cannot work without, in the ticket's order.
func (m *Model) TicketFacts() []*Field { return m.ticketFacts }

// CaseFields is the root of the field table: the case, an object.
func (m *Model) CaseFields() *Field { return m.root }

// Field returns the field with a path such as "answers.other_csp".
func (m *Model) Field(path string) (*Field, bool) {
	f, ok := m.byPath[path]
	return f, ok
}

// FieldAt returns the field with a path such as "answers.other_csp". It panics for a path the
// table does not have: paths in code are constants, and the tests run every one.
func (m *Model) FieldAt(path string) *Field {
	f, ok := m.byPath[path]
	if !ok {
		panic("diagnose: no field " + path)
	}
	return f
}

// EachField calls visit for every field of the table, parents before their children.
func (m *Model) EachField(visit func(*Field)) {
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
	walk(m.root)
}

// NewCase is an empty case of the model.
func (m *Model) NewCase() *Case { return &Case{model: m} }
