package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/internal/testkit"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// The two executables (README "Two executables"): cspfix links no network code, and hands the
// commands that reach Microsoft to cspfix-online beside it.

// TestCspfixLinksNoNetworkStack holds the point of the split: cspfix's start-up pays for no
// package of Go's HTTP and TLS stack, which cspfix-online links.
func TestCspfixLinksNoNetworkStack(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	deps := func(goos, pkg string) []string {
		cmd := exec.Command("go", "list", "-deps", pkg)
		cmd.Dir = "../../.."
		cmd.Env = append(os.Environ(), "GOOS="+goos)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("GOOS=%s go list -deps %s: %v", goos, pkg, err)
		}
		return strings.Fields(string(out))
	}
	network := []string{"net/http", "crypto/tls", "crypto/x509", "golang.org/x/sys/cpu", "vendor/golang.org/x/sys/cpu"}
	for _, goos := range []string{"linux", "windows", "darwin"} {
		for _, p := range deps(goos, "./cmd/cspfix") {
			if slices.Contains(network, p) {
				t.Errorf("cspfix links %s on %s: a package it imports imports it (GOOS=%[2]s go list -deps ./cmd/cspfix)", p, goos)
			}
		}
		online := deps(goos, "./cmd/cspfix-online")
		for _, p := range []string{"net/http", "crypto/tls"} {
			if !slices.Contains(online, p) {
				t.Errorf("cspfix-online does not link %s on %s: how does it reach Microsoft?", p, goos)
			}
		}
	}
}

// run runs an executable with the environment's variables plus vars, and returns its streams
// and exit code.
func runExecutable(t *testing.T, bin string, vars []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append(os.Environ(), "LANG=C.UTF-8", "NO_COLOR=1", "HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir()), vars...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), errOut.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), 0
}

// alone copies cspfix into a folder of its own, with the named executables of the build
// beside it under other names (to: from).
func alone(t *testing.T, bin string, beside map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	exe := map[bool]string{true: ".exe"}[runtime.GOOS == "windows"]
	cp := func(from, to string) {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, to+exe), b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cp(bin, "cspfix")
	for to, from := range beside {
		cp(filepath.Join(filepath.Dir(bin), from+exe), to)
	}
	return filepath.Join(dir, "cspfix"+exe)
}

func TestHandOver(t *testing.T) {
	bin := testkit.Binary(t) // cspfix, and cspfix-online beside it
	authority, hits := testkit.Authority(t)
	vars := []string{"CSPFIX_AUTHORITY=" + authority}

	t.Run("cspfix-online runs what reaches Microsoft", func(t *testing.T) {
		out, errOut, code := runExecutable(t, bin, vars, "tenant", "resolve", "contoso.onmicrosoft.com", "-o", "json")
		if code != 0 || !strings.Contains(out, `"tenant_id":"`+testkit.GoodID+`"`) || hits.Load() != 1 {
			t.Errorf("exit %d, %d requests\nstdout: %s\nstderr: %s", code, hits.Load(), out, errOut)
		}
	})
	t.Run("without cspfix-online, cspfix says what to install", func(t *testing.T) {
		solo := alone(t, bin, nil)
		for _, args := range [][]string{
			{"tenant", "resolve", "contoso.onmicrosoft.com"},
			{"login", "status"},
			{"diagnose", "--online", "--answers", "../../../examples/c-wrong-tenant-id.json"},
		} {
			out, errOut, code := runExecutable(t, solo, vars, args...)
			want := filepath.Join(filepath.Dir(solo), "cspfix-online")
			if code != exitFailure || out != "" || !strings.Contains(errOut, "not installed next to cspfix ("+want) ||
				!strings.Contains(errOut, "hint: install cspfix-online from the same release as cspfix") {
				t.Errorf("%v: exit %d\nstdout: %s\nstderr: %s", args, code, out, errOut)
			}
		}
		// What does not reach Microsoft needs nothing beside cspfix; nor does a wrong domain.
		if out, errOut, code := runExecutable(t, solo, nil, "diagnose", "--answers", "../../../examples/c-wrong-tenant-id.json"); code != 0 || !strings.Contains(out, "Most likely: C") {
			t.Errorf("a batch without cspfix-online: exit %d\n%s%s", code, out, errOut)
		}
		if _, errOut, code := runExecutable(t, solo, nil, "tenant", "resolve", "not_a_domain"); code != exitUsage || !strings.Contains(errOut, "is not a domain name") {
			t.Errorf("a wrong domain without cspfix-online: exit %d\n%s", code, errOut)
		}
	})
	t.Run("a cspfix in cspfix-online's place is not run again and again", func(t *testing.T) {
		solo := alone(t, bin, map[string]string{"cspfix-online": "cspfix"})
		_, errOut, code := runExecutable(t, solo, vars, "tenant", "resolve", "contoso.onmicrosoft.com")
		if code != exitFailure || !strings.Contains(errOut, "is not the cspfix-online of this release") {
			t.Errorf("exit %d\n%s", code, errOut)
		}
	})
	t.Run("a symbolic link to cspfix finds cspfix-online beside the file it links", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("symbolic links need privileges on Windows")
		}
		link := filepath.Join(t.TempDir(), "cspfix")
		if err := os.Symlink(bin, link); err != nil {
			t.Fatal(err)
		}
		before := hits.Load()
		if out, errOut, code := runExecutable(t, link, vars, "tenant", "resolve", testkit.GoodID); code != 0 || hits.Load() != before+1 {
			t.Errorf("exit %d\n%s%s", code, out, errOut)
		}
	})
}

// TestTerminalHandedOverWalkthrough: with a token in the environment the walkthrough may look
// up, so cspfix hands it to cspfix-online in the same terminal; it asks there (the offer to
// look up is cspfix-online's), and Ctrl-C still keeps the case and ends with 130.
func TestTerminalHandedOverWalkthrough(t *testing.T) {
	term := startTerminal(t, "CSPFIX_GRAPH_TOKEN="+msToken+" CSPFIX_GRAPH_URL=http://127.0.0.1:9 CSPFIX_AUTHORITY=http://127.0.0.1:9 cspfix diagnose")
	term.answerLitware()
	term.waitFor(testTexts(scenarios.EN).T(txt.LookupsOffer))
	term.keys("C-c")
	if code := term.exitCode(); code != "130" {
		t.Fatalf("exit %s, want 130:\n%s", code, term.screen())
	}
	term.waitFor("Resume with: cspfix diagnose --resume")
	if _, c := term.savedCase(); c.Customer.Name != "Litware" {
		t.Errorf("answers before Ctrl-C not saved: %+v", c.Customer)
	}
}

// TestHandOverChecksFirst: what cspfix can judge itself it says without cspfix-online (a
// wrong setting or token is a usage error, not "install cspfix-online"); a walkthrough with a
// token but no cspfix-online goes on without lookups and says why; a run handed over by a
// cspfix of another version is refused; what stands in cspfix-online's place and is no
// program is said so.
func TestHandOverChecksFirst(t *testing.T) {
	bin := testkit.Binary(t)
	solo := alone(t, bin, nil)
	for _, tt := range []struct {
		args []string
		vars []string
		want string
	}{
		{[]string{"login", "--cloud", "mars"}, nil, `login.cloud: "mars" is not a cloud`},
		{[]string{"login", "status"}, []string{"CSPFIX_GRAPH_TOKEN=has space"}, "CSPFIX_GRAPH_TOKEN is not usable"},
		{[]string{"diagnose", "--online", "--answers", "../../../examples/c-wrong-tenant-id.json"}, []string{"CSPFIX_GRAPH_URL=ftp://example.com"}, "CSPFIX_GRAPH_URL is not usable"},
		{[]string{"diagnose", "--accessible"}, []string{"CSPFIX_PARTNER_CENTER_TOKEN=has space"}, "CSPFIX_PARTNER_CENTER_TOKEN is not usable"},
	} {
		_, errOut, code := runExecutable(t, solo, tt.vars, tt.args...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) || strings.Contains(errOut, "cspfix-online") {
			t.Errorf("%v %v: exit %d\n%s", tt.vars, tt.args, code, errOut)
		}
	}

	t.Run("a walkthrough with a token, without cspfix-online", func(t *testing.T) {
		answers := pipedAnswers(t, map[string][]string{"customer.name": {"Litware"}, "customer.domain": {"litware.de"},
			"customer.tenant_id": {"2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7"}}, nil)
		cmd := exec.Command(solo, "diagnose", "--accessible")
		cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "HOME="+t.TempDir(), "XDG_STATE_HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir(),
			"CSPFIX_GRAPH_TOKEN="+msToken)
		cmd.Stdin = strings.NewReader(answers)
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		_ = cmd.Run()
		if !strings.Contains(errOut.String(), testTexts(scenarios.EN).T(txt.LookupsOnlineMissing)) ||
			!strings.Contains(errOut.String(), "Customer name") || strings.Contains(errOut.String(), "not installed next to cspfix (") {
			t.Errorf("%s", errOut.String())
		}
	})

	t.Run("another release's cspfix-online", func(t *testing.T) {
		other := testkit.Binary(t, "-ldflags", "-X main.buildVersion=v9.8.7")
		pair := alone(t, bin, nil)
		b, err := os.ReadFile(filepath.Join(filepath.Dir(other), "cspfix-online"+filepath.Ext(other)))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(filepath.Dir(pair), "cspfix-online"+filepath.Ext(pair)), b, 0o755); err != nil {
			t.Fatal(err)
		}
		_, errOut, code := runExecutable(t, pair, nil, "tenant", "resolve", "contoso.onmicrosoft.com")
		if code != exitFailure || !strings.Contains(errOut, "to cspfix-online v9.8.7: the two must come from one release") {
			t.Errorf("exit %d\n%s", code, errOut)
		}
		// Run by itself, with the variable set by hand, it is no hand-over.
		authority, _ := testkit.Authority(t)
		if _, errOut, code := runExecutable(t, other, []string{"CSPFIX_HANDED_OVER=1", "CSPFIX_AUTHORITY=" + authority}, "tenant", "resolve", "contoso.onmicrosoft.com"); code != 0 {
			t.Errorf("cspfix-online with CSPFIX_HANDED_OVER=1: exit %d\n%s", code, errOut)
		}
	})

	t.Run("a folder in cspfix-online's place", func(t *testing.T) {
		odd := alone(t, bin, nil)
		if err := os.Mkdir(filepath.Join(filepath.Dir(odd), "cspfix-online"+filepath.Ext(odd)), 0o755); err != nil {
			t.Fatal(err)
		}
		_, errOut, code := runExecutable(t, odd, nil, "tenant", "resolve", "contoso.onmicrosoft.com")
		if code != exitFailure || !strings.Contains(errOut, "is no program file") || !strings.Contains(errOut, "hint: install cspfix-online") {
			t.Errorf("exit %d\n%s", code, errOut)
		}
	})
}

// TestHandOverTakesNoSignalsFirst: cspfix hands tenant resolve over without taking the signals
// over first, which would lose one that came in between.
func TestHandOverTakesNoSignalsFirst(t *testing.T) {
	for _, online := range []bool{false, true} {
		e, _, errOut := testEnv("", map[string]string{"CSPFIX_AUTHORITY": "http://127.0.0.1:9"})
		if !online {
			e.online = nil
		}
		watched, handed := 0, 0
		e.watchSignals = func() { watched++ }
		e.handOver = func(args []string) (int, error) { handed++; return 0, nil }
		run(e, []string{"tenant", "resolve", "contoso.onmicrosoft.com"})
		if online && (watched != 1 || handed != 0) || !online && (watched != 0 || handed != 1) {
			t.Errorf("online %v: signals taken over %d times, handed over %d times\n%s", online, watched, handed, errOut)
		}
	}
}
