package diagnose

import (
	"github.com/cspfix/cspfix/scenarios"
)

// Status of one result.
type Status string

const (
	Diagnosed  Status = "diagnosed"
	Incomplete Status = "incomplete"
	Resolved   Status = "resolved" // the case's outcome says it was fixed
	Invalid    Status = "invalid"
)

// Confidence of a scenario: the strength of its strongest evidence.
type Confidence string

const (
	Medium Confidence = "medium"
	High   Confidence = "high"
)

func (c Confidence) rank() int {
	switch c {
	case High:
		return 2
	case Medium:
		return 1
	}
	return 0
}

// Note is a piece of evidence or a warning: a stable code and a sentence in the chosen language.
type Note struct {
	Code string `json:"code"`
	Text string `json:"text"`
	// Fixed says that Text is the rule's own, the same for every case (it names none of the
	// case's facts): a writer may keep what it made of it for the next result.
	Fixed bool `json:"-"`
}

// Candidate is a scenario with evidence for it.
type Candidate struct {
	Scenario   scenarios.ID `json:"scenario"`
	Confidence Confidence   `json:"confidence"`
	Tried      bool         `json:"tried"`
	Evidence   []Note       `json:"evidence"`
}

// Result is the diagnosis of one record; render writes it (as JSON with stable keys whatever the
// language). An invalid record carries only ID, Status and Error.
type Result struct {
	ID         string
	Status     Status
	Scenario   scenarios.ID
	Confidence Confidence
	Title      string
	// KnownError is the code of the known error text the case's error message is (README "The
	// error text and where it failed"), "" for none or a text the catalog does not know.
	KnownError string
	Candidates []Candidate
	Steps      []string
	Missing    []string
	Warnings   []Note
	Ticket     *Ticket
	Error      *InputError

	// Case is the record the result is about, a copy of its own (nil for an invalid record).
	Case *Case

	// found and warned keep the findings, so that they can be written in another language (the
	// ticket's); facts are what the rules saw.
	found, warned []evidence
	facts         *facts

	// own, notes and text are memory DiagnoseInto reuses: the case's copy with its facts, the
	// notes the candidates' evidence shares, and where the notes' texts are filled in.
	own   *diagnosis
	notes []Note
	text  []byte
	held  []bool // which rules hold
}
