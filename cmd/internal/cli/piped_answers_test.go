package cli

import (
	"strconv"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/testkit/testmodel"
	"github.com/cspfix/cspfix/scenarios"
)

// pipedAnswers are the lines to pipe into `cspfix diagnose --accessible` for a new case: for
// each question the walkthrough asks, in the model's order and where it applies, the answers
// scripted for its ID, as typed (a word, an option's number, a time as people say it), one
// line each (an answer the question refuses and the one after it, as "bogus\n10:15"); a
// question without a script keeps its default (an empty line). An answer the
// accessible mode takes as "back" goes back to the question asked before, which then takes its
// next scripted answer. preset are the fields the settings give (not asked); after follows the
// questions (the review, the verdicts). The answers are keyed by question, never by position,
// so that a question added to the catalog needs no change here.
func pipedAnswers(t *testing.T, answers map[string][]string, preset []string, after ...string) string {
	t.Helper()
	m := testmodel.Embedded()
	c := m.NewCase()
	for _, path := range preset {
		m.FieldAt(path).Set(c, "preset")
	}
	queue := map[string][]string{}
	for id, list := range answers {
		if _, ok := m.Field(id); !ok {
			t.Fatalf("no question %s", id)
		}
		queue[id] = list
	}
	var lines []string
	var asked []int
	questions := m.Questions()
	for i := 0; i < len(questions); i++ {
		q := questions[i]
		if !q.Applies(c) || q.Known(c) {
			continue
		}
		var typed string
		for {
			typed = ""
			if list := queue[q.Path]; len(list) > 0 {
				typed, queue[q.Path] = list[0], list[1:]
			}
			lines = append(lines, typed)
			if !isBackWord(typed) || len(asked) == 0 {
				break
			}
			// Back to the question before, whose answer is asked again.
			i, asked = asked[len(asked)-1], asked[:len(asked)-1]
			q = questions[i]
		}
		asked = append(asked, i)
		store(q, c, typed[strings.LastIndexByte(typed, '\n')+1:])
	}
	for id, rest := range queue {
		if len(rest) > 0 {
			t.Fatalf("%s: answers left over, it is not asked: %q", id, rest)
		}
	}
	return strings.Join(append(lines, after...), "\n") + "\n"
}

// store keeps what an answer as typed stands for in c, as far as later questions depend on it:
// a word or an option's number of an enum, a text.
func store(q *diagnose.Field, c *diagnose.Case, typed string) {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return
	}
	if n, err := strconv.Atoi(typed); err == nil && q.Kind == diagnose.KindEnum && n >= 1 && n <= len(q.Values) {
		typed = q.Values[n-1]
	}
	if w, ok := scenarios.AnswerWords()[strings.ToLower(typed)]; ok && q.Kind == diagnose.KindEnum {
		typed = w
	}
	if !q.Set(c, typed) && q.Kind != diagnose.KindEnum {
		q.Set(c, "2026-11-20T12:00:00+01:00") // a time as people say it: some time
	}
}

// TestPipedAnswersFollowTheModel: the script of piped answers asks what the walkthrough asks,
// follow-ups only after their answer, and goes back where the answers say so.
func TestPipedAnswersFollowTheModel(t *testing.T) {
	got := pipedAnswers(t, map[string][]string{
		"customer.name": {"Contoso"}, "answers.other_csp": {"1"}, "answers.other_partner_kind": {"2"},
		"answers.direct_microsoft": {"2", "n"}, "answers.earlier_relationship_with_you": {"zurück", "2"}, "answers.recent_change": {"nein"},
	}, []string{"partner.partner_id"}, "review")
	want := strings.Join([]string{"", "", "", "Contoso", "", "", "", "",
		"1", "2", "2", "zurück", "n", "2", "", "nein", "", "", "", "review"}, "\n") + "\n"
	if got != want {
		t.Errorf("piped answers\n%q\nwant\n%q", got, want)
	}
}

// ask is how a terminal test finds the question id on the screen: the start of its prompt in
// lang, as many words as it takes to tell it from every other question's, so that a test names
// questions by their IDs, never by their words.
func ask(id string, lang scenarios.Lang) string {
	cat := testmodel.Embedded().Catalog
	q, ok := cat.Question(id)
	if !ok {
		panic("no question " + id)
	}
	words := strings.Fields(q.Prompt.In(lang))
	for n := 1; n <= len(words); n++ {
		prefix, unique := strings.Join(words[:n], " "), true
		for _, other := range cat.Questions {
			unique = unique && (other.ID == id || !strings.HasPrefix(other.Prompt.In(lang), prefix))
		}
		if unique && len(prefix) >= 12 {
			return prefix
		}
	}
	return strings.Join(words, " ")
}

// asks are the prompts of the questions ids, as ask finds them.
func asks(lang scenarios.Lang, ids ...string) []string {
	var out []string
	for _, id := range ids {
		out = append(out, ask(id, lang))
	}
	return out
}

func TestAskFindsEveryQuestion(t *testing.T) {
	for _, lang := range scenarios.Langs {
		for _, q := range testmodel.Embedded().Questions() {
			if p := ask(q.Path, lang); len(p) > 50 {
				t.Errorf("%s: %q is too long to stay on one line of a narrow terminal", q.Path, p)
			}
		}
	}
	if got := ask("customer.tenant_id", scenarios.EN); got != "Which tenant ID was" {
		t.Errorf("got %q", got)
	}
}
