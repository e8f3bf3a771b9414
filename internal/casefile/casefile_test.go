package casefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/safefile"
	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
)

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, data string
		reason     Reason
	}{
		{"one case", `{"id":"a"}`, 0},
		{"several cases", "{\"id\":\"a\"}\n{\"id\":\"b\"}\n", Several},
		{"a list of two", `[{"id":"a"},{"id":"b"}]`, Several},
		{"nothing", "  \n", NoCase},
		{"an invalid case", `{"id":"a","answers":{"other_csp":"maybe"}}`, Invalid},
		{"an invalid second case", "{\"id\":\"a\"}\n{\"x\":1}", Several},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".json")
			write(t, path, tt.data)
			c, err := Load(testmodel.Embedded(), path)
			var ce *Error
			switch {
			case tt.reason == 0 && (err != nil || c.ID != "a"):
				t.Errorf("got %v, %v", c, err)
			case tt.reason != 0 && (!errors.As(err, &ce) || ce.Reason != tt.reason):
				t.Errorf("err %v, want reason %d", err, tt.reason)
			}
			if got, _ := os.ReadFile(path); string(got) != tt.data {
				t.Error("the file was changed")
			}
		})
	}
}

func TestClaim(t *testing.T) {
	dir := t.TempDir()
	mine := &diagnose.Case{ID: "case-1"}
	write(t, filepath.Join(dir, "same.json"), `{"id":"case-1","notes":"old"}`)
	write(t, filepath.Join(dir, "other.json"), `{"id":"case-2"}`)
	write(t, filepath.Join(dir, "noid.json"), `{"notes":"x"}`)
	write(t, filepath.Join(dir, "several.json"), "{\"id\":\"case-1\"}\n{\"id\":\"case-1\"}")
	write(t, filepath.Join(dir, "empty.json"), "")
	write(t, filepath.Join(dir, "readme.txt"), "Hello, this is not a case.")
	if err := os.Symlink(filepath.Join(dir, "same.json"), filepath.Join(dir, "link.json")); err != nil {
		t.Fatal(err)
	}
	tests := map[string]Reason{
		"new.json": 0, "same.json": 0, "empty.json": 0,
		"other.json": OtherCase, "noid.json": OtherCase, "several.json": Several, "readme.txt": NoCase,
	}
	for name, reason := range tests {
		err := Claim(testmodel.Embedded(), filepath.Join(dir, name), mine)
		var ce *Error
		if reason == 0 && err != nil || reason != 0 && (!errors.As(err, &ce) || ce.Reason != reason) {
			t.Errorf("%s: %v, want reason %d", name, err, reason)
		}
	}
	var nr *safefile.NotRegularError
	if err := Claim(testmodel.Embedded(), filepath.Join(dir, "link.json"), mine); !errors.As(err, &nr) {
		t.Errorf("a link: %v", err)
	}
}

func TestSaveAndLoadAgain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.json")
	at := diagnose.Time{Time: time.Date(2026, 11, 20, 9, 14, 0, 0, time.FixedZone("", 3600))}
	c := &diagnose.Case{ID: "a", Attempts: []diagnose.Time{at}}
	testmodel.Embedded().FieldAt("answers.other_csp").Set(c, diagnose.Yes)
	if err := Save(path, c); err != nil {
		t.Fatal(err)
	}
	back, err := Load(testmodel.Embedded(), path)
	if err != nil || back.ID != "a" || testmodel.Embedded().FieldAt("answers.other_csp").Value(back) != diagnose.Yes || !back.Attempts[0].Equal(at.Time) {
		t.Fatalf("%+v, %v", back, err)
	}
	if fi, _ := os.Stat(path); testkit.UnixModes && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
}

// TestReserveGivesEveryRunItsOwnFile: two cases begun in the same second get their own files.
func TestReserveGivesEveryRunItsOwnFile(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 23, 18, 43, 2, 0, time.UTC)
	seen := map[string]bool{}
	for range 20 {
		id := NewID(now)
		if !strings.HasPrefix(id, "case-2026-11-23-184302-") {
			t.Fatalf("id %q", id)
		}
		path, err := Reserve(dir, id)
		if err != nil || seen[path] {
			t.Fatalf("%s: %v (seen %v)", path, err, seen[path])
		}
		seen[path] = true
	}
	first, _ := Reserve(dir, "same")
	second, _ := Reserve(dir, "same")
	if filepath.Base(first) != "same.json" || filepath.Base(second) != "same-2.json" {
		t.Errorf("got %s and %s", first, second)
	}
	// A name Windows keeps for a device is never a saved case's file, on any system.
	for _, id := range []string{"con", "NUL", "com1", "Lpt3"} {
		path, err := Reserve(dir, id)
		if err != nil || filepath.Base(path) != id+"-2.json" {
			t.Errorf("Reserve(%q) = %s, %v; want %s-2.json", id, path, err, id)
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Müller & Söhne GmbH":         "mueller-soehne-gmbh",
		"Contoso":                     "contoso",
		"  --- ":                      "case",
		"Ünïcode 日本 Straße 5":         "uenicode-strasse-5",
		"../../etc/passwd":            "etc-passwd",
		strings.Repeat("abcdef ", 20): "abcdef-abcdef-abcdef-abcdef",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestListFindAndStatus(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("a.json", `{"id":"case-a"}`)
	write("b.json", `{"id":"case-b","retry_at":"2026-11-20T12:00:00Z"}`)
	write("case-c.json", `{"id":"case-c","outcome":{"status":"fixed"}}`)
	write("broken.json", `{"id":`)
	write(".a.json.1.tmp", `{"id":"hidden"}`)
	write("notes.txt", `not a case`)
	var saved []Saved
	err := Each(testmodel.Embedded(), dir, func(s Saved) error { saved = append(saved, s); return nil })
	if err != nil || len(saved) != 4 {
		t.Fatalf("want the four .json files, got %d (%v)", len(saved), err)
	}
	status := map[string]Status{}
	for _, s := range saved {
		if s.Err != nil {
			continue
		}
		status[s.Case.ID] = StatusOf(s.Case)
	}
	if status["case-a"] != Open || status["case-b"] != Paused || status["case-c"] != Fixed {
		t.Errorf("status %v", status)
	}
	if p, err := Find(testmodel.Embedded(), dir, "case-b"); err != nil || filepath.Base(p) != "b.json" {
		t.Errorf("Find case-b: %s %v", p, err)
	}
	if p, err := Find(testmodel.Embedded(), dir, "case-c"); err != nil || filepath.Base(p) != "case-c.json" {
		t.Errorf("Find case-c: %s %v", p, err)
	}
	for _, id := range []string{"nope", "", "../a", "hidden"} {
		if _, err := Find(testmodel.Embedded(), dir, id); !errors.Is(err, ErrNoSuchCase) {
			t.Errorf("Find(testmodel.Embedded(), %q): %v", id, err)
		}
	}
	if err := Each(testmodel.Embedded(), filepath.Join(dir, "missing"), func(Saved) error { t.Error("a case in a missing directory"); return nil }); err != nil {
		t.Errorf("a missing directory holds no cases: %v", err)
	}
}

func TestRenameKeepsTheCaseAndTakesAFreeName(t *testing.T) {
	dir := t.TempDir()
	old, err := Reserve(dir, "case-x")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "contoso-1.json"), []byte("taken"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := Rename(old, "contoso-1")
	if err != nil || filepath.Base(got) != "contoso-1-2.json" {
		t.Fatalf("got %s %v", got, err)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Error("the old file is still there")
	}
}

// TestFindNamesEveryFileOfASharedID: an ID that two files hold names neither alone, so that
// nothing is resumed or deleted by a guess.
func TestFindNamesEveryFileOfASharedID(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "d1.json"), `{"id":"d1"}`)
	write(t, filepath.Join(dir, "copy-of-d1.json"), `{"id":"d1","notes":"edited"}`)
	write(t, filepath.Join(dir, "escaped.json"), `{"\u0069d":"d2"}`)
	write(t, filepath.Join(dir, "mentions.json"), `{"id":"x","notes":"see d2"}`)
	_, err := Find(testmodel.Embedded(), dir, "d1")
	var shared *SharedIDError
	if !errors.As(err, &shared) || len(shared.Paths) != 2 {
		t.Fatalf("Find d1: %v", err)
	}
	if p, err := Find(testmodel.Embedded(), dir, "d2"); err != nil || filepath.Base(p) != "escaped.json" {
		t.Errorf("Find d2: %s %v", p, err)
	}
}

// TestUnreadableNamesTheFilesTheListSkips: what `cases` skips can still be named to delete it.
func TestUnreadableNamesTheFilesTheListSkips(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "broken.json"), `{"id":`)
	write(t, filepath.Join(dir, "good.json"), `{"id":"good"}`)
	write(t, filepath.Join(dir, "notes.txt"), `{"id":`)
	for name, want := range map[string]bool{"broken": true, "broken.json": true, "good": false, "notes.txt": false, "missing": false, "../broken": false} {
		path, why := Unreadable(testmodel.Embedded(), dir, name)
		if (path != "") != want || want && why == nil {
			t.Errorf("%s: %q %v", name, path, why)
		}
	}
}

// TestHeldCaseIsOneRunsAtATime: while one run holds a case, another cannot take it; and a
// file changed by another program meanwhile is never written over.
func TestHeldCaseIsOneRunsAtATime(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "d1.json")
	write(t, path, `{"id":"d1"}`)
	h, err := Hold(testmodel.Embedded(), path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := h.Load()
	if err != nil {
		t.Fatal(err)
	}
	var busy *safefile.BusyError
	if _, err := Hold(testmodel.Embedded(), path); !errors.As(err, &busy) {
		t.Fatalf("second Hold: %v, want busy", err)
	}
	c.Notes = "first answer"
	if err := h.Save(c); err != nil {
		t.Fatal(err)
	}
	// An editor (which takes no lock) changes the file.
	write(t, path, `{"id":"d1","notes":"edited by hand"}`)
	c.Notes = "second answer"
	var changed *safefile.ChangedError
	if err := h.Save(c); !errors.As(err, &changed) {
		t.Fatalf("save over an edited file: %v", err)
	}
	if got, _ := os.ReadFile(path); !strings.Contains(string(got), "edited by hand") {
		t.Errorf("the edit was lost: %s", got)
	}
	h.Release()
	h2, err := Hold(testmodel.Embedded(), path)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	if err := h2.Remove(); err != nil {
		t.Fatal(err)
	}
	h2.Release()
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

func TestHeldRenameMovesTheLock(t *testing.T) {
	dir := t.TempDir()
	path, err := Reserve(dir, "case-x")
	if err != nil {
		t.Fatal(err)
	}
	h, err := Hold(testmodel.Embedded(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Rename("contoso-1"); err != nil || filepath.Base(h.Path) != "contoso-1.json" {
		t.Fatalf("%s %v", h.Path, err)
	}
	if err := h.Save(&diagnose.Case{ID: "contoso-1"}); err != nil {
		t.Fatal(err)
	}
	var busy *safefile.BusyError
	if _, err := Hold(testmodel.Embedded(), h.Path); !errors.As(err, &busy) {
		t.Errorf("the new file is not held: %v", err)
	}
	h.Release()
	names := []string{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "contoso-1.json" {
		t.Errorf("files %v", names)
	}
}
