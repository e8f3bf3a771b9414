package scenarios

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cspfix/cspfix/scenarios/txt"
)

func TestEmbeddedCatalogLoads(t *testing.T) {
	if _, err := Validate(); err != nil {
		t.Fatalf("embedded catalog is invalid: %v", err)
	}
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []ID{"A", "B", "C", "D", "E"} { // SPEC §4's; a new one adds to them
		if _, ok := c.Scenario(string(id)); !ok {
			t.Errorf("the catalog lacks scenario %s", id)
		}
	}
}

func TestEveryScenario(t *testing.T) {
	c := Embedded()
	for _, sc := range c.Scenarios {
		id := sc.ID
		t.Run(string(id), func(t *testing.T) {
			s, ok := c.Scenario(strings.ToLower(string(id)))
			if !ok {
				t.Fatalf("scenario %s not found (lookup is case-insensitive)", id)
			}
			for _, lang := range Langs {
				if s.Title.In(lang) == "" || s.Summary.In(lang) == "" {
					t.Errorf("%s: title or summary empty", lang)
				}
			}
			if len(s.Steps) < 3 {
				t.Errorf("want at least 3 steps a reseller can follow, got %d", len(s.Steps))
			}
			for i, st := range s.Steps {
				if st.EN == "" || st.DE == "" {
					t.Errorf("step %d is empty in a language", i+1)
				}
				if st.EN == st.DE {
					t.Errorf("step %d is not translated", i+1)
				}
			}
		})
	}
}

// TestGermanTextsUseUmlauts guards against transliterated German ("fuer", "Schluessel").
func TestGermanTextsUseUmlauts(t *testing.T) {
	c := Embedded()
	var all []string
	for _, s := range c.Scenarios {
		all = append(all, s.Title.DE, s.Summary.DE)
		for _, st := range s.Steps {
			all = append(all, st.DE)
		}
		for _, m := range s.Evidence {
			all = append(all, m.Text.DE)
		}
	}
	for _, q := range c.Questions {
		all = append(all, q.Prompt.DE, q.Help.DE)
	}
	for _, m := range c.Messages {
		all = append(all, m.Text.DE)
	}
	for _, text := range all {
		for _, bad := range []string{"fuer", "ueber", "Schluessel", "koennen", "muessen", "ae ", "Aenderung"} {
			if strings.Contains(text, bad) {
				t.Errorf("German text spells %q without umlaut: %s", bad, text)
			}
		}
	}
}

func TestQuestionsAreComplete(t *testing.T) {
	c := Embedded()
	for _, q := range c.Questions {
		if q.Prompt.EN == q.Prompt.DE {
			t.Errorf("question %s is not translated", q.ID)
		}
	}
}

func TestLoadRejectsBrokenCatalogs(t *testing.T) {
	valid := func() fstest.MapFS {
		fs := fstest.MapFS{}
		for i, id := range []string{"A", "B", "C", "D"} {
			fs["d/"+id+".json"] = &fstest.MapFile{Data: []byte(`{"id":"` + id + `","rank":` + strconv.Itoa(10*(i+1)) + `,
				"title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"ticket_title":{"en":"t","de":"t"},
				"steps":[{"en":"x","de":"x"}],
				"evidence":[{"code":"code_` + id + `","confidence":"high","when":[{"field":"answers.yn","is":["yes"]}],"text":{"en":"e","de":"e"},"ticket":{"en":"t","de":"t"}}],
				"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y","when":["c"]}]}}`)}
		}
		fs["d/E.json"] = &fstest.MapFile{Data: []byte(`{"id":"E","fallback":true,"route":[{"when":["g"],"desk":"provider"},{"desk":"support"}],
			"title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"steps":[{"en":"x","de":"x"}],"evidence":[],
			"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y"}]}}`)}
		fs["d/questions.json"] = &fstest.MapFile{Data: []byte(`[{"id":"q","prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"}},
			{"id":"answers.yn","group":"conversation","answer":{"kind":"yes_no"},"prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"},
			 "statements":{"yes":{"en":"y","de":"y"},"no":{"en":"n","de":"n"}}},
			{"id":"answers.kind","group":"conversation","answer":{"kind":"enum","values":["a","unknown"],"unset":"unknown","synonyms":"unknown","options":{"a":{"en":"a","de":"a"}}},
			 "follows":{"path":"answers.yn","value":"yes"},"prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"}}]`)}
		fs["d/errors.json"] = &fstest.MapFile{Data: []byte(`[{"code":"std","title":{"en":"t","de":"t"},"means":{"en":"m","de":"m"},"texts":{"en":"It failed"},
			"match":{"de":["Es … fehlgeschlagen"]},"source":{"title":"t","url":"u"},"implies":{"answers.kind":"a"}}]`)}
		fs["d/needs.json"] = &fstest.MapFile{Data: []byte(`{"missing":[{"field":"answers.yn","before_fallback":true,"checks":"A"}],"ticket":[{"field":"q","label":"w"}]}`)}
		fs["d/texts/messages.json"] = &fstest.MapFile{Data: []byte(`[{"code":"w","text":{"en":"w","de":"w"}},
			{"code":"step.fact.f","text":{"en":"f","de":"f"}},
			{"code":"walkthrough.value.yes","text":{"en":"y","de":"j"}},{"code":"walkthrough.value.no","text":{"en":"n","de":"n"}},
			{"code":"walkthrough.value.unknown","text":{"en":"?","de":"?"}}]`)}
		fs["d/conditions.json"] = &fstest.MapFile{Data: []byte(`[{"code":"c","field":"answers.yn","is":["yes"],"text":{"en":"c","de":"c"}},
			{"code":"g","field":"q","is":["given"],"text":{"en":"g","de":"g"}}]`)}
		fs["d/regions.json"] = &fstest.MapFile{Data: []byte(`{"source":{"title":"t","url":"u","version":"v"},
			"regions":[{"id":"r","name":{"en":"r","de":"r"},"countries":["DE","FR"]},{"id":"s","name":{"en":"s","de":"s"},"countries":["US"]}]}`)}
		fs["d/checklist.json"] = &fstest.MapFile{Data: []byte(`{"title":{"en":"t","de":"t"},"intro":{"en":"i","de":"i"},"items":[{"title":{"en":"a","de":"a"},"detail":{"en":"b","de":"b"}}]}`)}
		fs["d/fields.json"] = &fstest.MapFile{Data: []byte(`[{"path":"","help":{"en":"c","de":"c"}},{"path":"id","help":{"en":"i","de":"i"}}]`)}
		return fs
	}
	if _, err := loadFS(valid(), "d"); err != nil {
		t.Fatalf("the fixture itself must be valid: %v", err)
	}
	tests := []struct {
		name, file, data, want string
	}{
		{"missing German", "d/A.json", `{"id":"A","title":{"en":"t"},"summary":{"en":"s","de":"s"},"steps":[{"en":"x","de":"x"}],"evidence":[]}`, "need en and de"},
		{"empty step", "d/B.json", `{"id":"B","title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"steps":[{"en":"x","de":" "}],"evidence":[]}`, "step 1: is empty"},
		{"no steps", "d/B.json", `{"id":"B","title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"steps":[],"evidence":[]}`, "no steps"},
		{"unknown key", "d/C.json", `{"id":"C","titel":{"en":"t","de":"t"}}`, "unknown field"},
		{"id does not match file", "d/D.json", `{"id":"X","title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"steps":[{"en":"x","de":"x"}],"evidence":[]}`, "does not match"},
		{"duplicate code", "d/texts/messages.json", `[{"code":"code_A","text":{"en":"w","de":"w"}}]`, `code "code_A" is used twice`},
		{"duplicate question", "d/questions.json", `[{"id":"q","prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"}},{"id":"q","prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"}}]`, "used twice"},
		{"trailing data", "d/texts/messages.json", `[] []`, "trailing data"},
		{"evidence without a ticket text", "d/A.json", `{"id":"A","title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"steps":[{"en":"x","de":"x"}],"evidence":[{"code":"code_A","text":{"en":"e","de":"e"}}]}`, `evidence "code_A" has no ticket text`},
		{"ticket text naming more", "d/A.json", `{"id":"A","title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"steps":[{"en":"x","de":"x"}],"evidence":[{"code":"code_A","text":{"en":"e","de":"e"},"ticket":{"en":"t {x}","de":"t"}}]}`, "the ticket text names {x}"},
		{"evidence without conditions", "d/A.json", `{"id":"A","rank":10,"title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"ticket_title":{"en":"t","de":"t"},"steps":[{"en":"x","de":"x"}],"evidence":[{"code":"code_A","confidence":"high","text":{"en":"e","de":"e"},"ticket":{"en":"t","de":"t"}}],"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y"}]}}`, `rule "code_A" holds for every case`},
		{"evidence without confidence", "d/A.json", `{"id":"A","rank":10,"title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"ticket_title":{"en":"t","de":"t"},"steps":[{"en":"x","de":"x"}],"evidence":[{"code":"code_A","when":[{"field":"q","is":["given"]}],"text":{"en":"e","de":"e"},"ticket":{"en":"t","de":"t"}}],"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y"}]}}`, `evidence "code_A" needs its confidence`},
		{"a condition both holding and failing", "d/A.json", `{"id":"A","rank":10,"title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"ticket_title":{"en":"t","de":"t"},"steps":[{"en":"x","de":"x"}],"evidence":[{"code":"code_A","confidence":"high","when":[{"field":"answers.yn","is":["yes"],"not":["no"]}],"text":{"en":"e","de":"e"},"ticket":{"en":"t","de":"t"}}],"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y"}]}}`, "values either in is or in not"},
		{"a condition of a rule with a code", "d/A.json", `{"id":"A","rank":10,"title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"ticket_title":{"en":"t","de":"t"},"steps":[{"en":"x","de":"x"}],"evidence":[{"code":"code_A","confidence":"high","when":[{"code":"c","field":"answers.yn","is":["yes"]}],"text":{"en":"e","de":"e"},"ticket":{"en":"t","de":"t"}}],"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y"}]}}`, "has no code or text"},
		{"dropping no rule", "d/A.json", `{"id":"A","rank":10,"title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"ticket_title":{"en":"t","de":"t"},"steps":[{"en":"x","de":"x"}],"evidence":[{"code":"code_A","confidence":"high","when":[{"field":"answers.yn","is":["yes"]}],"drops":["nope"],"text":{"en":"e","de":"e"},"ticket":{"en":"t","de":"t"}}],"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y"}]}}`, `rule "code_A" drops "nope", which is no other rule`},
		{"drops in a circle", "d/A.json", `{"id":"A","rank":10,"title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"ticket_title":{"en":"t","de":"t"},"steps":[{"en":"x","de":"x"}],"evidence":[{"code":"code_A","confidence":"high","when":[{"field":"answers.yn","is":["yes"]}],"drops":["code_A2"],"text":{"en":"e","de":"e"},"ticket":{"en":"t","de":"t"}},{"code":"code_A2","confidence":"high","when":[{"field":"answers.yn","is":["yes"]}],"drops":["code_A"],"text":{"en":"e","de":"e"},"ticket":{"en":"t","de":"t"}}],"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y"}]}}`, "drops itself through the rules it drops"},
		{"a warning lending confidence", "d/warnings.json", `[{"code":"w2","confidence":"high","when":[{"field":"q","is":["given"]}],"text":{"en":"w","de":"w"}}]`, "it lends no confidence"},
		{"ruled out with a text and a warning", "d/A.json", `{"id":"A","rank":10,"ruled_out":[{"text":"w","warning":"w"}],"title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"ticket_title":{"en":"t","de":"t"},"steps":[{"en":"x","de":"x"}],"evidence":[],"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y"}]}}`, "needs a text or a warning, not both"},
		{"ruled out by no text", "d/A.json", `{"id":"A","rank":10,"ruled_out":[{"text":"nope"}],"title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"ticket_title":{"en":"t","de":"t"},"steps":[{"en":"x","de":"x"}],"evidence":[],"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y"}]}}`, `ruled_out 1: no text "nope"`},
		{"a known error without a source", "d/errors.json", `[{"code":"e","texts":{"en":"Boom"}}]`, "needs the source it rests on"},
		{"a known error twice", "d/errors.json", `[{"code":"e","texts":{"en":"Boom"},"source":{"title":"t","url":"u"}},{"code":"e","texts":{"en":"Bang"},"source":{"title":"t","url":"u"}}]`, "needs a code of its own"},
		{"a known error implying the unknown", "d/errors.json", `[{"code":"e","title":{"en":"t","de":"t"},"means":{"en":"m","de":"m"},"texts":{"en":"Boom"},"source":{"title":"t","url":"u"},"implies":{"answers.kind":"dancing"}}]`, `implies answers.kind = "dancing"`},
		{"a known error without its title in German", "d/errors.json", `[{"code":"e","title":{"en":"t"},"means":{"en":"m","de":"m"},"texts":{"en":"Boom"},"source":{"title":"t","url":"u"}}]`, "needs its title and what it means"},
		{"a pattern that is all gap", "d/errors.json", `[{"code":"e","title":{"en":"t","de":"t"},"means":{"en":"m","de":"m"},"texts":{"en":"Boom"},"match":{"en":["… boom"]},"source":{"title":"t","url":"u"}}]`, `pattern "… boom": a gap at its start or end`},
		{"stray file", "d/notes.json", `{}`, "unexpected file"},
		{"no customer steps", "d/A.json", `{"id":"A","title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"steps":[{"en":"x","de":"x"}],"evidence":[],"customer":{"intro":{"en":"i","de":"i"},"steps":[]}}`, "customer's next steps need"},
		{"customer step with an unknown condition", "d/A.json", `{"id":"A","title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"steps":[{"en":"x","de":"x"}],"evidence":[],"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y","when":["nope"]}]}}`, `customer step 1: no condition "nope"`},
		{"customer intro without conditions", "d/A.json", `{"id":"A","title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"steps":[{"en":"x","de":"x"}],"evidence":[],"customer":{"intro":{"en":"i","de":"i"},"intros":[{"en":"j","de":"j"}],"steps":[{"en":"y","de":"y"}]}}`, "customer intro 1 needs conditions"},
		{"customer intro with an unknown condition", "d/A.json", `{"id":"A","title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"steps":[{"en":"x","de":"x"}],"evidence":[],"customer":{"intro":{"en":"i","de":"i"},"intros":[{"en":"j","de":"j","when":["nope"]}],"steps":[{"en":"y","de":"y"}]}}`, `customer intro 1: no condition "nope"`},
		{"customer question without German", "d/questions.json", `[{"id":"q","prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"},"customer":{"en":"c"}}]`, "the customer's question needs en and de"},
		{"field without German", "d/fields.json", `[{"path":"id","help":{"en":"i"}}]`, `field "id": help needs en and de`},
		{"field twice", "d/fields.json", `[{"path":"id","help":{"en":"i","de":"i"}},{"path":"id","help":{"en":"i","de":"i"}}]`, `field "id": path is used twice`},
		{"field that is a question", "d/fields.json", `[{"path":"q","help":{"en":"i","de":"i"}}]`, "is a question"},
		{"step with an unknown condition", "d/A.json", `{"id":"A","title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"steps":[{"en":"x","de":"x","when":["nope"]}],"evidence":[]}`, `no condition "nope"`},
		{"a condition of a field and of groups", "d/conditions.json", `[{"code":"c","field":"answers.yn","is":["yes"],"text":{"en":"c","de":"c"}},
			{"code":"g","field":"q","is":["given"],"text":{"en":"g","de":"g"}},{"code":"x","field":"q","is":["given"],"any":[["c"]],"text":{"en":"x","de":"x"}}]`, "not both"},
		{"a group naming no condition", "d/conditions.json", `[{"code":"c","field":"answers.yn","is":["yes"],"text":{"en":"c","de":"c"}},
			{"code":"g","field":"q","is":["given"],"text":{"en":"g","de":"g"}},{"code":"x","any":[["c","nope"]],"text":{"en":"x","de":"x"}}]`, `no condition "nope"`},
		{"groups of groups", "d/conditions.json", `[{"code":"c","field":"answers.yn","is":["yes"],"text":{"en":"c","de":"c"}},
			{"code":"g","field":"q","is":["given"],"text":{"en":"g","de":"g"}},{"code":"x","any":[["y"]],"text":{"en":"x","de":"x"}},{"code":"y","any":[["c"]],"text":{"en":"y","de":"y"}}]`, `"y" is made of groups itself`},
		{"condition on no field", "d/conditions.json", `[{"code":"c","field":"answers.nope","is":["yes"],"text":{"en":"c","de":"c"}}]`, `no field "answers.nope"`},
		{"condition on a value the answer does not have", "d/conditions.json", `[{"code":"c","field":"answers.yn","is":["maybe"],"text":{"en":"c","de":"c"}}]`, `"maybe" is not an answer to answers.yn`},
		{"condition on a field without answers", "d/conditions.json", `[{"code":"c","field":"q","is":["yes"],"text":{"en":"c","de":"c"}}]`, `use "given" or "not_given"`},
		{"condition without words", "d/conditions.json", `[{"code":"c","field":"answers.yn","is":["yes"],"text":{"en":"c"}}]`, "text needs en and de"},
		{"condition twice", "d/conditions.json", `[{"code":"c","field":"answers.yn","is":["yes"],"text":{"en":"c","de":"c"}},{"code":"c","field":"answers.yn","is":["no"],"text":{"en":"c","de":"c"}}]`, "code is used twice"},
		{"answer of an unknown kind", "d/questions.json", `[{"id":"answers.x","answer":{"kind":"maybe"},"prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"}}]`, `answer kind "maybe"`},
		{"answer without a kind", "d/questions.json", `[{"id":"answers.x","prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"}}]`, `answer kind ""`},
		{"answer outside answers", "d/questions.json", `[{"id":"notes","answer":{"kind":"text"},"prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"}}]`, `only a question under "answers." defines its answer`},
		{"enum value without a label", "d/questions.json", `[{"id":"answers.x","answer":{"kind":"enum","values":["a","b"],"options":{"a":{"en":"a","de":"a"}}},"prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"}}]`, `value "b" needs its label`},
		{"enum value twice", "d/questions.json", `[{"id":"answers.x","answer":{"kind":"enum","values":["yes","yes"]},"prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"}}]`, `value "yes" is empty or listed twice`},
		{"unset that is no value", "d/questions.json", `[{"id":"answers.x","answer":{"kind":"enum","values":["yes"],"unset":"no"},"prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"}}]`, `unset "no" is not one of its values`},
		{"unknown synonyms", "d/questions.json", `[{"id":"answers.x","answer":{"kind":"enum","values":["yes"],"synonyms":"klingon"},"prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"}}]`, `no set of synonyms "klingon"`},
		{"unknown group", "d/questions.json", `[{"id":"q","group":"coffee","prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"}}]`, `no group "coffee"`},
		{"follow-up of nothing", "d/questions.json", `[{"id":"answers.x","group":"conversation","answer":{"kind":"yes_no"},"follows":{"path":"answers.y"},"prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"}}]`, `follows "answers.y", which is no question`},
		{"follow-up of a value the answer lacks", "d/questions.json", `[{"id":"answers.x","group":"conversation","answer":{"kind":"yes_no"},"prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"}},{"id":"answers.y","group":"conversation","answer":{"kind":"yes_no"},"follows":{"path":"answers.x","value":"maybe"},"prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"}}]`, `follows "answers.x" = "maybe"`},
		{"follow-ups in a circle", "d/questions.json", `[{"id":"answers.x","group":"conversation","answer":{"kind":"yes_no"},"follows":{"path":"answers.y"},"prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"}},{"id":"answers.y","group":"conversation","answer":{"kind":"yes_no"},"follows":{"path":"answers.x"},"prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"}}]`, "go round in a circle"},
		{"statement of no answer", "d/questions.json", `[{"id":"answers.x","answer":{"kind":"yes_no"},"statements":{"maybe":{"en":"m","de":"m"}},"prompt":{"en":"p","de":"p"},"label":{"en":"l","de":"l"},"help":{"en":"h","de":"h"}}]`, `statement for "maybe"`},
		{"need of no question", "d/needs.json", `{"missing":[{"field":"answers.nope"}],"ticket":[]}`, `needs: "answers.nope" is no question`},
		{"need checking no scenario", "d/needs.json", `{"missing":[{"field":"q","checks":"Q"}],"ticket":[]}`, `checks scenario "Q"`},
		{"ticket need without its label", "d/needs.json", `{"missing":[],"ticket":[{"field":"q","label":"nope"}]}`, `has no text "nope"`},
		{"two scenarios of one rank", "d/B.json", `{"id":"B","rank":10,"title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"ticket_title":{"en":"t","de":"t"},"steps":[{"en":"x","de":"x"}],"evidence":[],"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y"}]}}`, "rank 10 is A's too"},
		{"a scenario without a rank", "d/B.json", `{"id":"B","title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"ticket_title":{"en":"t","de":"t"},"steps":[{"en":"x","de":"x"}],"evidence":[],"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y"}]}}`, "needs a rank above 0"},
		{"two fallbacks", "d/B.json", `{"id":"B","fallback":true,"route":[{"desk":"x"}],"title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"steps":[{"en":"x","de":"x"}],"evidence":[],"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y"}]}}`, "exactly one fallback scenario, not 2"},
		{"a fallback with evidence", "d/E.json", `{"id":"E","fallback":true,"route":[{"desk":"x"}],"title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"steps":[{"en":"x","de":"x"}],"evidence":[{"code":"code_E","text":{"en":"e","de":"e"},"ticket":{"en":"t","de":"t"}}],"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y"}]}}`, "the fallback has no rank, evidence"},
		{"a route that may take no desk", "d/E.json", `{"id":"E","fallback":true,"route":[{"when":["g"],"desk":"x"}],"title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"steps":[{"en":"x","de":"x"}],"evidence":[],"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y"}]}}`, "a last desk without conditions"},
		{"a route on an unknown condition", "d/E.json", `{"id":"E","fallback":true,"route":[{"when":["nope"],"desk":"x"},{"desk":"y"}],"title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"steps":[{"en":"x","de":"x"}],"evidence":[],"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y"}]}}`, `route to x: no condition "nope"`},
		{"a scenario without its ticket title", "d/B.json", `{"id":"B","rank":20,"title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"steps":[{"en":"x","de":"x"}],"evidence":[],"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y"}]}}`, "needs its ticket_title"},
		{"a waiting time of no hours", "d/D.json", `{"id":"D","rank":40,"wait":{"from":"q"},"title":{"en":"t","de":"t"},"summary":{"en":"s","de":"s"},"ticket_title":{"en":"t","de":"t"},"steps":[{"en":"x","de":"x"}],"evidence":[],"customer":{"intro":{"en":"i","de":"i"},"steps":[{"en":"y","de":"y"}]}}`, "a waiting time needs the field it counts from and its hours"},
		{"country in two regions", "d/regions.json", `{"source":{"title":"t","url":"u","version":"v"},"regions":[{"id":"r","name":{"en":"r","de":"r"},"countries":["DE"]},{"id":"s","name":{"en":"s","de":"s"},"countries":["DE"]}]}`, `DE is in region "r" too`},
		{"country that is no code", "d/regions.json", `{"source":{"title":"t","url":"u","version":"v"},"regions":[{"id":"r","name":{"en":"r","de":"r"},"countries":["Germany"]}]}`, "not a two-letter country code"},
		{"regions without a source", "d/regions.json", `{"source":{"title":"t"},"regions":[]}`, "the source needs"},
		{"checklist item without German", "d/checklist.json", `{"title":{"en":"t","de":"t"},"intro":{"en":"i","de":"i"},"items":[{"title":{"en":"a"},"detail":{"en":"b","de":"b"}}]}`, "checklist item 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := valid()
			fs[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
			_, err := loadFS(fs, "d")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("want error containing %q, got %v", tt.want, err)
			}
		})
	}
	t.Run("the fallback listed last", func(t *testing.T) {
		fs := valid()
		fs["d/A.json"], fs["d/E.json"] = &fstest.MapFile{Data: []byte(strings.ReplaceAll(string(fs["d/E.json"].Data), `"E"`, `"A"`))},
			&fstest.MapFile{Data: []byte(strings.ReplaceAll(string(fs["d/A.json"].Data), `"A"`, `"E"`))}
		c, err := loadFS(fs, "d")
		if err != nil {
			t.Fatal(err)
		}
		if got := c.IDs(""); got != "BCDEA" {
			t.Errorf("listed %s", got)
		}
	})
	t.Run("no fallback", func(t *testing.T) {
		fs := valid()
		delete(fs, "d/E.json")
		if _, err := loadFS(fs, "d"); err == nil || !strings.Contains(err.Error(), "exactly one fallback scenario, not 0") {
			t.Fatalf("got %v", err)
		}
	})
}

// TestRegions: every region of the table is named, and countries find their region whatever
// their case.
func TestRegions(t *testing.T) {
	c := Embedded()
	for _, tt := range []struct{ country, region string }{{"DE", "europe"}, {"de ", "europe"}, {"US", "united_states"}, {"CN", "china"}, {"BR", "brazil"}} {
		if r, ok := c.RegionOf(tt.country); !ok || r.ID != tt.region {
			t.Errorf("%q: got %v, want %s", tt.country, r, tt.region)
		}
	}
	if _, ok := c.RegionOf("XX"); ok {
		t.Error("XX is in no region")
	}
	if n := len(c.Regions.Regions); n != 16 {
		t.Errorf("want the 16 regions of the source, got %d", n)
	}
}

func TestParseLang(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"de", DE, true}, {"en", EN, true}, {"de_DE.UTF-8", DE, true}, {"en-GB", EN, true},
		{"DE", DE, true}, {"de_AT@euro", DE, true}, {"fr", "", false}, {"C", "", false}, {"", "", false},
	}
	for _, tt := range tests {
		got, err := ParseLang(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseLang(%q) = %q, %v; want %q, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestFill(t *testing.T) {
	tests := []struct {
		in   string
		args []string
		want string
	}{
		{"{a} and {b}, {a}; {c}", []string{"a", "1", "b", "2"}, "1 and 2, 1; {c}"},
		{"no placeholders", []string{"a", "1"}, "no placeholders"},
		{"{{a}}", []string{"a", "1"}, "{1}"},
		{"unclosed {a", []string{"a", "1"}, "unclosed {a"},
		{"values are not re-expanded: {a}", []string{"a", "{b}", "b", "x"}, "values are not re-expanded: {b}"},
		{"{a}", nil, "{a}"},
	}
	for _, tt := range tests {
		if got := Fill(tt.in, tt.args...); got != tt.want {
			t.Errorf("Fill(%q, %q) = %q, want %q", tt.in, tt.args, got, tt.want)
		}
	}
}

// sameInGerman are the texts that German writes as English does.
var sameInGerman = map[string]bool{"render.label_domain": true, "render.label_region": true, "render.label_cloud": true,
	"ticket.field.name": true, "ticket.field.domain": true, "cli.case_ids": true,
	"microsoft.service.graph": true, "microsoft.service.partner_center": true, // product names
	"login_status.tenant": true, "login_status.cloud": true, "login_status.app": true, "login_status.tokens": true,
	"step.domain_placeholder": true} // a domain to replace, in any language

// TestTextsAreTranslated: no text of the catalog is left in English in German.
func TestTextsAreTranslated(t *testing.T) {
	for _, m := range Embedded().Messages {
		if m.Text.EN == m.Text.DE && !sameInGerman[m.Code] {
			t.Errorf("%s is not translated: %q", m.Code, m.Text.EN)
		}
	}
}

// TestIndexWithoutValidation: the catalog Load indexes without validating it finds what the
// validated one finds: every text, question, field, condition, scenario and country.
func TestIndexWithoutValidation(t *testing.T) {
	checked, err := fromData(generated)
	if err != nil {
		t.Fatal(err)
	}
	fast := indexed(generated)
	if _, ok := fast.Message(string(txt.CLIRootShort)); !ok || fast.byCode != nil || fast.byQuestion != nil {
		t.Errorf("finding a coded text made the indexes (%d texts, %d scenarios): are the texts still sorted by code?", len(fast.byCode), len(fast.byQuestion))
	}
	if got, want := fast.IDs(","), checked.IDs(","); got != want {
		t.Errorf("the generated scenarios are not in list order: %v, want %v", got, want)
	}
	for code, m := range checked.byCode {
		if got, ok := fast.Message(code); !ok || got.Text != m.Text {
			t.Errorf("text %q: %v %q", code, ok, got.Text.EN)
		}
	}
	if _, ok := fast.Message("no.such.code"); ok {
		t.Errorf("found a text that does not exist")
	}
	if len(fast.byCode) >= len(checked.byCode)/2 {
		t.Errorf("the coded texts were indexed (%d of %d): are they still sorted?", len(fast.byCode), len(checked.byCode))
	}
	for id := range checked.byQuestion {
		if _, ok := fast.Question(id); !ok {
			t.Errorf("question %q missing", id)
		}
	}
	for path := range checked.byField {
		if _, ok := fast.Field(path); !ok {
			t.Errorf("field %q missing", path)
		}
	}
	for code := range checked.byCond {
		if _, ok := fast.Condition(code); !ok {
			t.Errorf("condition %q missing", code)
		}
	}
	for _, s := range checked.Scenarios {
		if _, ok := fast.Scenario(string(s.ID)); !ok {
			t.Errorf("scenario %q missing", s.ID)
		}
	}
	for _, want := range checked.Regions.Regions {
		for _, cc := range want.Countries {
			for _, asked := range []string{cc, strings.ToLower(cc), " " + cc + " "} {
				if got, ok := fast.RegionOf(asked); !ok || got.ID != want.ID {
					t.Errorf("country %q: %v", asked, got)
				}
			}
		}
	}
	for _, cc := range []string{"", "X", "XX", "D3", "ÄT", "@A", "[A", "DEU"} {
		if got, ok := fast.RegionOf(cc); ok {
			t.Errorf("country %q has a region: %v", cc, got)
		}
	}
}

// TestTheStandardErrorIsTheDefault: the walkthrough offers the error cspfix is about, the first
// known error text, as it is written there.
func TestTheStandardErrorIsTheDefault(t *testing.T) {
	c := Embedded()
	q, ok := c.Question("error_message")
	if en, _ := c.Errors[0].Texts.Get("en"); !ok || q.Default != en {
		t.Errorf("error_message's default %q is not the first known error %q", q.Default, en)
	}
}

// TestValueTextsAreAnObject: a question's statements are written and read as the catalog's files
// have them, an object of texts by value, and read as strictly as the rest (an unknown language
// is refused).
func TestValueTextsAreAnObject(t *testing.T) {
	in := `{"yes":{"en":"Y","de":"J"},"no":{"en":"N","de":"N"}}`
	var vt ValueTexts
	if err := json.Unmarshal([]byte(in), &vt); err != nil {
		t.Fatal(err)
	}
	if yes, ok := vt.Get("yes"); !ok || yes.DE != "J" || len(vt) != 2 || vt[0].Value != "no" {
		t.Fatalf("read %+v", vt)
	}
	if _, ok := vt.Get("maybe"); ok {
		t.Error("found a value it does not have")
	}
	out, err := json.Marshal(vt)
	if err != nil || string(out) != `{"no":{"en":"N","de":"N"},"yes":{"en":"Y","de":"J"}}` {
		t.Errorf("wrote %s, %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"yes":{"en":"Y","fr":"O"}}`), &vt); err == nil || !strings.Contains(err.Error(), `"yes"`) {
		t.Errorf("an unknown language: %v", err)
	}
}

// FuzzPlaceholders: the placeholders listed are the ones FillFunc fills, in its order.
func FuzzPlaceholders(f *testing.F) {
	for _, s := range []string{"", "a {x} b {y}.", "{unclosed", "}{a}", "{a{b}", "{}{}", "{{x}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var filled []string
		FillFunc(s, func(name string) (string, bool) {
			filled = append(filled, name)
			return "", true
		})
		if got := slices.Collect(Placeholders(s)); !slices.Equal(got, filled) {
			t.Errorf("Placeholders(%q) = %q, FillFunc fills %q", s, got, filled)
		}
	})
}
