// Package diagnose holds the case model, its strict decoding, the tenant-ID checks and the
// diagnosis rules. It has no UI dependencies: it is a plain library, usable without a terminal.
package diagnose

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/cspfix/cspfix/scenarios"
)

// Case is one customer's situation: the facts of the failed attempt and the answers to the
// diagnosis questions. Every field is optional; the JSON keys are stable.
type Case struct {
	ID           string   `json:"id,omitempty"`
	Customer     Customer `json:"customer"`
	Partner      Partner  `json:"partner"`
	ErrorMessage string   `json:"error_message,omitempty"`
	Attempts     []Time   `json:"attempts,omitempty"`
	Answers      Answers  `json:"answers"`
	Tried        []Tried  `json:"tried,omitempty"`
	Notes        string   `json:"notes,omitempty"`
	// RetryAt is when to try again, set when a walkthrough was paused to wait (scenario D).
	RetryAt *Time `json:"retry_at,omitempty"`
	// Schema is where an editor finds the case file's JSON Schema; cspfix keeps it, unread.
	Schema string `json:"$schema,omitempty"`
}

// Customer identifies the customer's tenant. TenantID is the ID entered in Partner Center;
// ConfirmedTenantID is the one the customer read out of their admin center.
type Customer struct {
	Name              string `json:"name,omitempty"`
	Domain            string `json:"domain,omitempty"`
	TenantID          string `json:"tenant_id,omitempty"`
	ConfirmedTenantID string `json:"confirmed_tenant_id,omitempty"`
	Country           string `json:"country,omitempty"`
}

// Partner is the reseller running the diagnosis.
type Partner struct {
	Name             string `json:"name,omitempty"`
	PartnerID        string `json:"partner_id,omitempty"`
	IndirectProvider string `json:"indirect_provider,omitempty"`
	Country          string `json:"country,omitempty"`
}

// Answers are the results of the conversation with the customer and of the reseller's own checks.
type Answers struct {
	OtherCSP                   Answer `json:"other_csp,omitempty"`
	DirectMicrosoft            Answer `json:"direct_microsoft,omitempty"`
	EarlierRelationshipWithYou Answer `json:"earlier_relationship_with_you,omitempty"`
	InvitationPending          Answer `json:"invitation_pending,omitempty"`
	RecentChange               Answer `json:"recent_change,omitempty"`
	RecentChangeAt             *Time  `json:"recent_change_at,omitempty"`
	CRMDuplicates              Answer `json:"crm_duplicates,omitempty"`
	PartnerCenterSearch        Search `json:"partner_center_search,omitempty"`
	ProviderHasRelationship    Answer `json:"provider_has_relationship,omitempty"`
}

// Tried records a scenario whose remediation was done without fixing the error.
type Tried struct {
	Scenario scenarios.ID `json:"scenario"`
	At       *Time        `json:"at,omitempty"`
	Note     string       `json:"note,omitempty"`
}

// UnmarshalJSON accepts only the scenarios whose remediation can be tried: A to D.
func (t *Tried) UnmarshalJSON(data []byte) error {
	type plain Tried
	var p plain
	if err := strictUnmarshal(data, &p); err != nil {
		return err
	}
	switch p.Scenario {
	case scenarios.A, scenarios.B, scenarios.C, scenarios.D:
	default:
		return &valueError{field: "scenario", allowed: []string{"A", "B", "C", "D"}}
	}
	*t = Tried(p)
	return nil
}

// Answer is "yes", "no" or "unknown"; the zero value (missing) means unknown.
type Answer string

const (
	Unknown Answer = ""
	Yes     Answer = "yes"
	No      Answer = "no"
)

// Known reports whether the question was answered with yes or no.
func (a Answer) Known() bool { return a == Yes || a == No }

// UnmarshalJSON validates the value; "unknown" and null both decode to Unknown.
func (a *Answer) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*a = Unknown
		return nil
	}
	switch string(data) {
	case `"yes"`:
		*a = Yes
	case `"no"`:
		*a = No
	case `"unknown"`:
		*a = Unknown
	default:
		return &valueError{allowed: []string{"yes", "no", "unknown"}}
	}
	return nil
}

// Search is the result of looking the customer up in Partner Center: "found", "not_found" or
// "not_checked"; the zero value (missing) means not checked.
type Search string

const (
	NotChecked Search = ""
	Found      Search = "found"
	NotFound   Search = "not_found"
)

// UnmarshalJSON validates the value; "not_checked" and null both decode to NotChecked.
func (s *Search) UnmarshalJSON(data []byte) error {
	switch string(data) {
	case "null", `"not_checked"`:
		*s = NotChecked
	case `"found"`:
		*s = Found
	case `"not_found"`:
		*s = NotFound
	default:
		return &valueError{allowed: []string{"found", "not_found", "not_checked"}}
	}
	return nil
}

// Time is an RFC 3339 timestamp that keeps the offset it was written with.
type Time struct{ time.Time }

// UnmarshalJSON parses RFC 3339 and keeps the original offset.
func (t *Time) UnmarshalJSON(data []byte) error {
	var s string
	if len(data) == 0 || data[0] != '"' || json.Unmarshal(data, &s) != nil {
		return &valueError{time: true}
	}
	parsed, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return &valueError{time: true}
	}
	t.Time = parsed
	return nil
}

// MarshalJSON writes RFC 3339 with the original offset.
func (t Time) MarshalJSON() ([]byte, error) {
	return []byte(`"` + t.Format(time.RFC3339) + `"`), nil
}

// strictUnmarshal decodes data into v and rejects unknown keys.
func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
