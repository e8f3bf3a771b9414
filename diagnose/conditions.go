package diagnose

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cspfix/cspfix/scenarios"
)

// A condition of the catalog (scenarios.Condition) made ready to hold or not for a case: the
// rules, the steps, the routes and the ticket's reasons to rule a scenario out all use the one
// language of conditions, and this one evaluator.

// condition is a catalog condition tied to its field of the table, or to a fact.
type condition struct {
	field *Field // for "given" and "not_given"
	// slot is where a case's facts hold the index of the value the condition looks at (of its
	// field's Values, or of its fact's values), worked out once per case (valueSource).
	slot int
	// given is +1 for "given", -1 for "not_given", 0 for a condition on values: then mask has
	// a bit for each value (by its index) that makes it hold.
	given int8
	mask  uint64
	// any, for a named condition made of groups of others, are the groups: it holds when all
	// of one group do.
	any [][]condition
}

// valueSource is what a slot of a case's values holds: the value of a field, or of a fact.
type valueSource struct {
	field *Field // nil for a fact
	fact  int    // the fact's index in factDefs
}

// maxValues bounds the values of a field or fact a condition can tell apart (mask's bits).
const maxValues = 64

// naming names a condition of the catalog in an error; it is only called for one (every batch
// compiles the catalog's conditions, and naming each cost it more than the rest of the work).
type naming func() string

// compileCondition ties a catalog condition to the field or fact it names, and checks that its
// values are that field's or fact's.
func (m *Model) compileCondition(where naming, c scenarios.Condition) (condition, error) {
	var cond condition
	var allowed []string
	if name, isFact := strings.CutPrefix(c.Field, scenarios.FactPrefix); isFact {
		fact := factIndex(name)
		if fact < 0 {
			return cond, fmt.Errorf("%s: no fact %q (the facts: %s)", where(), name, strings.Join(factNames(), ", "))
		}
		allowed = m.factValues(fact)
		cond.slot = m.valueSlot(c.Field, valueSource{fact: fact})
	} else {
		f := m.byPath[c.Field]
		switch {
		case f == nil:
			return cond, fmt.Errorf("%s: no field %q", where(), c.Field)
		case strings.Contains(f.Path, "[]"):
			return cond, fmt.Errorf("%s: %s is a field of a list's items, which a condition cannot name", where(), c.Field)
		case len(f.Values) == 0 || f.Kind != KindEnum:
			// A field without a list of values is given or not.
			if len(c.Is) != 1 || c.Is[0] != scenarios.Given && c.Is[0] != scenarios.NotGiven || len(c.Not) > 0 {
				return cond, fmt.Errorf("%s: %s has no values to list: use %q or %q", where(), c.Field, scenarios.Given, scenarios.NotGiven)
			}
			cond.field, cond.given = f, 1
			if c.Is[0] == scenarios.NotGiven {
				cond.given = -1
			}
			return cond, nil
		}
		cond.field, allowed = f, f.Values
		cond.slot = m.valueSlot(c.Field, valueSource{field: f})
	}
	if len(allowed) > maxValues {
		return cond, fmt.Errorf("%s: %s has more than %d values", where(), c.Field, maxValues)
	}
	for _, values := range [2][]string{c.Is, c.Not} {
		for _, v := range values {
			if !slices.Contains(allowed, v) {
				return cond, fmt.Errorf("%s: %q is none of the values of %s (%s)", where(), v, c.Field, strings.Join(allowed, ", "))
			}
		}
	}
	for i, v := range allowed {
		if slices.Contains(c.Is, v) || len(c.Not) > 0 && !slices.Contains(c.Not, v) {
			cond.mask |= 1 << i
		}
	}
	return cond, nil
}

// compileConditions compiles a list of conditions, all of which must hold, into the model's
// array of conditions, where the conditions of the rules lie one after another.
func (m *Model) compileConditions(where naming, list []scenarios.Condition) ([]condition, error) {
	start := len(m.conds)
	for _, c := range list {
		cond, err := m.compileCondition(where, c)
		if err != nil {
			return nil, err
		}
		m.conds = append(m.conds, cond)
	}
	return m.conds[start:len(m.conds):len(m.conds)], nil
}

// valueSlot is the place of a field's or fact's value among those a case's facts hold.
func (m *Model) valueSlot(key string, src valueSource) int {
	if i, ok := m.valueSlots[key]; ok {
		return i
	}
	m.valueSlots[key] = len(m.values)
	m.values = append(m.values, src)
	return len(m.values) - 1
}

func factNames() []string {
	names := make([]string, len(factDefs))
	for i := range factDefs {
		names[i] = factDefs[i].name
	}
	return names
}

// holds reports whether the condition holds for the case of f. A follow-up that does not count
// (asked after another answer) counts as its unset value, and as not given; "given" asks for a
// settled value (a valid confirmed ID).
func (cond *condition) holds(f *facts) bool {
	if cond.any != nil {
		for _, group := range cond.any {
			if allHold(group, f) {
				return true
			}
		}
		return false
	}
	if cond.given != 0 {
		given := cond.field.Counts(f.c) && f.settled(cond.field)
		return given == (cond.given > 0)
	}
	v := f.values[cond.slot]
	return v >= 0 && cond.mask&(1<<v) != 0
}

// valueOf is the index of the value the source has for the case of f, -1 for one outside the
// list; implied, when the case leaves a field unset, is the index of the value the case's known
// error text implies for it (-1 for none): what the person said always comes first (README "How
// the diagnosis decides").
func (src *valueSource) valueOf(f *facts, implied int8) int8 {
	if src.field == nil {
		return int8(factDefs[src.fact].of(f))
	}
	v := src.field.Unset
	if src.field.Counts(f.c) {
		v = src.field.Value(f.c)
	}
	if v == src.field.Unset && implied >= 0 {
		return implied
	}
	return int8(slices.Index(src.field.Values, v))
}

// compileImplied makes, for each known error text, the index of the value it implies for each
// field the conditions read (-1 for none), so that a case's values are worked out without
// looking a field up by its path.
func (m *Model) compileImplied() {
	m.implied = make([][]int8, len(m.Catalog.Errors))
	for i, e := range m.Catalog.Errors {
		m.implied[i] = make([]int8, len(m.values))
		for slot, src := range m.values {
			m.implied[i][slot] = -1
			if src.field == nil {
				continue
			}
			if v, ok := e.Implies.Get(src.field.Path); ok {
				m.implied[i][slot] = int8(slices.Index(src.field.Values, v))
			}
		}
	}
}

// allHold reports whether every condition holds.
func allHold(conds []condition, f *facts) bool {
	for i := range conds {
		if !conds[i].holds(f) {
			return false
		}
	}
	return true
}
