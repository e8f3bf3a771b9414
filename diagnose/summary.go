package diagnose

import (
	"cmp"
	"slices"
	"strings"

	"github.com/cspfix/cspfix/scenarios"
)

// Summary counts the results of a batch (README "A summary of a batch"): how many per status,
// scenario and confidence, and which evidence, missing questions and warnings come up most.
type Summary struct {
	Cases      int
	Status     map[Status]int
	Scenario   map[scenarios.ID]int // "" for results without one
	Confidence map[Confidence]int   // "" for results without one
	Evidence   map[string]int       // code → results with that evidence for any candidate
	Missing    map[string]int       // field path → results that miss it
	Warnings   map[string]int       // code → results with that warning
	// Invalid are the first invalid records (up to MaxSummaryInvalid), so that a summary says
	// which rows to correct.
	Invalid []*Result
	// UnknownErrors counts the results whose error text cspfix does not know; UnknownErrorTexts
	// counts them by text (in one line, cut), for at most MaxSummaryTexts texts: a desk sees
	// which texts to teach cspfix next.
	UnknownErrors     int
	UnknownErrorTexts map[string]int

	model *Model // whose fields the missing ones are
}

// MaxSummaryInvalid bounds the invalid records a summary names.
const MaxSummaryInvalid = 10

// MaxSummaryTexts bounds the different unknown error texts a summary counts one by one, and
// maxSummaryText the characters of each it keeps: a batch of any size costs little.
const (
	MaxSummaryTexts = 1000
	maxSummaryText  = 120
)

// NewSummary is an empty summary of the results of the model's cases.
func (m *Model) NewSummary() *Summary {
	return &Summary{model: m, Status: map[Status]int{}, Scenario: map[scenarios.ID]int{}, Confidence: map[Confidence]int{},
		Evidence: map[string]int{}, Missing: map[string]int{}, Warnings: map[string]int{}, UnknownErrorTexts: map[string]int{}}
}

// Add counts one result.
func (s *Summary) Add(r *Result) {
	s.Cases++
	s.Status[r.Status]++
	s.Scenario[r.Scenario]++
	s.Confidence[r.Confidence]++
	for _, code := range EvidenceCodes(r) {
		s.Evidence[code]++
	}
	for _, path := range r.Missing {
		s.Missing[path]++
	}
	for _, w := range r.Warnings {
		s.Warnings[w.Code]++
	}
	if r.Status == Invalid && len(s.Invalid) < MaxSummaryInvalid {
		s.Invalid = append(s.Invalid, &Result{ID: r.ID, Status: Invalid, Error: r.Error})
	}
	if f := r.facts; f != nil && f.errorGiven && f.known < 0 {
		s.UnknownErrors++
		text := oneLineText(maskVariable(f.c.ErrorMessage))
		if _, counted := s.UnknownErrorTexts[text]; counted || len(s.UnknownErrorTexts) < MaxSummaryTexts {
			s.UnknownErrorTexts[text]++
		}
	}
}

// oneLineText is an error text in one line, its white space runs made one space, cut to
// maxSummaryText characters (with "…" where cut).
func oneLineText(s string) string {
	if len(s) > 4*maxSummaryText {
		s = s[:4*maxSummaryText] // enough bytes for the characters kept
	}
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxSummaryText {
		s = string(r[:maxSummaryText]) + "…"
	}
	return s
}

// maskVariable replaces what changes from one occurrence of an error to the next (IDs,
// timestamps, long numbers: a word with eight digits or more) with "…", the catalog's mark for
// such a gap, so that a summary counts one unknown text once however often it came. Error codes
// of five or six digits stay: they say which error it is.
func maskVariable(s string) string {
	if len(s) > 4*maxSummaryText {
		s = s[:4*maxSummaryText] // only what oneLineText keeps
	}
	var b strings.Builder
	start, digits := -1, 0
	flush := func(end int) {
		if start < 0 {
			return
		}
		if digits >= 8 {
			b.WriteString(scenarios.Gap)
		} else {
			b.WriteString(s[start:end])
		}
		start, digits = -1, 0
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		word := c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == ':' || c == '.' || c == '+' || c == '_'
		if !word {
			flush(i)
			b.WriteByte(c)
			continue
		}
		if start < 0 {
			start = i
		}
		if c >= '0' && c <= '9' {
			digits++
		}
	}
	flush(len(s))
	return b.String()
}

// EvidenceCodes are the codes of a result's evidence, of every candidate, each once, the named
// scenario's first.
func EvidenceCodes(r *Result) []string {
	var codes []string
	for _, c := range r.Candidates {
		for _, n := range c.Evidence {
			if !slices.Contains(codes, n.Code) {
				codes = append(codes, n.Code)
			}
		}
	}
	return codes
}

// Statuses and Confidences are the orders in which a summary lists its counts; "" stands for
// results without a confidence.
var (
	Statuses    = []Status{Diagnosed, Incomplete, Resolved, Invalid}
	Confidences = []Confidence{High, Medium, ""}
)

// Scenarios are the order in which the summary lists its scenarios: the catalog's, and "" for
// results without one last.
func (s *Summary) Scenarios() []scenarios.ID { return append(slices.Clip(s.model.ids), "") }

// Count is a key and how often it came up.
type Count struct {
	Key string
	N   int
}

// Top are the n keys of counts that came up most, the most frequent first; ties in the order of
// the keys, or for field paths (fields) cheapest to find out first, as a result lists them.
func (s *Summary) Top(counts map[string]int, n int, fields bool) []Count {
	out := make([]Count, 0, len(counts))
	for k, v := range counts {
		out = append(out, Count{k, v})
	}
	slices.SortFunc(out, func(a, b Count) int {
		if c := cmp.Compare(b.N, a.N); c != 0 {
			return c
		}
		if fields {
			if c := cmp.Compare(s.needOf(a.Key), s.needOf(b.Key)); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out[:min(n, len(out))]
}

// needOf is the place of the field at path in the list of what to find out first.
func (s *Summary) needOf(path string) int {
	if f, ok := s.model.byPath[path]; ok && f.Need > 0 {
		return f.Need
	}
	return 1 << 20
}
