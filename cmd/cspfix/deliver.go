package main

import (
	"bufio"
	"bytes"
	"errors"
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
// --out, one after another as they are made, or to --out-dir as one file per case; and with
// --copy to the clipboard too (README "Writing the support ticket"). Every file goes through
// one safefile.Outputs that knows the run's input and the folder of saved cases: no output
// ever replaces either, or any file that was there before.
type delivery struct {
	out     string
	outDir  string
	copy    bool
	outputs safefile.Outputs
}

// flags registers --out, --out-dir and --copy; usage names what is written ("the ticket").
func (d *delivery) flags(cmd *cobra.Command, lang scenarios.Lang, out, outDir, copyText text) {
	cmd.Flags().StringVar(&d.out, "out", "", out.In(lang))
	cmd.Flags().StringVar(&d.outDir, "out-dir", "", outDir.In(lang))
	cmd.Flags().BoolVar(&d.copy, "copy", false, copyText.In(lang))
	_ = cmd.MarkFlagFilename("out")
	_ = cmd.MarkFlagDirname("out-dir")
}

// check refuses, before anything is read, flags that do not go together and an --out or
// --out-dir that must not be written: in is the input (--answers).
func (d *delivery) check(cmd *cobra.Command, e *env, in string, lang scenarios.Lang) error {
	if d.outDir != "" && (d.out != "" || d.copy) {
		return usageError(seeHelp(cmd, lang), "%s", ui.OutDirAlone.In(lang))
	}
	if in != "" && in != "-" {
		d.outputs.Input(in)
	}
	if dir, err := e.casesDir(lang); err == nil {
		d.outputs.Reserve(dir)
	}
	if d.outDir != "" {
		if fi, err := os.Stat(d.outDir); err == nil && !fi.IsDir() {
			return usageError(ui.OutDirHint.In(lang), "%s", scenarios.Fill(ui.NotDirectory.In(lang), "path", sanitize.Exact(d.outDir)))
		}
		if err := d.outputs.CheckDir(d.outDir); err != nil {
			return refusedFile(ui.CannotWrite, d.outDir, err, lang)
		}
	}
	return d.checkOut(lang)
}

// checkOut refuses an --out that is not a regular file, is the input itself, or is a file that
// exists already: writing it would destroy what it holds.
func (d *delivery) checkOut(lang scenarios.Lang) error {
	if d.out == "" {
		return nil
	}
	err := d.outputs.Check(d.out)
	var taken *safefile.TakenError
	if errors.As(err, &taken) && taken.Reason == safefile.IsInput {
		return usageError("", "%s", scenarios.Fill(ui.OutIsInput.In(lang), "path", sanitize.Exact(d.out)))
	}
	if err != nil {
		return refusedFile(ui.CannotWrite, d.out, err, lang)
	}
	return nil
}

// maxCopy bounds what --copy sends: terminals take a few hundred kilobytes at most.
const maxCopy = 1 << 20

// stream is where a command writes its texts as it makes them: standard output (buffered) or
// the --out file, which appears at its name only when the stream is closed; with --copy the
// text is also kept for the clipboard, up to maxCopy.
type stream struct {
	d      *delivery
	e      *env
	lang   scenarios.Lang
	buf    *bufio.Writer
	file   *safefile.Output
	copied bytes.Buffer
	over   bool // more than maxCopy was written: nothing is copied
	empty  bool // nothing was written yet
}

// open starts the stream of the command's texts.
func (d *delivery) open(e *env, lang scenarios.Lang) (*stream, error) {
	s := &stream{d: d, e: e, lang: lang, empty: true}
	var w io.Writer = e.stdout
	if d.out != "" {
		f, err := d.outputs.Create(d.out)
		if err != nil {
			return nil, refusedFile(ui.CannotWrite, d.out, err, lang)
		}
		s.file, w = f, f
	}
	s.buf = bufio.NewWriterSize(w, 64<<10)
	return s, nil
}

// Flush writes out what is buffered: to stdout at once, to the --out file before it is put in
// place.
func (s *stream) Flush() error { return s.buf.Flush() }

func (s *stream) Write(p []byte) (int, error) {
	s.empty = s.empty && len(p) == 0
	if s.d.copy && !s.over {
		if s.copied.Len()+len(p) > maxCopy {
			s.over = true
			s.copied = bytes.Buffer{}
		} else {
			s.copied.Write(p)
		}
	}
	return s.buf.Write(p)
}

// close ends the stream after the command's work ended with err: what was written is kept
// (flushed to stdout, or the --out file put in place) when the work succeeded, when only some
// records were invalid, or when a signal stopped it after whole results; otherwise the --out
// file is dropped. It returns the error to report: a failed write wins over err.
func (s *stream) close(err error) error {
	var exit *exitError
	var stop stopSignal
	keep := err == nil || errors.As(err, &exit) && exit.code == exitInvalid || errors.As(err, &stop)
	ferr := s.buf.Flush()
	if s.file == nil {
		if ferr != nil {
			return ferr
		}
		if keep {
			if cerr := s.copyOut(); cerr != nil {
				return cerr
			}
		}
		return err
	}
	if !keep || ferr != nil {
		s.file.Abort()
		if ferr != nil {
			return refusedFile(ui.CannotWrite, s.d.out, ferr, s.lang)
		}
		return err
	}
	if cerr := s.file.Commit(); cerr != nil {
		return refusedFile(ui.CannotWrite, s.d.out, cerr, s.lang)
	}
	fmt.Fprintln(s.e.stderr, scenarios.Fill(ui.TicketWritten.In(s.lang), "path", sanitize.Exact(s.d.out)))
	if cerr := s.copyOut(); cerr != nil {
		return cerr
	}
	return err
}

// copyOut sends what was written to the clipboard when asked. The clipboard is reached through
// the terminal: without one, the text is still written and stderr says that nothing was copied.
func (s *stream) copyOut() error {
	e, lang := s.e, s.lang
	switch {
	case !s.d.copy:
		return nil
	case !e.stderrTerminal:
		fmt.Fprintln(e.stderr, ui.CopyUnreachable.In(lang))
		return nil
	case s.over:
		fmt.Fprintln(e.stderr, fileUI.CopyTooLarge.In(lang, "max", strconv.Itoa(maxCopy>>10)))
		return nil
	}
	if _, err := io.WriteString(e.stderr, clipboardSequences(e, s.copied.String())); err != nil {
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
// record number. A name that two cases of the run would share, or that a file in the directory
// has already, gets a number: no file is ever replaced, and the directory is never read, so
// filling a full one takes as long as an empty one.
type perCaseFiles struct {
	dir, ext string
	outputs  *safefile.Outputs
	used     map[string]bool
	written  int
	renamed  int // files that got another name than their case's because it was taken
}

func newPerCaseFiles(dir, ext string, outputs *safefile.Outputs) (*perCaseFiles, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	return &perCaseFiles{dir: dir, ext: ext, outputs: outputs, used: map[string]bool{}}, nil
}

// stem is the file name for the case of result r without its extension, unique in this run.
func (cf *perCaseFiles) stem(r *diagnose.Result) string {
	stem := "case-" + strings.TrimPrefix(r.ID, "#")
	if r.Case != nil && r.Case.ID != "" {
		stem = casefile.FileStem(r.Case.ID)
	}
	name := stem
	for n := 2; cf.used[name]; n++ {
		name = stem + "-" + strconv.Itoa(n)
	}
	cf.used[name] = true
	return name
}

// write puts data into a new file for the case, atomically, readable by its owner only.
func (cf *perCaseFiles) write(r *diagnose.Result, data []byte, lang scenarios.Lang) error {
	stem := cf.stem(r)
	f, err := cf.outputs.CreateIn(cf.dir)
	if err != nil {
		return refusedFile(ui.CannotWrite, filepath.Join(cf.dir, stem+cf.ext), err, lang)
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return refusedFile(ui.CannotWrite, filepath.Join(cf.dir, stem+cf.ext), err, lang)
	}
	renamed, err := f.CommitUnique(stem, cf.ext)
	if err != nil {
		return refusedFile(ui.CannotWrite, filepath.Join(cf.dir, stem+cf.ext), err, lang)
	}
	if renamed {
		cf.renamed++
	}
	cf.written++
	return nil
}

// done says on stderr how many files were written where, and how many under a new name.
func (cf *perCaseFiles) done(e *env, lang scenarios.Lang) {
	fmt.Fprintln(e.stderr, scenarios.Fill(ui.WroteFiles.In(lang), "n", strconv.Itoa(cf.written), "dir", sanitize.Exact(cf.dir)))
	if cf.renamed > 0 {
		fmt.Fprintln(e.stderr, fileUI.FilesRenamed.In(lang, "n", strconv.Itoa(cf.renamed)))
	}
}
