package walkthrough

import (
	"strings"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/scenarios"
)

// kind says how a question is asked and stored.
type kind int

const (
	kindText     kind = iota // free text
	kindTenantID             // free text, checked as a tenant ID
	kindTime                 // a time, stored as RFC 3339
	kindAnswer               // yes / no / unknown
	kindSearch               // found / not found / not checked
)

// question is one step of the walkthrough. Its ID is the field path of the case file, the same
// as in the catalog, the results and the batch mode.
type question struct {
	id    string
	kind  kind
	group int
	// applies says whether to ask at all: follow-up questions depend on earlier answers.
	applies func(c *diagnose.Case) bool
	// get and set read and write the field in the case.
	get func(c *diagnose.Case) string
	set func(c *diagnose.Case, v string)
}

// Groups, in the order of the guide: the failed attempt, the conversation with the customer, the
// reseller's own systems.
const (
	groupCase = iota
	groupConversation
	groupOwnSystems
)

func always(*diagnose.Case) bool { return true }

// freeText is a free-text question; white space around the answer is dropped.
func freeText(id string, group int, field func(*diagnose.Case) *string) question {
	return question{id: id, kind: kindText, group: group, applies: always,
		get: func(c *diagnose.Case) string { return *field(c) },
		set: func(c *diagnose.Case, v string) { *field(c) = strings.TrimSpace(v) }}
}

// tenantID is a tenant-ID question. The ID is kept exactly as entered: its flaws are evidence.
func tenantID(id string, group int, field func(*diagnose.Case) *string) question {
	return question{id: id, kind: kindTenantID, group: group, applies: always,
		get: func(c *diagnose.Case) string { return *field(c) },
		set: func(c *diagnose.Case, v string) { *field(c) = v }}
}

// answer is a yes/no/unknown question.
func answer(id string, group int, applies func(*diagnose.Case) bool, field func(*diagnose.Case) *diagnose.Answer) question {
	return question{id: id, kind: kindAnswer, group: group, applies: applies,
		get: func(c *diagnose.Case) string { return string(*field(c)) },
		set: func(c *diagnose.Case, v string) { *field(c) = diagnose.Answer(v) }}
}

// moment is a time question; field returns where the parsed time goes.
func moment(id string, group int, applies func(*diagnose.Case) bool, get func(*diagnose.Case) *diagnose.Time, put func(*diagnose.Case, diagnose.Time)) question {
	return question{id: id, kind: kindTime, group: group, applies: applies,
		get: func(c *diagnose.Case) string {
			if t := get(c); t != nil {
				return t.Format(time.RFC3339)
			}
			return ""
		},
		set: func(c *diagnose.Case, v string) {
			if t, err := time.Parse(time.RFC3339, v); err == nil {
				put(c, diagnose.Time{Time: t})
			}
		}}
}

// questions in the order they are asked.
var questions = []question{
	freeText("customer.name", groupCase, func(c *diagnose.Case) *string { return &c.Customer.Name }),
	freeText("customer.domain", groupCase, func(c *diagnose.Case) *string { return &c.Customer.Domain }),
	tenantID("customer.tenant_id", groupCase, func(c *diagnose.Case) *string { return &c.Customer.TenantID }),
	freeText("partner.partner_id", groupCase, func(c *diagnose.Case) *string { return &c.Partner.PartnerID }),
	freeText("partner.indirect_provider", groupCase, func(c *diagnose.Case) *string { return &c.Partner.IndirectProvider }),
	freeText("error_message", groupCase, func(c *diagnose.Case) *string { return &c.ErrorMessage }),
	moment("attempts", groupCase, always,
		func(c *diagnose.Case) *diagnose.Time {
			if len(c.Attempts) == 0 {
				return nil
			}
			return &c.Attempts[len(c.Attempts)-1]
		},
		func(c *diagnose.Case, t diagnose.Time) { c.Attempts = append(c.Attempts, t) }),

	answer("answers.other_csp", groupConversation, always, func(c *diagnose.Case) *diagnose.Answer { return &c.Answers.OtherCSP }),
	answer("answers.direct_microsoft", groupConversation, always, func(c *diagnose.Case) *diagnose.Answer { return &c.Answers.DirectMicrosoft }),
	answer("answers.earlier_relationship_with_you", groupConversation, always, func(c *diagnose.Case) *diagnose.Answer { return &c.Answers.EarlierRelationshipWithYou }),
	answer("answers.invitation_pending", groupConversation, always, func(c *diagnose.Case) *diagnose.Answer { return &c.Answers.InvitationPending }),
	answer("answers.recent_change", groupConversation, always, func(c *diagnose.Case) *diagnose.Answer { return &c.Answers.RecentChange }),
	moment("answers.recent_change_at", groupConversation,
		func(c *diagnose.Case) bool { return c.Answers.RecentChange == diagnose.Yes },
		func(c *diagnose.Case) *diagnose.Time { return c.Answers.RecentChangeAt },
		func(c *diagnose.Case, t diagnose.Time) { c.Answers.RecentChangeAt = &t }),
	tenantID("customer.confirmed_tenant_id", groupConversation, func(c *diagnose.Case) *string { return &c.Customer.ConfirmedTenantID }),

	answer("answers.crm_duplicates", groupOwnSystems, always, func(c *diagnose.Case) *diagnose.Answer { return &c.Answers.CRMDuplicates }),
	{id: "answers.partner_center_search", kind: kindSearch, group: groupOwnSystems, applies: always,
		get: func(c *diagnose.Case) string { return string(c.Answers.PartnerCenterSearch) },
		set: func(c *diagnose.Case, v string) { c.Answers.PartnerCenterSearch = diagnose.Search(v) }},
	answer("answers.provider_has_relationship", groupOwnSystems,
		func(c *diagnose.Case) bool { return c.Partner.IndirectProvider != "" },
		func(c *diagnose.Case) *diagnose.Answer { return &c.Answers.ProviderHasRelationship }),
}

// answered reports whether a question needs no asking again: a value is there. Unknown answers
// are asked again, so that a resumed case picks up what was found out meanwhile.
func (q question) answered(c *diagnose.Case) bool {
	v := q.get(c)
	return v != "" && v != "unknown" && v != "not_checked"
}

// options are the choices of yes/no and search questions, their values as in the case file.
func (q question) options(lang scenarios.Lang) []Option {
	switch q.kind {
	case kindAnswer:
		return []Option{
			{labels.Yes.In(lang), "yes"}, {labels.No.In(lang), "no"}, {labels.DontKnow.In(lang), "unknown"},
		}
	case kindSearch:
		return []Option{
			{labels.Found.In(lang), "found"}, {labels.NotFound.In(lang), "not_found"}, {labels.NotChecked.In(lang), "not_checked"},
		}
	}
	return nil
}
