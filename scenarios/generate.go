package scenarios

import "io/fs"

//go:generate go run -tags gencatalog ./internal/gencatalog

// The catalog's texts are edited as JSON under data/; the binary carries them as Go data
// (catalog_gen.go, written by `go generate ./scenarios`), so that no command spends its start-up
// decoding JSON. TestGeneratedCatalogIsCurrent fails when data/ and catalog_gen.go differ.

// catalogData is what the generated file holds.
type catalogData struct {
	Scenarios  []Scenario
	Questions  []Question
	Messages   []Message
	Checklist  Checklist
	Fields     []Field
	Conditions []Condition
	Regions    Regions
}

// LoadDir decodes the catalog's JSON files in dir of fsys, strictly, and validates them: what
// the generator and its test read.
func LoadDir(fsys fs.FS, dir string) (*Catalog, error) { return loadFS(fsys, dir) }
