package safefile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestReserved(t *testing.T) {
	for _, tt := range []struct {
		name string
		want bool
	}{
		{"CON", true}, {"con", true}, {"Con.json", true}, {"nul.tar.gz", true}, {"NUL.txt", true},
		{"prn", true}, {"aux.md", true}, {"COM1", true}, {"com9.eml", true}, {"lpt1", true},
		{"LPT0", true}, {"COM¹", true}, {"lpt³.md", true}, {"CONIN$", true}, {"conout$.txt", true},
		{"CON.", true}, {"con ", true}, {"nul. .", true}, {"AUX .md", true},
		{"contoso", false}, {"con-2", false}, {"console.json", false}, {"com10", false}, {"com", false},
		{"lpt", false}, {"comx", false}, {"nullify", false}, {"xcon", false}, {" con", false},
		{"case-con", false}, {"", false}, {"com1-2.md", false}, {"COM⁴", false},
	} {
		if got := Reserved(tt.name); got != tt.want {
			t.Errorf("Reserved(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestCommitUniqueNeverTakesADeviceName: a case whose ID is CON or NUL gets the next name, on
// every system, so that the folder stays usable on Windows.
func TestCommitUniqueNeverTakesADeviceName(t *testing.T) {
	dir := t.TempDir()
	var o Outputs
	for _, tt := range []struct{ stem, ext, want string }{
		{"con", ".md", "con-2.md"}, {"nul", ".txt", "nul-2.txt"}, {"com1", ".json", "com1-2.json"}, {"lpt9", ".eml", "lpt9-2.eml"},
	} {
		out, err := o.CreateIn(dir)
		if err != nil {
			t.Fatal(err)
		}
		out.Write([]byte("ticket"))
		renamed, err := out.CommitUnique(tt.stem, tt.ext)
		if err != nil || filepath.Base(out.Path) != tt.want || !renamed {
			t.Errorf("%s%s: got %s (renamed %v, %v), want %s", tt.stem, tt.ext, out.Path, renamed, err, tt.want)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if Reserved(e.Name()) {
			t.Errorf("%s was written", e.Name())
		}
	}
}
