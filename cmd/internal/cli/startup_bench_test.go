package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkStartup times whole runs of the commands that never prompt (and schema, which is
// outside the budget) against the yardstick of their budget (README "Performance"): `--help`
// of a binary that links cobra and nothing else (cmd/cobraonly). Both are built as releases
// are (static, stripped, -trimpath, the version set); the runs alternate, so that a machine
// whose speed drifts treats both alike, and the metrics are medians: cspfix-µs, cobra-µs and
// their ratio, which the budget limits to 1.5.
//
//	go test ./cmd/internal/cli -run '^$' -bench Startup -benchtime 200x
func BenchmarkStartup(b *testing.B) {
	dir := b.TempDir()
	build := func(name, pkg string) string {
		out := filepath.Join(dir, name)
		// The flags of .goreleaser.yaml: a release knows its version without reading the
		// build information.
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w -X main.buildVersion=v0.0.0-bench", "-o", out, pkg)
		cmd.Dir = filepath.Join("..", "..", "..")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("go build %s: %v\n%s", pkg, err, msg)
		}
		return out
	}
	cspfix, cobraOnly := build("cspfix", "./cmd/cspfix"), build("cobraonly", "./cmd/cobraonly")
	// How a binary's pages came into the page cache changes how fast it starts, on Linux by
	// up to a quarter (README "Performance"): written in one go, as an installer writes a file, they are
	// mapped with fewer page faults than pages the linker wrote through a memory mapping, or
	// that a first start after a reboot reads on demand. Both states are timed: "installed"
	// runs copies written in one go, "linked" the linker's own files.
	installed := func(bin string) string {
		data, err := os.ReadFile(bin)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(bin+"-installed", data, 0o755); err != nil {
			b.Fatal(err)
		}
		return bin + "-installed"
	}
	states := []struct{ name, cspfix, cobraOnly string }{
		{"installed", installed(cspfix), installed(cobraOnly)},
		{"linked", cspfix, cobraOnly},
	}
	timed := func(b *testing.B, bin string, args ...string) time.Duration {
		cmd := exec.Command(bin, args...)
		cmd.Env = []string{"HOME=" + dir, "CSPFIX_CONFIG=" + filepath.Join(dir, "none.json"), "LANG=C"}
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("%s %v: %v", bin, args, err)
		}
		return time.Since(start)
	}
	// The smallest batch: one case from a file, which a batch's start-up (the model it
	// compiles, its first diagnosis) is most of.
	batch := "diagnose -o json --now 2026-11-20T12:00:00+01:00 --answers " + filepath.Join("..", "..", "..", "examples", "a-other-partner.json")
	for _, state := range states {
		for _, args := range []string{"--help", "scenarios", "tenant check 4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31", batch, "schema"} {
			b.Run(state.name+"/"+strings.Fields(args)[0], func(b *testing.B) {
				var mine, yard []time.Duration
				for b.Loop() {
					mine = append(mine, timed(b, state.cspfix, strings.Fields(args)...))
					yard = append(yard, timed(b, state.cobraOnly, "--help"))
				}
				median := func(d []time.Duration) float64 {
					slices.Sort(d)
					return float64(d[len(d)/2].Microseconds())
				}
				m, y := median(mine), median(yard)
				b.ReportMetric(m, "cspfix-µs")
				b.ReportMetric(y, "cobra-µs")
				b.ReportMetric(m/y, "ratio")
			})
		}
	}
}
