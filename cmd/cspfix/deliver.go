package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/aymanbagabas/go-osc52/v2"
	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/casefile"
	"github.com/cspfix/cspfix/internal/safefile"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
)

// delivery is where the texts a command writes for people go (tickets, messages): to stdout or
// --out as one piece, or to --out-dir as one file per case; and with --copy to the clipboard
// too (README "Writing the support ticket").
type delivery struct {
	out    string
	outDir string
	copy   bool
}

// flags registers --out, --out-dir and --copy; usage names what is written ("the ticket").
func (d *delivery) flags(cmd *cobra.Command, lang scenarios.Lang, out, outDir, copyText text) {
	cmd.Flags().StringVar(&d.out, "out", "", out.In(lang))
	cmd.Flags().StringVar(&d.outDir, "out-dir", "", outDir.In(lang))
	cmd.Flags().BoolVar(&d.copy, "copy", false, copyText.In(lang))
	_ = cmd.MarkFlagFilename("out")
	_ = cmd.MarkFlagDirname("out-dir")
}

// check refuses, before anything is read, flags that do not go together and an --out that
// must not be written.
func (d *delivery) check(cmd *cobra.Command, in string, lang scenarios.Lang) error {
	if d.outDir != "" && (d.out != "" || d.copy) {
		return usageError(seeHelp(cmd, lang), "%s", ui.OutDirAlone.In(lang))
	}
	if d.outDir != "" {
		if fi, err := os.Stat(d.outDir); err == nil && !fi.IsDir() {
			return usageError(ui.OutDirHint.In(lang), "%s", scenarios.Fill(ui.NotDirectory.In(lang), "path", sanitize.Exact(d.outDir)))
		}
	}
	return checkOut(d.out, in, lang)
}

// checkOut refuses, before anything is read, an output file that is not a regular file or that
// is the input itself: writing it would destroy the cases.
func checkOut(out, in string, lang scenarios.Lang) error {
	if out == "" {
		return nil
	}
	if err := safefile.Check(out); err != nil {
		return refusedFile(ui.CannotWrite, out, err, lang)
	}
	if in == "" || in == "-" {
		return nil
	}
	a, errA := os.Stat(out)
	b, errB := os.Stat(in)
	if errA == nil && errB == nil && os.SameFile(a, b) {
		return usageError("", "%s", scenarios.Fill(ui.OutIsInput.In(lang), "path", sanitize.Exact(out)))
	}
	return nil
}

// deliver writes data to --out (atomically) or stdout, and sends it to the clipboard when asked.
// The clipboard is reached through the terminal: without one, the text is still written and
// stderr says that nothing was copied.
func (d *delivery) deliver(e *env, data []byte, lang scenarios.Lang) error {
	if d.out != "" {
		if err := safefile.WriteFile(d.out, data, 0o600); err != nil {
			return refusedFile(ui.CannotWrite, d.out, err, lang)
		}
		fmt.Fprintln(e.stderr, scenarios.Fill(ui.TicketWritten.In(lang), "path", sanitize.Exact(d.out)))
	} else if _, err := e.stdout.Write(data); err != nil {
		return err
	}
	if !d.copy {
		return nil
	}
	if !e.stderrTerminal {
		fmt.Fprintln(e.stderr, ui.CopyUnreachable.In(lang))
		return nil
	}
	if _, err := io.WriteString(e.stderr, clipboardSequences(e, string(data))); err != nil {
		return err
	}
	// The terminal does not say whether it took the text: say what was done, not more.
	fmt.Fprintln(e.stderr, ui.Copied.In(lang))
	return nil
}

// clipboardSequences asks the terminal to put text on the clipboard (OSC 52). tmux takes the
// plain sequence when set-clipboard is on, and passes its own wrapping on to the outer terminal
// only when allow-passthrough is on: inside tmux both are sent. GNU screen needs its wrapping.
func clipboardSequences(e *env, text string) string {
	seq := osc52.New(text)
	switch term := e.getenv("TERM"); {
	case e.getenv("TMUX") != "" || strings.HasPrefix(term, "tmux"):
		return seq.String() + seq.Tmux().String()
	case e.getenv("STY") != "" || strings.HasPrefix(term, "screen"):
		return seq.Screen().String()
	}
	return seq.String()
}

// perCaseFiles writes one file per case into a directory (--out-dir). A file is named after its
// case's ID, reduced to lower-case letters, digits and hyphens, so that no ID can name a path
// outside the directory or a file that is not a plain one; a case without an ID is named by its
// record number, and a name that two cases of the run would share gets a number.
type perCaseFiles struct {
	dir, ext string
	used     map[string]bool
	written  int
}

func newPerCaseFiles(dir, ext string) (*perCaseFiles, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	return &perCaseFiles{dir: dir, ext: ext, used: map[string]bool{}}, nil
}

// name is the file name for the case of result r, unique in this run.
func (cf *perCaseFiles) name(r *diagnose.Result) string {
	stem := "case-" + strings.TrimPrefix(r.ID, "#")
	if r.Case != nil && r.Case.ID != "" {
		stem = casefile.FileStem(r.Case.ID)
	}
	name := stem
	for n := 2; cf.used[name]; n++ {
		name = stem + "-" + strconv.Itoa(n)
	}
	cf.used[name] = true
	return name + cf.ext
}

// write puts data into the case's file, atomically, readable by its owner only.
func (cf *perCaseFiles) write(r *diagnose.Result, data []byte, lang scenarios.Lang) error {
	path := filepath.Join(cf.dir, cf.name(r))
	if err := safefile.WriteFile(path, data, 0o600); err != nil {
		return refusedFile(ui.CannotWrite, path, err, lang)
	}
	cf.written++
	return nil
}

// done says on stderr how many files were written where.
func (cf *perCaseFiles) done(e *env, lang scenarios.Lang) {
	fmt.Fprintln(e.stderr, scenarios.Fill(ui.WroteFiles.In(lang), "n", strconv.Itoa(cf.written), "dir", sanitize.Exact(cf.dir)))
}
