package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/scenarios"
)

type checklistOptions struct {
	env    *env
	global *globalOptions
	output string
}

func newChecklistCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &checklistOptions{env: e, global: g}
	cmd := &cobra.Command{
		Use:     "checklist",
		Short:   ui.ChecklistShort.In(g.lang),
		Long:    ui.ChecklistLong.In(g.lang),
		Example: "  cspfix checklist --lang de > onboarding.txt\n  cspfix checklist -o markdown >> wiki/onboarding.md",
	}
	useLine(cmd, "", g.lang)
	checkOutput := outputFlag(cmd, &opts.output, g.lang, "text", "markdown")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := checkOutput(); err != nil {
			return err
		}
		return runChecklist(opts)
	}
	return cmd
}

// runChecklist prints the checklist: with boxes to tick on paper, or as a Markdown task list.
func runChecklist(opts *checklistOptions) error {
	lang := opts.global.lang
	list := scenarios.MustLoad().Checklist
	var b strings.Builder
	if opts.output == "markdown" {
		fmt.Fprintf(&b, "## %s\n\n%s\n\n", list.Title.In(lang), list.Intro.In(lang))
		for _, it := range list.Items {
			fmt.Fprintf(&b, "- [ ] **%s**: %s\n", it.Title.In(lang), it.Detail.In(lang))
		}
	} else {
		width, th := opts.env.textWidth(), opts.env.theme()
		b.WriteString(render.Style(th.Heading, strings.TrimSuffix(render.Wrap("", "", list.Title.In(lang), width), "\n")) + "\n\n")
		b.WriteString(render.Wrap("", "", list.Intro.In(lang), width))
		for i, it := range list.Items {
			head := "☐ " + strconv.Itoa(i+1) + ". "
			indent := strings.Repeat(" ", len([]rune(head)))
			b.WriteString("\n" + render.Style(th.Heading, head+it.Title.In(lang)) + "\n")
			b.WriteString(render.Wrap(indent, indent, it.Detail.In(lang), width))
		}
	}
	_, err := fmt.Fprint(opts.env.stdout, b.String())
	return err
}
