package main

import (
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"

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
		{"", vcs, true, "dev-0123456789ab"},
		{"", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "dev"},
		{"", nil, false, "dev"},
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

// TestVersionFromLdflags builds the binary as a release would.
func TestVersionFromLdflags(t *testing.T) {
	bin := testkit.Binary(t, "-ldflags", "-X main.buildVersion=v9.8.7")
	out, err := exec.Command(bin, "version").Output()
	if err != nil || string(out) != "cspfix version v9.8.7\n" {
		t.Errorf("%v %q", err, out)
	}
}
