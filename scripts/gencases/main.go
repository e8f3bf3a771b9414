// Command gencases writes N realistic case files as JSON Lines to stdout, for benchmarks; with
// -csv, as a CSV export (";", one column per case field, as `cspfix diagnose --template csv`).
package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/casegen"
	"github.com/cspfix/cspfix/scenarios"
)

func main() {
	n := flag.Int("n", 100000, "number of cases")
	seed := flag.Uint64("seed", 42, "random seed; the same seed gives the same cases")
	asCSV := flag.Bool("csv", false, "write CSV instead of JSON Lines")
	flag.Parse()
	out := bufio.NewWriter(os.Stdout)
	var err error
	if *asCSV {
		err = writeCSV(out, *n, *seed)
	} else {
		err = casegen.Write(out, *n, *seed)
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencases:", err)
		os.Exit(1)
	}
}

// writeCSV writes the cases in batches of 10,000, so that memory stays flat for any n.
func writeCSV(out io.Writer, n int, seed uint64) error {
	w := csv.NewWriter(out)
	w.Comma = ';'
	cat, err := scenarios.Load()
	if err != nil {
		return err
	}
	m, err := diagnose.Compile(cat)
	if err != nil {
		return err
	}
	cols := m.CSVColumns()
	row := make([]string, len(cols))
	for i, f := range cols {
		row[i] = f.Path
	}
	if err := w.Write(row); err != nil {
		return err
	}
	for done := 0; done < n; done += 10000 {
		var in bytes.Buffer
		if err := casegen.Write(&in, min(10000, n-done), seed+uint64(done)); err != nil {
			return err
		}
		dec := m.NewDecoder(&in)
		for {
			var c diagnose.Case
			if err := dec.Next(&c); err != nil {
				break
			}
			for i, f := range cols {
				row[i] = cell(&c, f)
			}
			if err := w.Write(row); err != nil {
				return err
			}
		}
	}
	w.Flush()
	return w.Error()
}

// cell is a field's value as a CSV export writes it; lists as README "Batches from a spreadsheet
// or CRM" describes their cells.
func cell(c *diagnose.Case, f *diagnose.Field) string {
	var parts []string
	switch f.Path {
	case "attempts":
		for _, t := range c.Attempts {
			parts = append(parts, t.Format("2006-01-02 15:04"))
		}
	case "tried":
		for _, t := range c.Tried {
			parts = append(parts, string(t.Scenario))
		}
	default:
		return f.Value(c)
	}
	return strings.Join(parts, "|")
}
