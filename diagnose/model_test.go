package diagnose

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// testModel is the model of the catalog the binary carries.
var testModel = func() *Model {
	m, err := Compile(scenarios.Embedded())
	if err != nil {
		panic(err)
	}
	return m
}()

// Package-level shorthands of the tests for the embedded model's table.
var (
	NewDecoder     = testModel.NewDecoder
	NewDecoderWith = testModel.NewDecoderWith
	FieldAt        = testModel.FieldAt
	EachField      = testModel.EachField
	CSVColumns     = testModel.CSVColumns
	CSVTemplate    = testModel.CSVTemplate
	Schema         = testModel.Schema
	Questions      = testModel.Questions
	Needed         = testModel.Needed
	looksLikeCSV   = testModel.looksLikeCSV
	suggestColumn  = testModel.suggestColumn
)

// answer is the value of the answer at path in c, as the case file writes it.
func answer(c *Case, path string) string { return FieldAt(path).Value(c) }

// TestQuestionsInTheCatalogsOrder: the walkthrough asks in the order of questions.json, and
// the lists of what is missing and of the ticket's facts follow needs.json.
func TestQuestionsInTheCatalogsOrder(t *testing.T) {
	cat := scenarios.Embedded()
	var want []string
	for _, q := range cat.Questions {
		if q.Group != "" {
			want = append(want, q.ID)
		}
	}
	var got []string
	for i, f := range Questions() {
		got = append(got, f.Path)
		if f.Ask.Index != i {
			t.Errorf("%s: index %d, want %d", f.Path, f.Ask.Index, i)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("questions asked in the order\n%v\nnot the catalog's\n%v", got, want)
	}
	for i, f := range Needed() {
		if f.Path != cat.Needs.Missing[i].Field || f.Need != i+1 {
			t.Errorf("need %d: %s (%d)", i+1, f.Path, f.Need)
		}
	}
}

// catalogWith is the catalog of scenarios/data with the files of changes put in (a file's path
// under data/ to its JSON; "" removes the file), or an error when it is refused.
func catalogWith(t testing.TB, changes map[string]string) (*scenarios.Catalog, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("../scenarios/data"), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(filepath.Join("../scenarios/data", path))
		fsys[path] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for path, data := range changes {
		fsys[path] = &fstest.MapFile{Data: []byte(data)}
		if data == "" {
			delete(fsys, path)
		}
	}
	return scenarios.LoadDir(fsys, ".")
}

// questionIndex is the index of the question with the given ID.
func questionIndex(qs []scenarios.Question, id string) int {
	return slices.IndexFunc(qs, func(q scenarios.Question) bool { return q.ID == id })
}

// editJSON is the JSON of file under scenarios/data changed by edit.
func editJSON[T any](t testing.TB, file string, edit func(*T)) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../scenarios/data", file))
	if err != nil {
		t.Fatal(err)
	}
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	edit(&v)
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestCompileRefusesWhatTheTableLacks: a catalog whose questions or needs name fields the case
// has not, or that lacks an answer the diagnosis reads, is refused when the model is made, with
// the entry named.
func TestCompileRefusesWhatTheTableLacks(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(*[]scenarios.Question)
		want string
	}{
		{"a question of no field", func(qs *[]scenarios.Question) {
			(*qs)[questionIndex(*qs, "customer.name")].ID = "customer.shoe_size"
		}, `question "customer.shoe_size": the case has no such field`},
		{"an object asked for", func(qs *[]scenarios.Question) {
			(*qs)[questionIndex(*qs, "customer.name")].ID = "tried[]"
		}, `question "tried[]": an object cannot be asked for`},
		{"an answer the diagnosis reads, of another kind", func(qs *[]scenarios.Question) {
			i := slices.IndexFunc(*qs, func(q scenarios.Question) bool { return q.ID == "answers.recent_change_at" })
			(*qs)[i].Answer.Kind = scenarios.KindText
		}, `the answer "answers.recent_change_at"`},
		{"a Partner ID asked for a choice", func(qs *[]scenarios.Question) {
			i := slices.IndexFunc(*qs, func(q scenarios.Question) bool { return q.ID == "answers.other_csp" })
			(*qs)[i].PartnerID = true
		}, `question "answers.other_csp": a Partner ID or an error text is asked for a text field`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cat, err := catalogWith(t, map[string]string{"questions.json": editJSON(t, "questions.json", tt.edit)})
			if err == nil {
				_, err = Compile(cat)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("want an error naming %q, got %v", tt.want, err)
			}
		})
	}
	cat, err := catalogWith(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Compile(cat); err != nil {
		t.Fatalf("the catalog of scenarios/data: %v", err)
	}
}

// TestCompileChecksTheDataOfTheBinary: the catalog the binary carries is compiled without the
// checks that only read it (Generated); its data, loaded as any other catalog's, passes them
// all, and makes the same diagnoses.
func TestCompileChecksTheDataOfTheBinary(t *testing.T) {
	fromData, err := scenarios.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if fromData.Generated() || !scenarios.Embedded().Generated() {
		t.Fatalf("Generated: %v for the data, %v for the binary's catalog", fromData.Generated(), scenarios.Embedded().Generated())
	}
	checked, err := Compile(fromData)
	if err != nil {
		t.Fatalf("the data of the binary's catalog: %v", err)
	}
	carried, err := Compile(scenarios.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	paths, err := filepath.Glob("../examples/*.json")
	if err != nil || len(paths) < 10 {
		t.Fatalf("the examples: %v %v", paths, err)
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var results [2]string
		for i, m := range []*Model{checked, carried} {
			c := m.NewCase()
			if err := m.NewDecoder(strings.NewReader(string(data))).Next(c); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			r := (&Engine{Model: m, Lang: scenarios.DE, Now: testNow, Generator: "x"}).Diagnose(c, 1)
			results[i] = fmt.Sprintf("%s %s %s %v %v %v", r.Status, r.Scenario, r.Confidence, r.Steps, r.Warnings, r.Missing)
			if r.Ticket != nil {
				ticket, err := json.Marshal(r.Ticket)
				if err != nil {
					t.Fatal(err)
				}
				results[i] += string(ticket)
			}
		}
		if results[0] != results[1] {
			t.Errorf("%s: the two models diagnose it differently:\n%s\n%s", path, results[0], results[1])
		}
	}
}

// TestCompileRefusesAStepNamingNoFact: a step names only the facts the diagnosis fills in
// (stepFacts), in every language; the catalog cannot know them, the model refuses the others.
func TestCompileRefusesAStepNamingNoFact(t *testing.T) {
	data := editJSON(t, "C.json", func(s *scenarios.Scenario) {
		s.Steps = append(s.Steps, scenarios.Step{Text: scenarios.Text{EN: "Paste {confirmed_tenant_id}.", DE: "Fügen Sie {shoe_size} ein."}})
	})
	cat, err := catalogWith(t, map[string]string{"C.json": data})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Compile(cat); err == nil || !strings.Contains(err.Error(), "scenario C: a step names {shoe_size}, which is no fact of a step") {
		t.Fatalf("want the step refused, got %v", err)
	}
}

// TestCompileRefusesACatalogWithoutTheCodesTexts: a text the code names (package txt) that a
// catalog lacks is an error when the model is made, never a panic when it is said.
func TestCompileRefusesACatalogWithoutTheCodesTexts(t *testing.T) {
	texts := editJSON(t, "texts/walkthrough.json", func(ms *[]scenarios.Message) {
		*ms = slices.DeleteFunc(*ms, func(m scenarios.Message) bool { return m.Code == string(txt.WalkthroughGroup1) })
	})
	cat, err := catalogWith(t, map[string]string{"texts/walkthrough.json": texts})
	if err != nil {
		t.Fatalf("the catalog's own checks: %v", err)
	}
	if _, err := Compile(cat); err == nil || !strings.Contains(err.Error(), "the catalog lacks texts the code names: walkthrough.group1") {
		t.Fatalf("want the missing text named, got %v", err)
	}
}
