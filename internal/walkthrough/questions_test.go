package walkthrough

import (
	"testing"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
	"github.com/cspfix/cspfix/scenarios"
)

func TestEveryQuestionHasCatalogTextsAndOptions(t *testing.T) {
	cat := scenarios.MustLoad()
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

func TestLabelsInTheCatalog(t *testing.T) {
	if missing := scenarios.MustLoad().Missing(&labels); len(missing) > 0 {
		t.Errorf("labels missing from the catalog: %v", missing)
	}
}
