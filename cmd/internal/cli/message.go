package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/lazy"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios/txt"
)

type messageOptions struct {
	env    *env
	global *globalOptions
	caseInput
	output  string
	message diagnose.MessageOptions
	to      []*mail.Address
	delivery
}

func newMessageCmd(e *env, g *globalOptions, runF func(*messageOptions) error) *cobra.Command {
	opts := &messageOptions{env: e, global: g}
	var kind, customerLang, invitation, to string
	cmd := &cobra.Command{
		Use:     "message",
		Long:    g.texts().T(txt.CLIMessageLong),
		Example: g.texts().T(txt.CLIMessageExample),
	}
	useLine(cmd, "", g.texts())
	checkOutput := outputFlag(cmd, &opts.output, g.texts(), "text", "markdown", "eml", "json")
	opts.caseInput.flags(cmd, e, g.texts())
	kinds := make([]string, len(diagnose.MessageKinds))
	for i, k := range diagnose.MessageKinds {
		kinds[i] = string(k)
	}
	cmd.Flags().StringVar(&kind, "kind", "", g.texts().T(txt.CLIKindFlag, "kinds", strings.Join(kinds, ", ")))
	cmd.Flags().StringVar(&customerLang, "customer-lang", "", g.texts().T(txt.CLICustomerLangFlag))
	cmd.Flags().StringVar(&invitation, "invitation-url", "", g.texts().T(txt.CLIInvitationFlag))
	cmd.Flags().StringVar(&to, "to", "", g.texts().T(txt.CLIToFlag))
	opts.delivery.flags(cmd, g.texts(), txt.CLIMessageOutFlag, txt.CLIOutDirFlag, txt.CLIMessageCopyFlag)
	_ = cmd.RegisterFlagCompletionFunc("kind", cobra.FixedCompletions(kinds, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("customer-lang", completeLangs)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := checkOutput(); err != nil {
			return err
		}
		if kind != "" && !slices.Contains(kinds, kind) {
			return usageError(seeHelp(cmd, g.texts()), "%s", g.texts().T(txt.CLIBadKind, "value", strconv.Quote(kind), "kinds", strings.Join(kinds, ", ")))
		}
		opts.message.Kind = diagnose.MessageKind(kind)
		var err error
		if opts.message.Lang, err = langOption(cmd, "customer-lang", customerLang, g.settings.cfg.CustomerLang, g.lang, g.texts()); err != nil {
			return err
		}
		if invitation == "" {
			invitation = g.settings.cfg.Partner.InvitationURL // checked when it was set
		}
		if invitation != "" {
			if opts.message.InvitationURL, err = diagnose.CheckInvitationURL(invitation); err != nil {
				return usageError(g.texts().T(txt.CLIBadInvitationHint, "hosts", diagnose.InvitationHosts()), "%s",
					g.texts().T(txt.CLIBadInvitation, "value", sanitize.Quote(cutForError(invitation))))
			}
		}
		if to != "" {
			if opts.output != "eml" {
				return usageError(seeHelp(cmd, g.texts()), "%s", g.texts().T(txt.CLIToNeedsEML))
			}
			if opts.to, err = parseAddresses(to); errors.Is(err, errHiddenInName) {
				return usageError(g.texts().T(txt.CLIBadToHint), "%s", g.texts().T(txt.CLIToHidden, "value", sanitize.Quote(cutForError(to))))
			} else if err != nil {
				return usageError(g.texts().T(txt.CLIBadToHint), "%s", g.texts().T(txt.CLIBadTo, "value", sanitize.Quote(cutForError(to))))
			}
		}
		if err = opts.caseInput.check(e, g.texts()); err != nil {
			return err
		}
		if err := opts.delivery.check(cmd, e, opts.answers, g.texts()); err != nil {
			return err
		}
		if runF != nil {
			return runF(opts)
		}
		return runMessage(opts)
	}
	return cmd
}

// Bounds of --to: an address as long as RFC 5321 allows a path, a name as long as a person
// writes one, and as many addresses as a draft to a customer has.
const (
	maxAddress   = 254
	maxNameRunes = 200
	maxAddresses = 50
)

// errHiddenInName is a name in --to that holds, once its encoded words are decoded, a
// character that must not reach a person.
var errHiddenInName = errors.New("control or invisible character in a decoded name")

// parseAddresses reads --to as mail programs do ("Name <a@b.example>, c@d.example"). A control
// or invisible character anywhere refuses it, so that no address can carry a line break into
// the draft or a bidi control before the eyes of the person who sends it: checked in what was
// typed and again in the names after their RFC 2047 encoded words are decoded.
func parseAddresses(s string) ([]*mail.Address, error) {
	unsafe := func(r rune) bool { return r < ' ' || r == 0x7f || sanitize.Unsafe(r) || r == utf8.RuneError }
	if strings.ContainsFunc(s, unsafe) {
		return nil, errors.New("control character")
	}
	list, err := mail.ParseAddressList(s)
	if err != nil {
		return nil, err
	}
	if len(list) > maxAddresses {
		return nil, errors.New("too many addresses")
	}
	for _, a := range list {
		if strings.ContainsFunc(a.Name, unsafe) || strings.ContainsFunc(a.Address, unsafe) || !utf8.ValidString(a.Name) {
			return nil, errHiddenInName
		}
		if len(a.Address) > maxAddress || utf8.RuneCountInString(a.Name) > maxNameRunes {
			return nil, errors.New("too long")
		}
	}
	return list, nil
}

// cutForError keeps an error message short whatever the length of the value it quotes.
func cutForError(s string) string {
	head, more := sanitize.Cut(s, 120)
	if more > 0 {
		return head + "…"
	}
	return head
}

// messageExt is the file name extension of a message in each format.
var messageExt = lazy.Value[map[render.Format]string]{Make: func() map[render.Format]string {
	return map[render.Format]string{render.Text: ".txt", render.Markdown: ".md", render.JSON: ".json", "eml": ".eml"}
}}

func runMessage(opts *messageOptions) error {
	tr, cat, e := opts.global.texts(), opts.global.catalog, opts.env
	desk := opts.global.settings.desk()
	engine := &diagnose.Engine{Model: e.model(), Lang: tr.Lang, Now: opts.now, Desk: desk}
	format := render.Format(opts.output)
	eml := opts.output == "eml"
	draft := render.Draft{To: opts.to, Date: opts.now}
	if a, err := mail.ParseAddress(desk.Contact.Email); err == nil && desk.Contact.Email != "" {
		draft.From = &mail.Address{Name: sanitize.Text(desk.Contact.Name), Address: a.Address}
	}

	// Each message is written as it is made, to stdout or --out, as tickets are; with --out-dir
	// each goes to its own file. An e-mail draft holds one message: the first is kept back
	// until the input ends, and a second means that several need --out-dir.
	var files *perCaseFiles
	var out *stream
	if opts.outDir != "" {
		var err error
		if files, err = newPerCaseFiles(opts.outDir, messageExt.Get()[format], &opts.outputs); err != nil {
			return refusedFile(txt.CLICannotWrite, opts.outDir, err, tr)
		}
	} else {
		var err error
		if out, err = opts.delivery.open(e, tr); err != nil {
			return err
		}
	}
	var messages *render.MessageWriter
	invalidTo, invalidFormat := io.Writer(out), format
	if out != nil {
		messages = render.NewMessages(out, cat, format)
	}
	if files != nil || eml {
		invalidTo, invalidFormat = e.stderr, render.Text
	}
	var draft1 []byte
	drafts, tooMany := 0, usageError(tr.T(txt.CLIOneDraftHint), "%s", tr.T(txt.CLIOneDraft))
	var one bytes.Buffer
	err := eachResult(e, "cspfix message", &opts.caseInput, engine, func(r *diagnose.Result) error {
		if r.Status == diagnose.Invalid {
			return render.WriteInvalid(invalidTo, invalidFormat, r, cat, tr.Lang)
		}
		m, skip := engine.Message(r, opts.message)
		if m == nil {
			fmt.Fprintln(e.stderr, tr.T(txt.CLIMessageSkipped, "id", sanitize.Exact(r.ID), "reason", tr.T(skip)))
			return nil
		}
		one.Reset()
		switch {
		case eml:
			one.Write(render.Eml(m, draft))
		case files != nil:
			if err := render.NewMessages(&one, cat, format).Write(m); err != nil {
				return err
			}
		default:
			return messages.Write(m)
		}
		if files != nil {
			return files.write(r, one.Bytes(), tr)
		}
		if drafts++; drafts > 1 {
			return tooMany
		}
		draft1 = bytes.Clone(one.Bytes())
		return nil
	})
	if files != nil {
		files.done(e, tr)
		return err
	}
	if err == tooMany {
		out.close(err) // several drafts for one stream: nothing is written
		return err
	}
	if draft1 != nil {
		if _, werr := out.Write(draft1); werr != nil && err == nil {
			err = werr
		}
	}
	return out.close(err)
}
