package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/scenarios"
)

type scenariosOptions struct {
	env    *env
	global *globalOptions
	id     string
	output string
}

func newScenariosCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &scenariosOptions{env: e, global: g}
	cmd := &cobra.Command{
		Use:   "scenarios",
		Short: ui.ScenariosShort.In(g.lang),
		Long:  ui.ScenariosLong.In(g.lang),
		Args:  positionalArgs(g.lang, 0, 1),
		// The IDs with their titles, so that the shell's list explains itself.
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var ids []cobra.Completion
			for _, s := range scenarios.MustLoad().Scenarios {
				ids = append(ids, cobra.CompletionWithDesc(string(s.ID), s.Title.In(g.lang)))
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
	}
	useLine(cmd, "[A|B|C|D|E]", g.lang)
	checkOutput := outputFlag(cmd, &opts.output, g.lang, "text", "markdown", "json")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := checkOutput(); err != nil {
			return err
		}
		if len(args) == 1 {
			opts.id = args[0]
		}
		return runScenarios(opts)
	}
	return cmd
}

func runScenarios(opts *scenariosOptions) error {
	lang := opts.global.lang
	cat := scenarios.MustLoad()
	list := cat.Scenarios
	if opts.id != "" {
		s, ok := cat.Scenario(opts.id)
		if !ok {
			return usageError("", "%s", scenarios.Fill(ui.UnknownScenario.In(lang),
				"id", strconv.Quote(opts.id), "ids", "A, B, C, D, E"))
		}
		list = []scenarios.Scenario{*s}
	}
	var b strings.Builder
	switch {
	case opts.output == "json":
		return writeScenariosJSON(opts, list)
	case opts.id == "":
		for _, s := range list {
			if opts.output == "markdown" {
				fmt.Fprintf(&b, "- **%s** — %s\n", s.ID, s.Title.In(lang))
			} else {
				fmt.Fprintf(&b, "%s  %s\n", s.ID, s.Title.In(lang))
			}
		}
	case opts.output == "markdown":
		s := list[0]
		fmt.Fprintf(&b, "## %s — %s\n\n%s\n\n**%s**\n\n", s.ID, s.Title.In(lang), s.Summary.In(lang), scenarios.Key("render.steps").In(lang))
		for i, st := range s.Steps {
			fmt.Fprintf(&b, "%d. %s\n", i+1, st.In(lang))
		}
	default:
		s, th, width := list[0], opts.env.theme(), opts.env.textWidth()
		b.WriteString(render.Style(th.Heading, fmt.Sprintf("%s — %s", s.ID, s.Title.In(lang))) + "\n\n")
		b.WriteString(render.Wrap("", "", s.Summary.In(lang), width))
		b.WriteString("\n" + render.Style(th.Heading, scenarios.Key("render.steps").In(lang)) + "\n")
		for i, st := range s.Steps {
			num := fmt.Sprintf("  %d. ", i+1)
			b.WriteString(render.Wrap(num, strings.Repeat(" ", len(num)), st.In(lang), width))
		}
	}
	_, err := fmt.Fprint(opts.env.stdout, b.String())
	return err
}

// scenarioJSON is the stable JSON form of a scenario in one language.
type scenarioJSON struct {
	ID      scenarios.ID `json:"id"`
	Title   string       `json:"title"`
	Summary string       `json:"summary"`
	Steps   []string     `json:"steps"`
}

func writeScenariosJSON(opts *scenariosOptions, list []scenarios.Scenario) error {
	lang := opts.global.lang
	enc := json.NewEncoder(opts.env.stdout)
	enc.SetEscapeHTML(false)
	for _, s := range list {
		out := scenarioJSON{ID: s.ID, Title: s.Title.In(lang), Summary: s.Summary.In(lang)}
		for _, st := range s.Steps {
			out.Steps = append(out.Steps, st.In(lang))
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	return nil
}
