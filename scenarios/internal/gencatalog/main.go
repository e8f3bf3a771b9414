// Command gencatalog writes scenarios/catalog_gen.go and scenarios/txt/txt_gen.go from
// scenarios/data: go generate ./scenarios.
package main

import (
	"log"
	"os"

	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/internal/gosource"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gencatalog: ")
	c, err := scenarios.LoadDir(os.DirFS("data"), ".")
	if err != nil {
		log.Fatal(err)
	}
	src, err := gosource.Source(c)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("catalog_gen.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
	txt, err := gosource.TxtSource(c)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("txt/txt_gen.go", txt, 0o644); err != nil {
		log.Fatal(err)
	}
}
