package walkthrough

import (
	"testing"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
	"github.com/cspfix/cspfix/scenarios"
)

func TestEveryQuestionHasCatalogTextsAndOptions(t *testing.T) {
	cat := scenarios.Embedded()
	for _, q := range testmodel.Embedded().Questions() {
		if _, ok := cat.Question(q.Path); !ok {
			t.Errorf("question %s has no catalog text", q.Path)
		}
		f := &Flow{Engine: &diagnose.Engine{Model: testmodel.Embedded(), Lang: scenarios.DE}}
		if (q.Kind == diagnose.KindEnum) != (len(f.options(q)) > 0) {
			t.Errorf("question %s: options do not fit its kind", q.Path)
		}
	}
}
