// Package diagnose holds the case model, its strict decoding, the tenant-ID checks and the
// diagnosis rules. It has no UI dependencies: it is a plain library, usable without a terminal.
package diagnose

import (
	"time"

	"github.com/cspfix/cspfix/scenarios"
)

// Case is one customer's situation: the facts of the failed attempt and the answers to the
// diagnosis questions. Every field is optional. Its JSON form is defined by the field table
// (fields.go), which the decoder and MarshalJSON read.
type Case struct {
	ID           string
	Customer     Customer
	Partner      Partner
	ErrorMessage string
	Attempts     []Time
	Answers      Answers
	Tried        []Tried
	// Outcome is how the case ended, when it has.
	Outcome Outcome
	Notes   string
	// RetryAt is when to try again, set when a walkthrough was paused to wait (scenario D).
	RetryAt *Time
	// Schema is where an editor finds the case file's JSON Schema; cspfix keeps it, unread.
	Schema string
}

// Customer identifies the customer's tenant. TenantID is the ID entered in Partner Center;
// ConfirmedTenantID is the one the customer read out of their admin center.
type Customer struct {
	Name              string
	Domain            string
	TenantID          string
	ConfirmedTenantID string
	Country           string
}

// Partner is the reseller running the diagnosis.
type Partner struct {
	Name             string
	PartnerID        string
	IndirectProvider string
	Country          string
}

// Answers are the results of the conversation with the customer and of the reseller's own checks.
type Answers struct {
	OtherCSP                   Answer
	OtherPartnerKind           PartnerKind // counts only when OtherCSP is yes
	DirectMicrosoft            Answer
	EarlierRelationshipWithYou Answer
	InvitationPending          Answer
	RecentChange               Answer
	ChangeKind                 ChangeKind // counts only when RecentChange is yes
	RecentChangeAt             *Time
	CRMDuplicates              Answer
	PartnerCenterSearch        Search
	ProviderHasRelationship    Answer
}

// Tried records a scenario whose remediation was done without fixing the error.
type Tried struct {
	Scenario scenarios.ID
	At       *Time
	Note     string
}

// Outcome records how a case ended: fixed by the steps of a scenario, or handed to partner
// support (with the support request's number, when known). The zero value: not ended.
type Outcome struct {
	Status    OutcomeStatus
	Scenario  scenarios.ID
	Reference string
	At        *Time
}

// OutcomeStatus is "fixed" or "ticket_opened"; the zero value means the case is still open.
type OutcomeStatus string

const (
	OutcomeFixed        OutcomeStatus = "fixed"
	OutcomeTicketOpened OutcomeStatus = "ticket_opened"
)

// PartnerKind says what kind of partner the customer's other partner is: "reseller" (another
// CSP reseller), "syndication" (a syndication partner such as a telco) or "your_provider" (the
// reseller's own indirect provider); the zero value means unknown.
type PartnerKind string

const (
	PartnerReseller     PartnerKind = "reseller"
	PartnerSyndication  PartnerKind = "syndication"
	PartnerYourProvider PartnerKind = "your_provider"
)

// ChangeKind says what the recent change was; the zero value means unknown.
type ChangeKind string

const (
	ChangePartnerRemoved     ChangeKind = "partner_removed"
	ChangeInvitationAccepted ChangeKind = "invitation_accepted"
	ChangeNewTenant          ChangeKind = "new_tenant"
	ChangeOther              ChangeKind = "other"
)

// Answer is "yes", "no" or "unknown"; the zero value (missing) means unknown.
type Answer string

const (
	Unknown Answer = ""
	Yes     Answer = "yes"
	No      Answer = "no"
)

// Known reports whether the question was answered with yes or no.
func (a Answer) Known() bool { return a == Yes || a == No }

// Search is the result of looking the customer up in Partner Center: "found", "not_found" or
// "not_checked"; the zero value (missing) means not checked.
type Search string

const (
	NotChecked Search = ""
	Found      Search = "found"
	NotFound   Search = "not_found"
)

// Time is an RFC 3339 timestamp that keeps the offset it was written with.
type Time struct{ time.Time }

// MarshalJSON writes RFC 3339 with the original offset.
func (t Time) MarshalJSON() ([]byte, error) {
	return []byte(`"` + t.Format(time.RFC3339Nano) + `"`), nil
}
