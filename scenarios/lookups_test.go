package scenarios

import (
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// dataCopy is the catalog in data/ as a file system a test may change.
func dataCopy(t *testing.T) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("data"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(os.DirFS("data"), p)
		out[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestLookupsJoinTheCatalog: the evidence of lookups.json comes after each scenario's own, its
// warnings after warnings.json's, its fields' explanations with the others, its answers in order.
func TestLookupsJoinTheCatalog(t *testing.T) {
	c, err := loadFS(dataCopy(t), ".")
	if err != nil {
		t.Fatal(err)
	}
	lastOf := func(s ID) string {
		sc, _ := c.Scenario(string(s))
		return sc.Evidence[len(sc.Evidence)-1].Code
	}
	for s, want := range map[ID]string{"C": "domain_tenant_differs", "B": "gdap_pending", "D": "gdap_ended_recently"} {
		if got := lastOf(s); got != want {
			t.Errorf("scenario %s: last evidence %q, want %q (lookups.json's after the scenario's own)", s, got, want)
		}
	}
	if got := c.Warnings[len(c.Warnings)-1].Code; got != "lookup_conflicts_answer" {
		t.Errorf("last warning %q", got)
	}
	if _, ok := c.Field("lookups[].at"); !ok {
		t.Error("no explanation of lookups[].at")
	}
	if len(c.LookupAnswers) == 0 || c.LookupAnswers[0].Field != "answers.partner_center_search" {
		t.Errorf("answers: %+v", c.LookupAnswers)
	}
	if m, ok := c.Message("tenant_not_found"); !ok || m.Ticket.EN == "" {
		t.Errorf("the evidence's texts are not found by code: %+v", m)
	}
}

func TestLookupsRefusedWhenBroken(t *testing.T) {
	for _, tt := range []struct{ name, from, to, want string }{
		{"unknown scenario", `"scenario": "C"`, `"scenario": "Z"`, `names scenario "Z"`},
		{"unknown question", `"field": "answers.partner_center_search",
      "value"`, `"field": "answers.nope",
      "value"`, `no question "answers.nope"`},
		{"value no answer", `"value": "found"`, `"value": "maybe"`, `"maybe" is not an answer`},
		{"unknown key", `"evidence": [`, `"evidences": [], "evidence": [`, `unknown field`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := dataCopy(t)
			data := string(fsys["lookups.json"].Data)
			if !strings.Contains(data, tt.from) {
				t.Fatalf("lookups.json has no %q", tt.from)
			}
			fsys["lookups.json"] = &fstest.MapFile{Data: []byte(strings.Replace(data, tt.from, tt.to, 1))}
			_, err := loadFS(fsys, ".")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}
