package safefile

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWriteFileTakesAnyNameTheSystemTakes: the temporary file's name does not grow with the
// target's, so a name as long as the system allows is written.
func TestWriteFileTakesAnyNameTheSystemTakes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, strings.Repeat("n", 250)+".json")
	if err := WriteFile(path, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	var o Outputs
	out, err := o.Create(filepath.Join(dir, strings.Repeat("t", 251)+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	out.Write([]byte("y"))
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	if l, err := TryLock(path); err != nil {
		t.Fatalf("lock of a long name: %v", err)
	} else {
		l.Unlock()
	}
}

// TestStaleFilesAreCleanedOncePerDirectory: a batch writing thousands of files into one
// directory reads it once, not for every file (README "Performance").
func TestStaleFilesAreCleanedOncePerDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := WriteFile(filepath.Join(dir, "a"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, ".1.0a1b2c3d4e5f"+tempSuffix)
	if err := os.WriteFile(stale, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-2 * staleAfter)
	os.Chtimes(stale, past, past)
	if err := WriteFile(filepath.Join(dir, "b"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err != nil {
		t.Error("the directory was read again for the second file")
	}
}

// TestReplaceLeavesAnotherProgramsChange: a store writes only over the file it read.
func TestReplaceLeavesAnotherProgramsChange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "case.json")
	os.WriteFile(path, []byte("first"), 0o600)
	f, _ := OpenRegular(path, false)
	stamp, err := StampOfOpen(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	// Another program replaces the file (as an atomic save does), or writes into it.
	for _, change := range []func(){
		func() { os.WriteFile(path+".x", []byte("theirs"), 0o600); os.Rename(path+".x", path) },
		func() { os.WriteFile(path, []byte("theirs, longer"), 0o600) },
	} {
		change()
		_, err := Replace(path, []byte("mine"), 0o600, stamp)
		var ce *ChangedError
		if !errors.As(err, &ce) {
			t.Fatalf("Replace over a changed file: %v", err)
		}
		if got, _ := os.ReadFile(path); !strings.HasPrefix(string(got), "theirs") {
			t.Errorf("their change was lost: %q", got)
		}
		stamp, _ = StampOf(path)
	}
	// Unchanged since: written, and the new stamp serves the next write.
	next, err := Replace(path, []byte("mine"), 0o600, stamp)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Replace(path, []byte("mine again"), 0o600, next); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("files left: %v", entries)
	}
}

func TestLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	l, err := TryLock(path)
	if err != nil {
		t.Fatal(err)
	}
	var busy *BusyError
	if _, err := TryLock(path); !errors.As(err, &busy) {
		t.Fatalf("second lock: %v, want busy", err)
	}
	if _, err := WaitLock(context.Background(), path, 0); !errors.As(err, &busy) {
		t.Fatalf("lock without waiting: %v, want busy", err)
	}
	// A signal ends the wait, whatever its length.
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := errors.New("SIGTERM")
	cancel(stop)
	if _, err := WaitLock(ctx, path, time.Hour); !errors.Is(err, stop) {
		t.Fatalf("wait after a signal: %v", err)
	}
	if fi, err := os.Lstat(LockPath(path)); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("lock file while held: %v", err)
	}
	// Released, it is taken, also by a waiter that was waiting.
	got := make(chan error, 1)
	go func() {
		l2, err := WaitLock(context.Background(), path, time.Hour)
		l2.Unlock()
		got <- err
	}()
	l.Unlock()
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(filepath.Base(LockPath(path)), ".") {
		t.Errorf("lock file %s is not hidden", LockPath(path))
	}
	if _, err := os.Lstat(LockPath(path)); !os.IsNotExist(err) {
		t.Errorf("the lock file stays after the lock is released: %v", err)
	}
}

func TestOutputsNeverReplaceAFile(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "cases.json")
	os.WriteFile(input, []byte(`{"id":"a"}`), 0o600)
	emptyInput := filepath.Join(dir, "empty.json")
	os.WriteFile(emptyInput, nil, 0o600)
	other := filepath.Join(dir, "notes.txt")
	os.WriteFile(other, []byte("mine"), 0o600)
	empty := filepath.Join(dir, "mktemp.txt")
	os.WriteFile(empty, nil, 0o600)
	saved := filepath.Join(dir, "cases")
	os.Mkdir(saved, 0o700)

	var o Outputs
	o.Input(input)
	o.Input(emptyInput)
	o.Input("-")
	o.Reserve(saved)
	for path, want := range map[string]TakenReason{
		input: IsInput, emptyInput: IsInput, other: Taken, filepath.Join(saved, "t.txt"): InSavedCases,
	} {
		var te *TakenError
		if err := o.Check(path); !errors.As(err, &te) || te.Reason != want {
			t.Errorf("%s: %v, want reason %d", path, err, want)
		}
		if _, err := o.Create(path); !errors.As(err, &te) {
			t.Errorf("Create %s: %v", path, err)
		}
	}
	// A new name, and an empty file, are written.
	for _, path := range []string{filepath.Join(dir, "ticket.txt"), empty} {
		out, err := o.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		out.Write([]byte("ticket"))
		if err := out.Commit(); err != nil || out.Path != path {
			t.Fatalf("%s: %v", path, err)
		}
		if got, _ := os.ReadFile(path); string(got) != "ticket" {
			t.Errorf("%s holds %q", path, got)
		}
	}
	// A name taken while the output was being written is left as the other program made it.
	late := filepath.Join(dir, "late.txt")
	out, err := o.Create(late)
	if err != nil {
		t.Fatal(err)
	}
	out.Write([]byte("ticket"))
	os.WriteFile(late, []byte("theirs"), 0o600)
	var te *TakenError
	if err := out.Commit(); !errors.As(err, &te) {
		t.Errorf("commit onto a taken name: %v", err)
	}
	if got, _ := os.ReadFile(late); string(got) != "theirs" {
		t.Errorf("late.txt holds %q", got)
	}
	for _, path := range []string{input, other} {
		if fi, _ := os.Stat(path); fi.Size() == 0 {
			t.Errorf("%s was emptied", path)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*"+tempSuffix)); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestCommitUniqueTakesTheFirstFreeName(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "acme.txt"), []byte("old"), 0o600)
	os.WriteFile(filepath.Join(dir, "acme-2.txt"), []byte("old"), 0o600)
	os.WriteFile(filepath.Join(dir, "acme.json"), []byte("input"), 0o600)
	var o Outputs
	o.Input(filepath.Join(dir, "acme.json"))
	for _, want := range []struct {
		ext, name string
		renamed   bool
	}{{".txt", "acme-3.txt", true}, {".txt", "acme-4.txt", true}, {".md", "acme.md", false}, {".json", "acme-2.json", true}} {
		out, err := o.CreateIn(dir)
		if err != nil {
			t.Fatal(err)
		}
		out.Write([]byte("new"))
		renamed, err := out.CommitUnique("acme", want.ext)
		if err != nil || filepath.Base(out.Path) != want.name || renamed != want.renamed {
			t.Errorf("got %s (renamed %v, %v), want %s", out.Path, renamed, err, want.name)
		}
	}
	for _, name := range []string{"acme.txt", "acme-2.txt"} {
		if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != "old" {
			t.Errorf("%s replaced", name)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "acme.json")); string(got) != "input" {
		t.Error("the input was replaced")
	}
}
