package casegen

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
)

// TestGeneratedCasesAreValid keeps the generator honest: every case must decode.
func TestGeneratedCasesAreValid(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, 500, 1); err != nil {
		t.Fatal(err)
	}
	dec := testmodel.Embedded().NewDecoder(&buf)
	n := 0
	for {
		var c diagnose.Case
		err := dec.Next(&c)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("case %d: %v", n+1, err)
		}
		n++
	}
	if n != 500 {
		t.Fatalf("decoded %d cases, want 500", n)
	}
}
