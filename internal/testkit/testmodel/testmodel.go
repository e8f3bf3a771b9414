// Package testmodel gives tests the diagnosis model of the catalog the binary carries, and of
// the tests' catalog that adds a scenario and a question as data (testkit imports nothing of
// cspfix; this is its part that does). Only tests import it.
package testmodel

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/scenarios"
)

// Embedded is the model of the embedded catalog, made once.
var Embedded = sync.OnceValue(func() *diagnose.Model {
	cat, err := scenarios.Load()
	if err != nil {
		panic(err)
	}
	m, err := diagnose.Compile(cat)
	if err != nil {
		panic(err)
	}
	return m
})

// root is the module's directory.
func root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// Fixture is the model of the tests' catalog: scenarios/data with the scenario and the question
// of scenarios/testdata/fixture added, as a desk would add them, with no Go change.
func Fixture(t testing.TB) *diagnose.Model {
	t.Helper()
	cat, err := FixtureCatalog(t)
	if err != nil {
		t.Fatalf("the tests' catalog is refused: %v", err)
	}
	m, err := diagnose.Compile(cat)
	if err != nil {
		t.Fatalf("the tests' catalog is refused: %v", err)
	}
	return m
}

// FixtureCatalog is the tests' catalog (Fixture), or the error that refuses it.
func FixtureCatalog(t testing.TB) (*scenarios.Catalog, error) {
	t.Helper()
	data, fixture := filepath.Join(root(), "scenarios", "data"), filepath.Join(root(), "scenarios", "testdata", "fixture")
	fsys := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(data), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(filepath.Join(data, path))
		fsys[path] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// The scenario is a file of its own; the question goes into questions.json, after the one
	// it names.
	z, err := os.ReadFile(filepath.Join(fixture, "Z.json"))
	if err != nil {
		t.Fatal(err)
	}
	fsys["Z.json"] = &fstest.MapFile{Data: z}
	var added struct {
		After    string          `json:"after"`
		Question json.RawMessage `json:"question"`
	}
	var questions []json.RawMessage
	b, err := os.ReadFile(filepath.Join(fixture, "question.json"))
	if err == nil {
		err = json.Unmarshal(b, &added)
	}
	if err == nil {
		err = json.Unmarshal(fsys["questions.json"].Data, &questions)
	}
	if err != nil {
		t.Fatal(err)
	}
	at := slices.IndexFunc(questions, func(q json.RawMessage) bool {
		var id struct{ ID string }
		_ = json.Unmarshal(q, &id)
		return id.ID == added.After
	})
	questions = slices.Insert(questions, at+1, added.Question)
	if fsys["questions.json"].Data, err = json.Marshal(questions); err != nil {
		t.Fatal(err)
	}
	return scenarios.LoadDir(fsys, ".")
}
