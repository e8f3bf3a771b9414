package scenarios

import "io/fs"

//go:generate go run -tags gencatalog ./internal/gencatalog

// The catalog's texts are edited as JSON under data/; the binary carries them as Go data
// (catalog_gen.go, written by `go generate ./scenarios`), so that no command spends its start-up
// decoding JSON. TestGeneratedCatalogIsCurrent fails when data/ and catalog_gen.go differ.

// catalogData is the catalog's data, what the generated file holds.
type catalogData struct {
	Scenarios []Scenario
	// Questions are in the order the walkthrough asks them.
	Questions []Question
	// Needs are what the diagnosis and the ticket need to know, in order.
	Needs Needs
	// Messages are the coded texts of every area (diagnosis, command line, renderings,
	// walkthrough).
	Messages []Message
	// Checklist is the onboarding checklist that prevents the error.
	Checklist Checklist
	// Fields explain the case file's fields that are not questions.
	Fields []Field
	// Conditions are what steps and routes may depend on, by name.
	Conditions []Condition
	// Warnings are the rules of no scenario, in the order a result lists them.
	Warnings []Rule
	// Errors are the known error texts.
	Errors []KnownError
	// Regions are Partner Center's CSP regions.
	Regions Regions
	// LookupAnswers are the questions the looked-up facts answer (lookups.json).
	LookupAnswers []LookupAnswer
}

// LoadDir decodes the catalog's JSON files in dir of fsys, strictly, and validates them: what
// the generator and its test read.
func LoadDir(fsys fs.FS, dir string) (*Catalog, error) { return loadFS(fsys, dir) }
