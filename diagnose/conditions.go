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
	field *Field // nil for a fact
	fact  int    // the fact's index in factDefs
	// slot is where facts caches the index of the value (of the field's Values, or the fact's).
	slot int
	// given is +1 for "given", -1 for "not_given", 0 for a condition on values: then mask has
	// a bit for each value (by its index) that makes it hold.
	given int8
	mask  uint64
}

// maxValues bounds the values of a field or fact a condition can tell apart (mask's bits).
const maxValues = 64

// compileCondition ties a catalog condition to the field or fact it names, and checks that its
// values are that field's or fact's; where names the condition for the error.
func (m *Model) compileCondition(where string, c scenarios.Condition) (condition, error) {
	cond := condition{fact: -1}
	values := slices.Concat(c.Is, c.Not)
	var allowed []string
	if name, isFact := strings.CutPrefix(c.Field, scenarios.FactPrefix); isFact {
		if cond.fact = factIndex(name); cond.fact < 0 {
			return cond, fmt.Errorf("%s: no fact %q (the facts: %s)", where, name, strings.Join(factNames(), ", "))
		}
		allowed = m.factValues(cond.fact)
		cond.slot = m.valueSlot(c.Field)
	} else {
		f := m.byPath[c.Field]
		switch {
		case f == nil:
			return cond, fmt.Errorf("%s: no field %q", where, c.Field)
		case strings.Contains(f.Path, "[]"):
			return cond, fmt.Errorf("%s: %s is a field of a list's items, which a condition cannot name", where, c.Field)
		case len(f.Values) == 0 || f.Kind != KindEnum:
			// A field without a list of values is given or not.
			if len(c.Is) != 1 || c.Is[0] != scenarios.Given && c.Is[0] != scenarios.NotGiven || len(c.Not) > 0 {
				return cond, fmt.Errorf("%s: %s has no values to list: use %q or %q", where, c.Field, scenarios.Given, scenarios.NotGiven)
			}
			cond.field, cond.given = f, 1
			if c.Is[0] == scenarios.NotGiven {
				cond.given = -1
			}
			return cond, nil
		}
		cond.field, allowed = f, f.Values
		cond.slot = m.valueSlot(c.Field)
	}
	if len(allowed) > maxValues {
		return cond, fmt.Errorf("%s: %s has more than %d values", where, c.Field, maxValues)
	}
	for _, v := range values {
		if !slices.Contains(allowed, v) {
			return cond, fmt.Errorf("%s: %q is none of the values of %s (%s)", where, v, c.Field, strings.Join(allowed, ", "))
		}
	}
	for i, v := range allowed {
		if slices.Contains(c.Is, v) || len(c.Not) > 0 && !slices.Contains(c.Not, v) {
			cond.mask |= 1 << i
		}
	}
	return cond, nil
}

// compileConditions compiles a list of conditions, all of which must hold.
func (m *Model) compileConditions(where string, list []scenarios.Condition) ([]condition, error) {
	out := make([]condition, 0, len(list))
	for _, c := range list {
		cond, err := m.compileCondition(where, c)
		if err != nil {
			return nil, err
		}
		out = append(out, cond)
	}
	return out, nil
}

// valueSlot is the place of a field's or fact's value among those facts caches.
func (m *Model) valueSlot(key string) int {
	if i, ok := m.valueSlots[key]; ok {
		return i
	}
	m.valueSlots[key] = len(m.unknownValues)
	m.unknownValues = append(m.unknownValues, valueUnknown)
	return len(m.unknownValues) - 1
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
	if cond.given != 0 {
		given := cond.field.Counts(f.c) && f.settled(cond.field)
		return given == (cond.given > 0)
	}
	v := f.values[cond.slot]
	if v == valueUnknown {
		v = int8(cond.valueOf(f))
		f.values[cond.slot] = v
	}
	return v >= 0 && cond.mask&(1<<v) != 0
}

// valueOf is the index of the value the condition looks at, -1 for one outside the list.
func (cond *condition) valueOf(f *facts) int {
	if cond.field == nil {
		return factDefs[cond.fact].of(f)
	}
	v := cond.field.Unset
	if cond.field.Counts(f.c) {
		v = cond.field.Value(f.c)
	}
	return slices.Index(cond.field.Values, v)
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
