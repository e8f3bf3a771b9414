package cli

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/internal/testkit/testmodel"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// The examples' outputs that no golden file pins (golden_test.go) are held here by what matters
// in them: what each case is diagnosed as, and that every format and language says it.

// exampleResult is what a result says, as -o json writes it.
type exampleResult struct {
	ID         string  `json:"id"`
	Status     string  `json:"status"`
	Scenario   *string `json:"scenario"`
	Confidence *string `json:"confidence"`
	Title      *string `json:"title"`
	Candidates []struct {
		Scenario string `json:"scenario"`
		Evidence []struct {
			Code, Text string
		} `json:"evidence"`
	} `json:"candidates"`
	Warnings []struct{ Code string } `json:"warnings"`
	Missing  []string                `json:"missing"`
	Ticket   json.RawMessage         `json:"ticket"`
}

// summary is a result in one line: "diagnosed A high | A/other_csp | W … | T"; the missing
// fields only where want asks for them.
func (r *exampleResult) summary(withMissing bool) string {
	if r.Status == "invalid" {
		return "invalid"
	}
	s := r.Status
	if r.Scenario != nil {
		s += " " + *r.Scenario
	}
	if r.Confidence != nil {
		s += " " + *r.Confidence
	}
	var ev, warn []string
	for _, c := range r.Candidates {
		for _, e := range c.Evidence {
			ev = append(ev, c.Scenario+"/"+e.Code)
		}
	}
	for _, w := range r.Warnings {
		warn = append(warn, w.Code)
	}
	s += " | " + strings.Join(ev, " ") + " | W " + strings.Join(warn, " ")
	if withMissing {
		s += " | M " + strings.Join(r.Missing, " ")
	}
	if string(r.Ticket) != "null" {
		s += " | T"
	}
	return s
}

// exampleResults are the examples' diagnoses, by input file and record: the cause, its
// confidence, the evidence by scenario, the warnings, and, for the incomplete ones, what to find
// out first.
var exampleResults = map[string][]string{
	"a-other-partner.json":          {"diagnosed A high | A/other_csp | W "},
	"a-acceptance-refused.json":     {"diagnosed A high | A/other_csp A/acceptance_blocked_other_partner | W "},
	"b-platform-record.json":        {"diagnosed B high | B/platform_record_exists | W "},
	"f-agreement-confirmation.json": {"diagnosed F high | F/agreement_confirmation_requested B/invitation_pending A/other_csp | W "},
	"g-name-taken.json":             {"diagnosed G high | G/tenant_name_taken G/create_tenant_after_failed_attempt | W "},
	"a-syndication.json":            {"diagnosed A high | A/other_partner_syndication | W "},
	"a-your-provider.json":          {"diagnosed A high | A/other_partner_is_your_provider A/provider_has_relationship | W "},
	"b-invitation-accepted.json":    {"diagnosed B medium | B/invitation_accepted_recently D/recent_change_no_time | W earlier_relationship_not_in_list"},
	"b-pending-invitation.json":     {"diagnosed B high | B/invitation_pending C/crm_duplicates_no_confirmed_id | W "},
	"c-new-tenant.json":             {"diagnosed C medium | C/confirmed_tenant_id_invalid C/new_tenant D/recent_change_no_time | W different_region"},
	"c-wrong-tenant-id.json":        {"diagnosed C high | C/tenant_id_invisible_chars | W "},
	"d-change-after-attempt.json":   {"diagnosed D medium | D/change_after_last_attempt | W "},
	"d-recent-change.json":          {"diagnosed D high | D/recent_change A/other_partner_being_removed | W "},
	"e-support.json":                {"diagnosed E high | D/recent_change_within_72h | W  | T"},
	"b-looked-up.json":              {"diagnosed B high | B/pc_relationship_reseller B/contract_found D/gdap_ended_recently | W "},
	"incomplete.json": {"incomplete |  | W  | M customer.confirmed_tenant_id answers.partner_center_search answers.invitation_pending " +
		"answers.earlier_relationship_with_you answers.crm_duplicates answers.direct_microsoft"},
	"resolved.json":      {"resolved D | D/recent_change | W time_in_future"},
	"ticket-opened.json": {"diagnosed E high | D/recent_change_within_72h | W  | T"},
	"batch.jsonl": {
		"diagnosed B high | B/partner_center_found C/tenant_id_formatting | W ",
		"diagnosed C high | C/tenant_id_is_domain | W ",
		"invalid",
		"diagnosed B high | B/invitation_pending A/other_csp | W ",
		"incomplete |  | W different_region time_in_future | M customer.tenant_id customer.confirmed_tenant_id answers.partner_center_search " +
			"answers.invitation_pending answers.earlier_relationship_with_you answers.crm_duplicates answers.other_csp answers.direct_microsoft answers.recent_change",
	},
	"crm-export.csv": {
		"diagnosed C high | C/tenant_id_mismatch | W ",
		"diagnosed C high | C/tenant_id_is_domain | W ",
		"diagnosed A high | A/other_csp | W ",
		"diagnosed B high | B/partner_center_found B/invitation_pending B/earlier_relationship_with_you | W time_in_future",
		"diagnosed A high | A/other_csp D/recent_change_no_time | W time_in_future",
		"diagnosed E high |  | W  | T",
		"diagnosed C medium | C/crm_duplicates_no_confirmed_id B/crm_duplicates | W time_in_future",
		"diagnosed C medium | C/tenant_id_formatting | W time_in_future",
		"invalid",
		"diagnosed A medium | A/direct_microsoft | W ",
	},
}

// diagnoseExample runs diagnose on an example and returns its exit code and standard output.
func diagnoseExample(t *testing.T, name, lang, format string) (int, string) {
	t.Helper()
	e, out, _ := testEnv("", nil)
	code := run(e, []string{"diagnose", "--answers", filepath.Join("../../../examples", name), "--lang", lang, "-o", format,
		"--now", "2026-11-20T12:00:00+01:00", "--tz", "Europe/Berlin"})
	return code, out.String()
}

func exampleResultsOf(t *testing.T, jsonl string) []exampleResult {
	t.Helper()
	var out []exampleResult
	for _, line := range strings.Split(strings.TrimSuffix(jsonl, "\n"), "\n") {
		var r exampleResult
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		out = append(out, r)
	}
	return out
}

// TestExamplesDiagnosed: every example is diagnosed as it is meant to be, the same in both
// languages, each text of its result in the language asked for.
func TestExamplesDiagnosed(t *testing.T) {
	examples, _ := filepath.Glob("../../../examples/*")
	if len(examples) != len(exampleResults) {
		t.Errorf("%d examples, %d described here", len(examples), len(exampleResults))
	}
	for name, want := range exampleResults {
		t.Run(name, func(t *testing.T) {
			var english []exampleResult
			for _, lang := range []string{"en", "de"} {
				code, out := diagnoseExample(t, name, lang, "json")
				if wantCode := map[bool]int{true: exitInvalid, false: exitOK}[slices.Contains(want, "invalid")]; code != wantCode {
					t.Fatalf("%s: exit %d, want %d", lang, code, wantCode)
				}
				results := exampleResultsOf(t, out)
				if len(results) != len(want) {
					t.Fatalf("%s: %d results, want %d", lang, len(results), len(want))
				}
				for i, r := range results {
					if got := r.summary(strings.Contains(want[i], "| M ")); got != want[i] {
						t.Errorf("%s, %s:\n got %s\nwant %s", lang, r.ID, got, want[i])
					}
				}
				if lang == "en" {
					english = results
					continue
				}
				// The texts are German, the codes and values the same.
				for i, r := range results {
					if r.Title != nil && *r.Title == *english[i].Title {
						t.Errorf("%s: the title is not in German: %s", r.ID, *r.Title)
					}
					for j, c := range r.Candidates {
						for k, e := range c.Evidence {
							if e.Text == english[i].Candidates[j].Evidence[k].Text {
								t.Errorf("%s: evidence %s not in German: %s", r.ID, e.Code, e.Text)
							}
						}
					}
				}
			}
		})
	}
}

// TestExamplesInEveryFormat: text, Markdown and CSV say for each example, in each language, what
// the JSON says: the cause and its title in that language, or that the case is incomplete.
func TestExamplesInEveryFormat(t *testing.T) {
	cat := testmodel.Embedded().Catalog
	for name := range exampleResults {
		for _, lang := range []scenarios.Lang{scenarios.EN, scenarios.DE} {
			_, js := diagnoseExample(t, name, string(lang), "json")
			results := exampleResultsOf(t, js)
			for _, format := range []string{"text", "markdown", "csv"} {
				code, out := diagnoseExample(t, name, string(lang), format)
				if code != exitOK && code != exitInvalid || out == "" {
					t.Errorf("%s %s %s: exit %d, %d bytes", name, lang, format, code, len(out))
					continue
				}
				for _, r := range results {
					if !strings.Contains(out, r.ID) {
						t.Errorf("%s %s %s: %s is not named", name, lang, format, r.ID)
					}
					if r.Scenario == nil {
						continue
					}
					s, _ := cat.Scenario(*r.Scenario)
					if title := s.Title.In(lang); !strings.Contains(out, title) {
						t.Errorf("%s %s %s: the title of %s (%q) is missing", name, lang, format, *r.Scenario, title)
					}
				}
				if format == "csv" {
					rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
					if err != nil || len(rows) != len(results)+1 || rows[0][0] != "id" {
						t.Errorf("%s %s: CSV of %d rows for %d results (%v)", name, lang, len(rows), len(results), err)
					}
				}
			}
		}
	}
}

// firstWords is the start of a text, up to 40 characters: enough to know it by, and short enough
// to stay on the first line of the paragraph the output wraps it into.
func firstWords(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40])
	}
	return s
}

// TestExampleMessages: the message of every example, in each language, is the one its result
// calls for: the scenario's next steps for the customer, with the invitation link only where
// the scenario's steps end with it, or the open questions.
func TestExampleMessages(t *testing.T) {
	cat := testmodel.Embedded().Catalog
	for name, want := range exampleResults {
		if !strings.HasSuffix(name, ".json") || name == "resolved.json" {
			continue // several cases, or nothing to write (TestMessageSkips)
		}
		for _, lang := range []scenarios.Lang{scenarios.EN, scenarios.DE} {
			e, out, errOut := testEnv("", deskConfig)
			if code := run(e, []string{"message", "--answers", filepath.Join("../../../examples", name), "--customer-lang", string(lang),
				"--invitation-url", invitationURL, testNowFlag}); code != exitOK || errOut.Len() > 0 {
				t.Errorf("%s %s: exit %d: %s", name, lang, code, errOut)
				continue
			}
			fields := strings.Fields(want[0])
			if fields[0] != "diagnosed" {
				if q, _ := cat.Question("customer.confirmed_tenant_id"); !strings.Contains(out.String(), firstWords(q.Customer.In(lang))) {
					t.Errorf("%s %s: the questions lack the tenant ID's:\n%s", name, lang, out)
				}
				continue
			}
			s, _ := cat.Scenario(fields[1])
			intro := strings.Contains(out.String(), firstWords(s.Customer.Intro.In(lang)))
			for _, other := range s.Customer.Intros {
				intro = intro || strings.Contains(out.String(), firstWords(other.In(lang)))
			}
			if !intro {
				t.Errorf("%s %s: not the next steps of %s:\n%s", name, lang, s.ID, out)
			}
			// The link is at the end only where a step of the scenario says it is.
			here, _ := cat.Lookup(txt.MessageInvitationLinkHere, lang)
			if linked := strings.Contains(out.String(), invitationURL); linked != strings.Contains(strings.Join(strings.Fields(out.String()), " "), here) || linked && !s.InvitationLink {
				t.Errorf("%s %s: the invitation link is there: %v; the scenario ends with it: %v\n%s", name, lang, linked, s.InvitationLink, out)
			}
		}
	}
}

// TestIncompleteTicket: a ticket of a case that lacks what support needs marks each missing
// fact, with its field.
func TestIncompleteTicket(t *testing.T) {
	e, out, _ := testEnv("", nil)
	if code := run(e, []string{"ticket", "--answers", "../../../examples/incomplete.json", testNowFlag}); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"[missing: please add]", "- Missing: Error message (error_message).", "- Missing: Failed attempts (attempts)."} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the ticket lacks %q:\n%s", want, out)
		}
	}
}
