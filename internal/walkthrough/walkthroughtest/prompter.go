// Package walkthroughtest provides a scripted Prompter, so that the walkthrough runs in tests
// without a terminal: in its own package's tests and, through the environment, in the command's.
package walkthroughtest

import (
	"strings"
	"testing"

	"github.com/cspfix/cspfix/internal/walkthrough"
)

// Prompter answers the walkthrough's prompts from a script keyed by prompt ID; an ID may be
// answered several times in turn ("fixed", "note"). With no script for an ID it keeps the
// default, as Enter does; the answer Back goes back, as the back key does. It records what was
// asked and said.
type Prompter struct {
	T       testing.TB
	Answers map[string][]string
	AbortAt string // the prompt at which the person stops (Ctrl-C)
	Asked   []string
	Said    []string
	Prompts map[string]walkthrough.Prompt
	OnAsk   func(walkthrough.Prompt) // called with every prompt before it is answered
}

func (f *Prompter) Ask(p walkthrough.Prompt) (string, error) {
	f.Asked = append(f.Asked, p.ID)
	if f.Prompts == nil {
		f.Prompts = map[string]walkthrough.Prompt{}
	}
	f.Prompts[p.ID] = p
	if f.OnAsk != nil {
		f.OnAsk(p)
	}
	if p.ID == f.AbortAt {
		return "", walkthrough.ErrAborted
	}
	queue := f.Answers[p.ID]
	if len(queue) == 0 {
		return p.Value, nil
	}
	f.Answers[p.ID] = queue[1:]
	v := queue[0]
	if v == Back {
		if !p.Back {
			f.T.Fatalf("%s: going back is not offered here", p.ID)
		}
		return "", walkthrough.ErrBack
	}
	if p.Validate != nil {
		if err := p.Validate(v); err != nil {
			f.T.Fatalf("%s: scripted answer %q rejected: %v", p.ID, v, err)
		}
	}
	if len(p.Options) > 0 {
		ok := false
		for _, o := range p.Options {
			ok = ok || o.Value == v
		}
		if !ok {
			f.T.Fatalf("%s: %q is not an option", p.ID, v)
		}
	}
	return v, nil
}

// Back is the scripted answer that goes back to the previous question.
const Back = "<back>"

func (f *Prompter) Say(text string) { f.Said = append(f.Said, text) }

// SaidAll is everything said, one text a line.
func (f *Prompter) SaidAll() string { return strings.Join(f.Said, "\n") }
