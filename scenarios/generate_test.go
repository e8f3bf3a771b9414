package scenarios_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/internal/gosource"
)

// TestGeneratedCatalogIsCurrent fails when data/ was edited without `go generate ./scenarios`,
// so that the binary never carries other texts than the ones in data/.
func TestGeneratedCatalogIsCurrent(t *testing.T) {
	c, err := scenarios.LoadDir(os.DirFS("data"), ".")
	if err != nil {
		t.Fatalf("the catalog in data/ is invalid: %v", err)
	}
	want, err := gosource.Source(c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("catalog_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("catalog_gen.go is not what data/ makes: run go generate ./scenarios")
	}
	want, err = gosource.TxtSource(c)
	if err != nil {
		t.Fatal(err)
	}
	if got, err = os.ReadFile("txt/txt_gen.go"); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("txt/txt_gen.go is not what data/ makes (%v): run go generate ./scenarios", err)
	}
	if err := c.CheckTexts(); err != nil {
		t.Fatal(err)
	}
}
