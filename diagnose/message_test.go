package diagnose

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

func testMessage(t *testing.T, js string, o MessageOptions) (*CustomerMessage, txt.Key) {
	t.Helper()
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow,
		Desk: Desk{Partner: Partner{Name: "Fabrikam IT"}, Contact: Contact{Name: "Jana Roth", Email: "jana@fabrikam.example"}}}
	r := e.Diagnose(mustCase(t, js), 1)
	return e.Message(&r, o)
}

// TestEveryConversationQuestionHasTheCustomersWords: --kind questions can ask every question of
// the conversation with the customer, in both languages.
func TestEveryConversationQuestionHasTheCustomersWords(t *testing.T) {
	cat := scenarios.Embedded()
	for _, f := range Questions() {
		if f.Ask.Group != GroupConversation {
			continue
		}
		q, ok := cat.Question(f.Path)
		if !ok || q.Customer.EN == "" || q.Customer.DE == "" || q.Customer.EN == q.Customer.DE {
			t.Errorf("%s: no question for the customer in both languages", f.Path)
		}
	}
}

// TestMessageQuestionsAreTheOpenOnes: only the questions still open are asked, a follow-up on
// its own only after the answer it follows, and the tenant ID with where to find it.
func TestMessageQuestionsAreTheOpenOnes(t *testing.T) {
	cat := scenarios.Embedded()
	ask := func(path string) string { q, _ := cat.Question(path); return q.Customer.EN }
	tests := []struct {
		name, js string
		want     []string
	}{
		{"nothing known", `{}`, []string{ask("answers.other_csp"), ask("answers.direct_microsoft"),
			ask("answers.earlier_relationship_with_you"), ask("answers.invitation_pending"), ask("answers.recent_change"),
			ask("customer.confirmed_tenant_id")}},
		{"everything answered", `{` + allAnswered + `}`, nil},
		{"follow-ups after yes", `{"customer":{"confirmed_tenant_id":"` + goodID + `"},"answers":{"other_csp":"yes","direct_microsoft":"no",
			"earlier_relationship_with_you":"no","invitation_pending":"no","recent_change":"yes","change_kind":"partner_removed"}}`,
			[]string{ask("answers.other_partner_kind"), ask("answers.recent_change_at")}},
		{"a confirmed ID that is none is asked again", `{"customer":{"confirmed_tenant_id":"contoso.de"},"answers":{"other_csp":"no",
			"direct_microsoft":"no","earlier_relationship_with_you":"no","invitation_pending":"no","recent_change":"no"}}`,
			[]string{ask("customer.confirmed_tenant_id")}},
	}
	for _, tt := range tests {
		m, skip := testMessage(t, tt.js, MessageOptions{Kind: MessageQuestions})
		if tt.want == nil {
			if m != nil || skip != txt.MessageSkipNothingToAsk {
				t.Errorf("%s: want no message (nothing to ask), got %v %q", tt.name, m, skip)
			}
			continue
		}
		if m == nil {
			t.Fatalf("%s: no message: %s", tt.name, skip)
		}
		if got, want := strings.Join(m.Items, "\n"), strings.Join(tt.want, "\n"); got != want {
			t.Errorf("%s: asks\n%s\nwant\n%s", tt.name, got, want)
		}
	}
	m, _ := testMessage(t, `{}`, MessageOptions{Kind: MessageQuestions})
	if !strings.Contains(strings.Join(m.Items, " "), "entra.microsoft.com") {
		t.Errorf("the tenant ID question says where to find it: %q", m.Items)
	}
}

// TestMessageNextStepsFollowTheCase: each scenario's steps for the customer, with the case's
// facts; D names the retry time, E the request number when it is recorded.
func TestMessageNextStepsFollowTheCase(t *testing.T) {
	change := testNow.Add(-time.Hour)
	tests := []struct {
		name, js string
		scenario scenarios.ID
		want     string
		not      string
	}{
		{"A", `{"answers":{"other_csp":"yes","other_partner_kind":"syndication"}}`, "A", "syndication partner", "several partners at the same time"},
		{"B", `{"answers":{"invitation_pending":"yes"}}`, "B", "invitation e-mail", ""},
		{"B from a distributor's record", `{"error_message":` + jsonString(platformRecordText) + `}`, "B", "Once our distributor has corrected the record", "invitation"},
		{"C without the ID", `{"customer":{"tenant_id":"` + goodID + `x"}}`, "C", "Entra ID → Overview → Properties", "Thank you for your tenant ID"},
		{"C with the ID", `{"customer":{"tenant_id":"x` + goodID[1:] + `","confirmed_tenant_id":"` + goodID + `"}}`, "C", "Thank you for your tenant ID " + goodID, "Entra ID →"},
		{"D with its time", `{"attempts":["` + change.Add(30*time.Minute).Format(time.RFC3339) + `"],"answers":{"recent_change":"yes","recent_change_at":"` + change.Format(time.RFC3339) + `"}}`,
			"D", "We will try again on " + customerTime(testModel.Catalog, change.Add(4*time.Hour), scenarios.EN), "when exactly"},
		{"D with the retry time the desk chose", `{"attempts":["` + change.Add(30*time.Minute).Format(time.RFC3339) + `"],"answers":{"recent_change":"yes","recent_change_at":"` +
			change.Format(time.RFC3339) + `"},"retry_at":"` + testNow.Add(20*time.Hour).Format(time.RFC3339) + `"}`,
			"D", "We will try again on " + customerTime(testModel.Catalog, testNow.Add(20*time.Hour), scenarios.EN), customerTime(testModel.Catalog, change.Add(4*time.Hour), scenarios.EN)},
		{"D with a chosen retry time that has passed", `{"attempts":["` + change.Add(30*time.Minute).Format(time.RFC3339) + `"],"answers":{"recent_change":"yes","recent_change_at":"` +
			change.Format(time.RFC3339) + `"},"retry_at":"` + testNow.Add(-time.Minute).Format(time.RFC3339) + `"}`,
			"D", "We will try again shortly", FormatLocal(change.Add(4 * time.Hour))},
		{"D without its time", `{"answers":{"recent_change":"yes","change_kind":"partner_removed"}}`, "D", "when exactly (date and time)", "We will try again on"},
		{"E with the request", `{` + allAnswered + `,"outcome":{"status":"ticket_opened","reference":"2611230040001234"}}`, "E", "its reference number is 2611230040001234", "will send you"},
		{"E without", `{` + allAnswered + `}`, "E", "will send you its reference number", "is {reference}"},
	}
	for _, tt := range tests {
		m, skip := testMessage(t, tt.js, MessageOptions{})
		if m == nil {
			t.Fatalf("%s: no message: %s", tt.name, skip)
		}
		all := strings.Join(m.Items, "\n")
		if m.Kind != MessageNextSteps || m.Scenario != tt.scenario || !strings.Contains(all, tt.want) ||
			tt.not != "" && strings.Contains(all, tt.not) {
			t.Errorf("%s: %s %s\n%s\nwant %q, not %q", tt.name, m.Kind, m.Scenario, all, tt.want, tt.not)
		}
	}
	// The intro says where the error comes from: a distributor's record is no open invitation.
	for js, want := range map[string]string{
		`{"error_message":` + jsonString(platformRecordText) + `}`: "our distributor's ordering system",
		`{"answers":{"invitation_pending":"yes"}}`:                 "an invitation from us to your tenant was not accepted",
	} {
		if m, skip := testMessage(t, js, MessageOptions{}); m == nil || !strings.Contains(strings.Join(m.Intro, " "), want) {
			t.Errorf("%s: the intro lacks %q (%v): %v", js, want, skip, m)
		}
	}
}

func TestMessageWhenThereIsNoneToWrite(t *testing.T) {
	tests := []struct {
		name, js string
		kind     MessageKind
		want     txt.Key
	}{
		{"resolved", `{"outcome":{"status":"fixed"}}`, "", txt.MessageSkipResolved},
		{"next steps before a diagnosis", `{}`, MessageNextSteps, txt.MessageSkipNoScenario},
		{"no questions left", `{` + allAnswered + `}`, MessageQuestions, txt.MessageSkipNothingToAsk},
	}
	for _, tt := range tests {
		if m, skip := testMessage(t, tt.js, MessageOptions{Kind: tt.kind}); m != nil || skip != tt.want {
			t.Errorf("%s: got %v %q, want %q", tt.name, m, skip, tt.want)
		}
	}
}

// TestMessageLinkLanguageAndSignature: the invitation link goes where accepting it is a step, the
// message is in the customer's language, and the desk's setup signs it.
func TestMessageLinkLanguageAndSignature(t *testing.T) {
	const url = "https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=1#/BillingAccounts/partner-invitation"
	m, _ := testMessage(t, `{"answers":{"invitation_pending":"yes"}}`, MessageOptions{Lang: scenarios.DE, InvitationURL: url})
	if m.Link != url || m.LinkIntro == "" || m.Lang != scenarios.DE || !strings.Contains(m.Subject, "nächsten Schritte") {
		t.Errorf("B in German with the link: %+v", m)
	}
	if got := strings.Join(m.Signature, "|"); got != "Jana Roth|Fabrikam IT|jana@fabrikam.example" {
		t.Errorf("signature %q", got)
	}
	m, _ = testMessage(t, `{`+allAnswered+`}`, MessageOptions{InvitationURL: url})
	if m.Scenario != "E" || m.Link != "" {
		t.Errorf("E has no invitation to accept: %s %q", m.Scenario, m.Link)
	}
	m, _ = testMessage(t, `{}`, MessageOptions{InvitationURL: url})
	if m.Kind != MessageQuestions || m.Link != "" {
		t.Errorf("the questions come before any invitation: %s %q", m.Kind, m.Link)
	}
}

// TestEveryCustomerStepIsReachable: no step for the customer has conditions that never hold.
func TestEveryCustomerStepIsReachable(t *testing.T) {
	cases := []string{
		`{"answers":{"other_csp":"yes"}}`,
		`{"answers":{"other_csp":"yes","other_partner_kind":"syndication"}}`,
		`{"answers":{"invitation_pending":"yes"}}`,
		`{"customer":{"tenant_id":"x"}}`,
		`{"customer":{"tenant_id":"x","confirmed_tenant_id":"` + goodID + `"}}`,
		`{"answers":{"recent_change":"yes"}}`,
		`{"answers":{"recent_change":"yes","recent_change_at":"` + at(time.Hour) + `"}}`,
		`{` + allAnswered + `}`,
		`{` + allAnswered + `,"outcome":{"status":"ticket_opened","reference":"1"}}`,
		`{` + allAnswered + `,"partner":{"indirect_provider":"N"},"outcome":{"status":"ticket_opened","reference":"1"}}`,
		`{` + allAnswered + `,"partner":{"indirect_provider":"N"},"outcome":{"status":"ticket_opened"}}`,
		`{"error_message":` + jsonString(confirmAgreementText) + `}`,
		`{"error_message":` + jsonString(subdomainInUseText) + `}`,
		`{"error_message":` + jsonString(platformRecordText) + `}`,
	}
	shown := map[string]bool{}
	for _, js := range cases {
		if m, _ := testMessage(t, js, MessageOptions{Kind: MessageNextSteps}); m != nil {
			for _, it := range m.Items {
				shown[it] = true
			}
		}
	}
	for _, s := range scenarios.Embedded().Scenarios {
		for i, st := range s.Customer.Steps {
			if !scenarios.HasPlaceholders(st.EN) && !shown[st.EN] {
				t.Errorf("%s customer step %d is never shown: %.60s…", s.ID, i+1, st.EN)
			}
		}
	}
}

func TestCheckInvitationURL(t *testing.T) {
	good := []string{
		"https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=a1b2c3&msppId=0&DAP=true#/BillingAccounts/partner-invitation",
		"https://ADMIN.microsoft.com/Adminportal/Home?invType=ResellerRelationship",
		"https://admin.cloud.microsoft/?invType=ResellerRelationship",
		"https://portal.office365.us/Adminportal/Home?invType=ResellerRelationship",
	}
	bad := []string{
		"http://admin.microsoft.com/Adminportal/Home",
		"https://admin.microsoft.com.evil.example/Adminportal",
		"https://evil.example/?admin.microsoft.com",
		"https://user@admin.microsoft.com/",
		"https://admin.microsoft.com:8443/",
		"https://admin.microsoft.com/a b",
		"https://admin.microsoft.com/\r\nBcc: x@y.z",
		"https://admin.microsoft.com/<script>",
		"https://admin.microsoft.com/\u202e",
		"javascript:alert(1)",
		"admin.microsoft.com/Adminportal",
		"https://admin.microsoft.com/" + strings.Repeat("a", 2000),
		"",
	}
	for _, s := range good {
		if _, err := CheckInvitationURL(s); err != nil {
			t.Errorf("%q refused: %v", s, err)
		}
	}
	for _, s := range bad {
		if _, err := CheckInvitationURL(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

// FuzzCheckInvitationURL: a link that is accepted is an https address on a Microsoft admin host
// with nothing in it that could break a line or a Markdown link.
func FuzzCheckInvitationURL(f *testing.F) {
	f.Add("https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=1#/BillingAccounts/partner-invitation")
	f.Add("https://admin.microsoft.com.evil.example/")
	f.Add("https://admin.microsoft.com@evil.example/")
	f.Add("https://admin.microsoft.com\\@evil.example/")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := CheckInvitationURL(s)
		if err != nil {
			return
		}
		u, perr := url.Parse(got)
		if perr != nil || u.Scheme != "https" || !slices.Contains(invitationHosts, strings.ToLower(u.Hostname())) ||
			strings.ContainsAny(got, " \t\r\n<>\"\\") {
			t.Fatalf("accepted %q", got)
		}
	})
}

// TestMessageNeverPromisesALinkThatIsNotThere: B's message points to the invitation link "at
// the end of this message" only when the message ends with it.
func TestMessageNeverPromisesALinkThatIsNotThere(t *testing.T) {
	e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
	c := mustCase(t, `{"customer":{"tenant_id":"`+goodID+`"},"answers":{"invitation_pending":"yes"}}`)
	r := e.Diagnose(c, 1)
	for _, tt := range []struct {
		link string
		lang scenarios.Lang
		want string
		not  string
	}{
		{"", scenarios.EN, "(in our invitation e-mail)", "end of this message"},
		{"", scenarios.DE, "(aus unserer Einladungs-E-Mail)", "Ende dieser Nachricht"},
		{"https://admin.microsoft.com/x", scenarios.EN, "(in our invitation e-mail, or at the end of this message)", ""},
		{"https://admin.microsoft.com/x", scenarios.DE, "(aus unserer Einladungs-E-Mail oder am Ende dieser Nachricht)", ""},
	} {
		m, _ := e.Message(&r, MessageOptions{Lang: tt.lang, InvitationURL: tt.link})
		got := strings.Join(m.Items, "\n")
		if !strings.Contains(got, tt.want) || tt.not != "" && strings.Contains(got, tt.not) {
			t.Errorf("link %q, %s: %s", tt.link, tt.lang, got)
		}
		if (m.Link != "") != (tt.link != "") {
			t.Errorf("link %q: the message ends with %q", tt.link, m.Link)
		}
	}
}

// TestMessageQuotesOnlyTheErrorItIsAbout: the message to the customer quotes the error cspfix is
// about only when that is the case's error (or none is known); a new tenant opens with its own
// words.
func TestMessageQuotesOnlyTheErrorItIsAbout(t *testing.T) {
	for _, tt := range []struct{ js, want, not string }{
		{`{"error_message":"Partner relation does not work because it is already existing","answers":{"invitation_pending":"yes"}}`,
			"rejects our request with the message", ""},
		{`{"error_message":` + jsonString(platformRecordText) + `}`, "Our request has not gone through yet.", "rejects our request"},
		{`{"error_message":` + jsonString(subdomainInUseText) + `}`, "set up a new Microsoft 365 tenant for you", "partner relationship with your"},
	} {
		m, _ := testMessage(t, tt.js, MessageOptions{Kind: MessageNextSteps})
		if m == nil {
			t.Fatalf("%s: no message", tt.js)
		}
		lead := m.Intro[0]
		if !strings.Contains(lead, tt.want) || tt.not != "" && strings.Contains(lead, tt.not) {
			t.Errorf("%s: lead %q", tt.js, lead)
		}
	}
}

// TestMessageWithoutASignerHasAPlaceholder: with no contact and no partner name set, the message
// ends with a line in brackets for the desk to fill in, not a bare "Kind regards".
func TestMessageWithoutASignerHasAPlaceholder(t *testing.T) {
	for lang, want := range map[scenarios.Lang]string{scenarios.EN: "[your name]", scenarios.DE: "[Ihr Name]"} {
		e := &Engine{Model: testModel, Lang: scenarios.EN, Now: testNow}
		r := e.Diagnose(mustCase(t, `{"answers":{"invitation_pending":"yes"}}`), 1)
		m, skip := e.Message(&r, MessageOptions{Lang: lang})
		if m == nil {
			t.Fatal(skip)
		}
		if got := strings.Join(m.Signature, "|"); got != want {
			t.Errorf("%s: signature %q, want %q", lang, got, want)
		}
	}
}

// TestMessageSubjectFitsANewTenant: the next steps for a new tenant are not about a partner
// relationship, and their subject says so; other scenarios keep the usual subject.
func TestMessageSubjectFitsANewTenant(t *testing.T) {
	for js, want := range map[string]string{
		`{"error_message":` + jsonString(subdomainInUseText) + `}`:        "Your new Microsoft 365 tenant: the next steps",
		`{"answers":{"other_csp":"yes","other_partner_kind":"reseller"}}`: "Our partner relationship in Microsoft 365: the next steps",
	} {
		m, _ := testMessage(t, js, MessageOptions{Kind: MessageNextSteps})
		if m == nil || m.Subject != want {
			t.Errorf("%s: subject %+v, want %q", js, m, want)
		}
	}
}
