package cli

import (
	"strings"
	"testing"

	"github.com/cspfix/cspfix/internal/testkit/testmodel"
	"github.com/cspfix/cspfix/scenarios"
)

// TestEmbeddedModel: the catalog the binary carries makes a model, as a run makes it
// (compileOnce): a defect of the catalog fails here, not in a user's run.
func TestEmbeddedModel(t *testing.T) {
	if _, err := scenarios.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := compileOnce(scenarios.Embedded())(); err != nil {
		t.Fatal(err)
	}
}

// TestTheRunsCatalogIsInjected: the commands say and diagnose what the env's catalog holds, as
// gh's commands use the factory they are given: with the tests' catalog (a scenario Z and a
// question added as data) the help, the scenarios and the diagnosis have them; with the one the
// binary carries, they do not.
func TestTheRunsCatalogIsInjected(t *testing.T) {
	fixture, err := testmodel.FixtureCatalog(t)
	if err != nil {
		t.Fatal(err)
	}
	withFixture := func(stdin string) (*env, *strings.Builder, *strings.Builder) {
		e, _, _ := testEnv(stdin, nil)
		var out, errOut strings.Builder
		e.stdout, e.stderr = &out, &errOut
		e.catalog, e.compiled = fixture, compileOnce(fixture)
		return e, &out, &errOut
	}
	e, out, errOut := withFixture("")
	if code := run(e, []string{"scenarios", "Z", "--lang", "de"}); code != exitOK || !strings.Contains(out.String(), "Der Tenant des Kunden ist noch eine Testversion") {
		t.Errorf("scenarios Z with the tests' catalog: exit %d\n%s%s", code, out, errOut)
	}
	e, out, errOut = withFixture("")
	if code := run(e, []string{"scenarios", "--help"}); code != exitOK || !strings.Contains(out.String(), "["+fixture.IDs("|")+"]") || !strings.Contains(out.String(), "|Z|") {
		t.Errorf("help of scenarios with the tests' catalog: exit %d\n%s%s", code, out, errOut)
	}
	e, out, errOut = withFixture(`{"id":"z1","answers":{"trial_tenant":"ja","other_csp":"no"}}`)
	if code := run(e, []string{"diagnose", "-o", "json"}); code != exitOK || !strings.Contains(out.String(), `"scenario":"Z","confidence":"high"`) {
		t.Errorf("diagnose with the tests' catalog: exit %d\n%s%s", code, out, errOut)
	}

	e2, out2, errOut2 := testEnv("", nil)
	if code := run(e2, []string{"scenarios", "Z"}); code != exitUsage || out2.Len() != 0 || !strings.Contains(errOut2.String(), `"Z"`) {
		t.Errorf("scenarios Z with the binary's catalog: exit %d\n%s%s", code, out2, errOut2)
	}
}
