package walkthrough

import (
	"strings"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/scenarios"
)

// The questions are the case's fields that the field table (diagnose.Questions) marks to be
// asked, in its order and groups: the same IDs as the case file, the results and the batch.

// answered reports whether a question needs no asking again: its value is known. Unknown
// answers are asked again, so that a resumed case picks up what was found out meanwhile.
func answered(q *diagnose.Field, c *diagnose.Case) bool { return q.Known(c) }

// options are the choices of an enum question, their values as in the case file.
func (f *Flow) options(q *diagnose.Field) []Option {
	var out []Option
	for _, v := range q.Values {
		out = append(out, Option{f.cat().Option(q.Question, v).In(f.lang()), v})
	}
	return out
}

// otherOptions are the choices of an enum question labelled in the catalog's languages other
// than the walkthrough's.
func (f *Flow) otherOptions(q *diagnose.Field) []Option {
	var out []Option
	for _, l := range scenarios.Langs {
		if l == f.lang() {
			continue
		}
		for _, v := range q.Values {
			out = append(out, Option{f.cat().Option(q.Question, v).In(l), v})
		}
	}
	return out
}

// store puts an answer into the case: free text without the white space around it, a tenant
// ID exactly as entered (its flaws are evidence), an enum value or an RFC 3339 time as given.
func store(q *diagnose.Field, c *diagnose.Case, v string) {
	if q.Kind == diagnose.KindText && !q.Ask.TenantID {
		v = strings.TrimSpace(v)
	}
	q.Correct(c, v) // a time asked again replaces the one it showed
}

// isTime reports whether a question asks for a time (or adds one to a list of times).
func isTime(q *diagnose.Field) bool {
	return q.Kind == diagnose.KindTime || q.Kind == diagnose.KindList && q.Item.Kind == diagnose.KindTime
}
