package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReleaseConfig checks .goreleaser.yaml against the repository: the platforms, and that the
// files it packs exist or are made by its hooks. With goreleaser installed it also runs
// `goreleaser check`.
func TestReleaseConfig(t *testing.T) {
	data, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	config := string(data)
	for _, want := range []string{"goos: [linux, darwin, windows]", "goarch: [amd64, arm64]", "main: ./cmd/cspfix",
		"-X main.buildVersion={{ .Version }}", "checksum:", "completion \"$shell\"", `-ldflags "-X main.buildVersion={{ .Version }}" ./cmd/cspfix gen-docs --man build/release/man`} {
		if !strings.Contains(config, want) {
			t.Errorf(".goreleaser.yaml lacks %q", want)
		}
	}
	for _, m := range regexp.MustCompile(`(?m)^      - ([\w./]+)$`).FindAllStringSubmatch(config, -1) {
		if _, err := os.Stat(filepath.Join("../..", m[1])); err != nil {
			t.Errorf("the archives pack %s: %v", m[1], err)
		}
	}
	if _, err := exec.LookPath("goreleaser"); err != nil {
		t.Log("goreleaser is not installed: skipping goreleaser check")
		return
	}
	cmd := exec.Command("goreleaser", "check")
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("goreleaser check: %v\n%s", err, out)
	}
}
