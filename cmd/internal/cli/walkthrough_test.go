package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/internal/casefile"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
)

// TestPipedAnswersWithSettings: piped answers with a Partner ID in the settings land in the
// fields they answer, in the order the walkthrough asks them without the Partner ID.
func TestPipedAnswersWithSettings(t *testing.T) {
	dir := t.TempDir()
	config := filepath.Join(dir, "config.json")
	if err := os.WriteFile(config, []byte(`{"partner": {"partner_id": "4847383"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	save := filepath.Join(dir, "case.json")
	answers := pipedAnswers(t, map[string][]string{"customer.name": {"Contoso GmbH"}, "customer.domain": {"contoso.com"},
		"customer.tenant_id": {"2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7"}, "partner.indirect_provider": {"Northwind"},
		"attempts": {"10:15"}}, []string{"partner.partner_id"})
	answers = answers[:strings.Index(answers, "10:15\n")+len("10:15\n")] // and then the answers end
	e, _, errOut := testEnv(answers, map[string]string{"CSPFIX_CONFIG": config})
	run(e, []string{"diagnose", "--accessible", "--save", save})
	c, err := casefile.Load(testmodel.Embedded(), save)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if c.Customer.Name != "Contoso GmbH" || c.Customer.Domain != "contoso.com" || c.Customer.TenantID != "2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7" ||
		c.Partner.PartnerID != "4847383" || c.Partner.IndirectProvider != "Northwind" || len(c.Attempts) != 1 {
		t.Errorf("answers landed elsewhere: %+v %+v %v\n%s", c.Customer, c.Partner, c.Attempts, errOut)
	}
}

// closedInput is standard input closed before cspfix starts (<&-): every read fails.
type closedInput struct{}

func (closedInput) Read([]byte) (int, error) { return 0, os.ErrClosed }

// TestNoEmptyCaseWhenNothingWasAnswered: piped answers that end before the first answer, or a
// closed standard input, save no case and say so (exit 2); an interrupted new case nobody
// answered leaves no file behind.
func TestNoEmptyCaseWhenNothingWasAnswered(t *testing.T) {
	for _, tt := range []struct {
		name  string
		stdin io.Reader
	}{{"empty input", strings.NewReader("")}, {"closed input", closedInput{}}} {
		t.Run(tt.name, func(t *testing.T) {
			state := t.TempDir()
			e, _, errOut := testEnv("", map[string]string{"XDG_STATE_HOME": state})
			e.stdin = tt.stdin
			if code := run(e, []string{"diagnose", "--accessible"}); code != exitUsage {
				t.Fatalf("exit %d, want %d:\n%s", code, exitUsage, errOut)
			}
			if strings.Contains(errOut.String(), "saved in") || !strings.Contains(errOut.String(), "no case was saved") {
				t.Errorf("stderr:\n%s", errOut)
			}
			_ = casefile.Each(testmodel.Embedded(), filepath.Join(state, "cspfix", "cases"), func(s casefile.Saved) error {
				t.Errorf("a case was kept: %v", s.Path)
				return nil
			})
		})
	}
}

// TestPipedAnswersThatRunOut: answers that end before the walkthrough does say so, keep what
// was answered, and give the command to resume in the accessible mode (exit 0, as an incomplete
// case).
func TestPipedAnswersThatRunOut(t *testing.T) {
	state := t.TempDir()
	e, _, errOut := testEnv("1\n\n\nContoso GmbH\ncontoso.com\n", map[string]string{"XDG_STATE_HOME": state})
	if code := run(e, []string{"diagnose", "--accessible", "--lang", "de"}); code != exitOK {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
	got := errOut.String()
	for _, want := range []string{"Die Antworten endeten vor der Schritt-für-Schritt-Diagnose.", "--accessible\n",
		"(Enter behält 6): 1\nAb hier führt „zurück“ als Antwort zur vorigen Frage.\n", "Antwort: Contoso GmbH\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("stderr lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Abgebrochen") {
		t.Errorf("the end of the answers is not a stop:\n%s", got)
	}
	var domains []string
	_ = casefile.Each(testmodel.Embedded(), filepath.Join(state, "cspfix", "cases"), func(s casefile.Saved) error {
		if s.Case != nil {
			domains = append(domains, s.Case.Customer.Domain)
		}
		return nil
	})
	if len(domains) != 1 || domains[0] != "contoso.com" {
		t.Errorf("saved cases of the domains %q", domains)
	}
}

// TestPipedAnswersWithoutAccessibleGetAHint: answers piped in without --accessible are read as
// a batch; when nothing in it was a case, the error says to add --accessible.
func TestPipedAnswersWithoutAccessibleGetAHint(t *testing.T) {
	e, _, errOut := testEnv("Contoso GmbH\ncontoso.com\n", nil)
	if code := run(e, []string{"diagnose"}); code != exitInvalid {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(errOut.String(), "hint: to answer the walkthrough's questions from a pipe, one answer a line, add --accessible") {
		t.Errorf("stderr:\n%s", errOut)
	}
	// A case with a value it does not allow is no answer either: no such hint.
	e, _, errOut = testEnv(`{"operation":"bogus"}`+"\n", nil)
	if code := run(e, []string{"diagnose"}); code != exitInvalid || strings.Contains(errOut.String(), "--accessible") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
	// A file of cases with one broken record is not answers: no such hint.
	e, _, errOut = testEnv(`{"id":"a"}`+"\nnot json\n", nil)
	run(e, []string{"diagnose"})
	if strings.Contains(errOut.String(), "--accessible") {
		t.Errorf("stderr:\n%s", errOut)
	}
}

// TestPipedEnglishWordsUnderGerman: under --lang de an option may be named by its English
// words, at every question (the review's "request" for what the customer saw).
func TestPipedEnglishWordsUnderGerman(t *testing.T) {
	state := t.TempDir()
	in := "customer accepting\nadmin center\nPlease reach out to your Partner to confirm your acceptance of the Microsoft Customer Agreement.\n" +
		"refusal\nContoso GmbH\n"
	e, _, errOut := testEnv(in, map[string]string{"XDG_STATE_HOME": state})
	if code := run(e, []string{"diagnose", "--accessible", "--lang", "de"}); code != exitOK {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
	var saw []string
	_ = casefile.Each(testmodel.Embedded(), filepath.Join(state, "cspfix", "cases"), func(s casefile.Saved) error {
		if s.Case != nil {
			saw = append(saw, testmodel.Embedded().FieldAt("answers.customer_saw").Value(s.Case))
		}
		return nil
	})
	if len(saw) != 1 || saw[0] != "already_has_partner" {
		t.Errorf("what the customer saw: %q\n%s", saw, errOut)
	}
}
