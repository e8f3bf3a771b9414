// Command gencases writes N realistic case files as JSON Lines to stdout, for benchmarks.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/cspfix/cspfix/internal/casegen"
)

func main() {
	n := flag.Int("n", 100000, "number of cases")
	seed := flag.Uint64("seed", 42, "random seed; the same seed gives the same cases")
	flag.Parse()
	if err := casegen.Write(os.Stdout, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gencases:", err)
		os.Exit(1)
	}
}
