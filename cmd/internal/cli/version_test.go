package cli

import (
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/internal/testkit"
)

func TestVersionFrom(t *testing.T) {
	vcs := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}}}
	tests := []struct {
		release string
		info    *debug.BuildInfo
		ok      bool
		want    string
	}{
		{"v2.0.0", vcs, true, "v2.0.0"},
		{"", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.2"}}, true, "v1.4.2"},
		{"", vcs, true, "devel-0123456789ab"},
		{"", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "devel"},
		{"", &debug.BuildInfo{Main: debug.Module{Version: "v1.5.0-rc.1"}, Settings: vcs.Settings}, true, "v1.5.0-rc.1"},
		{"", nil, false, "devel"},
	}
	for _, tt := range tests {
		if got := versionFrom(tt.release, tt.info, tt.ok); got != tt.want {
			t.Errorf("versionFrom(%q, …) = %q, want %q", tt.release, got, tt.want)
		}
	}
}

func TestVersionCommandAndFlag(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}, {"-v"}} {
		e, out, _ := testEnv("", nil)
		if code := run(e, args); code != exitOK || !strings.HasPrefix(out.String(), "cspfix version ") {
			t.Errorf("%v: exit %d, %q", args, code, out)
		}
	}
}

// TestVersionWithoutVCS: a build that records no VCS information (-buildvcs=false, as from a
// source archive) says "devel", never an empty or made-up version.
func TestVersionWithoutVCS(t *testing.T) {
	bin := testkit.Binary(t, "-buildvcs=false")
	out, err := exec.Command(bin, "version").Output()
	if err != nil || string(out) != "cspfix version devel\n" {
		t.Errorf("%v %q", err, out)
	}
}

// TestVersionFromLdflags builds the binary as a release would.
func TestVersionFromLdflags(t *testing.T) {
	bin := testkit.Binary(t, "-ldflags", "-X main.buildVersion=v9.8.7")
	out, err := exec.Command(bin, "version").Output()
	if err != nil || string(out) != "cspfix version v9.8.7\n" {
		t.Errorf("%v %q", err, out)
	}
}

// TestSourceDate: the man pages are dated by SOURCE_DATE_EPOCH, else by the commit the build
// recorded, never by the clock.
func TestSourceDate(t *testing.T) {
	commit := &debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.time", Value: "2026-11-20T09:15:00Z"}}}
	for _, tt := range []struct {
		name   string
		epoch  string
		info   *debug.BuildInfo
		want   string
		broken bool
	}{
		{"SOURCE_DATE_EPOCH", "1700000000", commit, "2023-11-14T22:13:20Z", false},
		{"the commit's time", "", commit, "2026-11-20T09:15:00Z", false},
		{"neither", "", &debug.BuildInfo{}, "", true},
		{"SOURCE_DATE_EPOCH that is no number", "yesterday", commit, "", true},
		{"SOURCE_DATE_EPOCH before 1970 (a release without its commit)", "-62135596800", commit, "", true},
	} {
		got, err := sourceDate(func(k string) string { return map[string]string{"SOURCE_DATE_EPOCH": tt.epoch}[k] }, tt.info, true)
		if tt.broken != (err != nil) || !tt.broken && got.Format(time.RFC3339) != tt.want {
			t.Errorf("%s: %v %v, want %s", tt.name, got, err, tt.want)
		}
	}
}
