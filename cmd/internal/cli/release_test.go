package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReleaseConfig checks .goreleaser.yaml against the repository: the platforms, the version
// as `go install` records it, reproducible man pages, what each system's archive carries, the
// package managers' manifests, and that the files it packs exist or are made by its hooks.
// Then it runs `goreleaser check` (CI installs goreleaser; elsewhere the check is skipped when
// it is missing).
func TestReleaseConfig(t *testing.T) {
	data, err := os.ReadFile("../../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	config := string(data)
	for _, want := range []string{
		"goos: [linux, darwin, windows]", "goarch: [amd64, arm64]", "main: ./cmd/cspfix", "checksum:",
		// v1.2.3, as `go install …@v1.2.3` records it: {{ .Version }} is 1.2.3.
		"-s -w -X main.buildVersion=v{{ .Version }}",
		// Man pages dated by the commit (SOURCE_DATE_EPOCH), never by the day of the build.
		`env SOURCE_DATE_EPOCH={{ .CommitTimestamp }} go run -tags gendocs -ldflags "-X main.buildVersion=v{{ .Version }}" ./cmd/cspfix gen-docs --man build/release/man`,
		`for shell in bash zsh fish; do go run ./cmd/cspfix completion "$shell" > "build/release/completions/unix/cspfix.$shell"; done`,
		"go run ./cmd/cspfix completion powershell > build/release/completions/windows/cspfix.ps1",
		"homebrew_casks:", "scoops:", "winget:",
		// cspfix-online beside cspfix everywhere (README "Two executables"); Scoop and winget
		// take every executable of the archive.
		"main: ./cmd/cspfix-online", "binary: cspfix-online", "binaries: [cspfix, cspfix-online]",
		`"#{staged_path}/cspfix-online"`,
	} {
		if !strings.Contains(config, want) {
			t.Errorf(".goreleaser.yaml lacks %q", want)
		}
	}
	if strings.Contains(config, "buildVersion={{") {
		t.Error("a build says the version without its v")
	}
	// Each system's archive: Windows gets the PowerShell completion, no man pages and no POSIX
	// shell completions; the others get those and no PowerShell script.
	archives := map[string]string{}
	section := config[strings.Index(config, "\narchives:\n")+1:]
	if end := regexp.MustCompile(`\n\S`).FindStringIndex(section[1:]); end != nil {
		section = section[:end[0]+1]
	}
	for _, archive := range strings.Split(section, "\n  - id: ")[1:] {
		id, body, _ := strings.Cut(archive, "\n")
		archives[id] = body
	}
	for id, tt := range map[string]struct{ has, lacks []string }{
		"unix":    {[]string{"formats: [tar.gz]", "goos: windows\n        formats: [none]", "build/release/completions/unix/*", "build/release/man/*"}, []string{"cspfix.ps1"}},
		"windows": {[]string{"formats: [zip]", "goos: linux\n        formats: [none]", "goos: darwin\n        formats: [none]", "build/release/completions/windows/cspfix.ps1"}, []string{"man", "completions/unix"}},
	} {
		archive, ok := archives[id]
		if !ok {
			t.Errorf("no archive %q in %v", id, archives)
			continue
		}
		if !strings.Contains(archive, "ids: [cspfix, cspfix-online]") {
			t.Errorf("archive %s lacks one of the executables", id)
		}
		for _, want := range tt.has {
			if !strings.Contains(archive, want) {
				t.Errorf("archive %s lacks %q", id, want)
			}
		}
		for _, unwanted := range tt.lacks {
			if strings.Contains(archive, unwanted) {
				t.Errorf("archive %s holds %q", id, unwanted)
			}
		}
	}
	for _, m := range regexp.MustCompile(`(?m)^      - ([\w./]+)$`).FindAllStringSubmatch(config, -1) {
		if _, err := os.Stat(filepath.Join("../../..", m[1])); err != nil {
			t.Errorf("the archives pack %s: %v", m[1], err)
		}
	}
	requireTool(t, "goreleaser")
	cmd := exec.Command("goreleaser", "check")
	cmd.Dir = "../../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("goreleaser check: %v\n%s", err, out)
	}
}

// TestPowerShellCompletionDotSources: the completion the Windows zip carries as cspfix.ps1 is a
// script PowerShell can dot-source: plain ASCII (Windows PowerShell 5.1 reads a script without
// a byte order mark in the system's code page) that registers an argument completer.
func TestPowerShellCompletionDotSources(t *testing.T) {
	e, out, errOut := testEnv("", nil)
	if code := run(e, []string{"completion", "powershell"}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	script := out.String()
	for i := 0; i < len(script); i++ {
		if script[i] >= 0x80 {
			t.Fatalf("not ASCII at byte %d: %q", i, script[max(0, i-20):min(len(script), i+20)])
		}
	}
	if !strings.Contains(script, "Register-ArgumentCompleter -CommandName 'cspfix'") {
		t.Errorf("registers no completer:\n%.300s", script)
	}
}
