package cli

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
	"github.com/cspfix/cspfix/scenarios/txt"
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
func (d *delivery) flags(cmd *cobra.Command, tr scenarios.Texts, out, outDir, copyText txt.Key) {
	cmd.Flags().StringVar(&d.out, "out", "", tr.T(out))
	cmd.Flags().StringVar(&d.outDir, "out-dir", "", tr.T(outDir))
	cmd.Flags().BoolVar(&d.copy, "copy", false, tr.T(copyText))
	_ = cmd.MarkFlagFilename("out")
	_ = cmd.MarkFlagDirname("out-dir")
}

// check refuses, before anything is read, flags that do not go together and an --out or
// --out-dir that must not be written: in is the input (--answers).
func (d *delivery) check(cmd *cobra.Command, e *env, in string, tr scenarios.Texts) error {
	if d.outDir != "" && (d.out != "" || d.copy) {
		return usageError(seeHelp(cmd, tr), "%s", tr.T(txt.CLIOutDirAlone))
	}
	if in != "" && in != "-" {
		d.outputs.Input(in)
	}
	if dir, err := e.casesDir(tr); err == nil {
		d.outputs.Reserve(dir)
	}
	if d.outDir != "" {
		if fi, err := os.Stat(d.outDir); err == nil && !fi.IsDir() {
			return usageError(tr.T(txt.CLIOutDirHint), "%s", tr.T(txt.CLINotDirectory, "path", sanitize.Exact(d.outDir)))
		}
		if err := d.outputs.CheckDir(d.outDir); err != nil {
			return refusedFile(txt.CLICannotWrite, d.outDir, err, tr)
		}
	}
	return d.checkOut(tr)
}

// checkOut refuses an --out that is not a regular file, is the input itself, or is a file that
// exists already: writing it would destroy what it holds.
func (d *delivery) checkOut(tr scenarios.Texts) error {
	if d.out == "" {
		return nil
	}
	err := d.outputs.Check(d.out)
	var taken *safefile.TakenError
	if errors.As(err, &taken) && taken.Reason == safefile.IsInput {
		return usageError("", "%s", tr.T(txt.CLIOutIsInput, "path", sanitize.Exact(d.out)))
	}
	if err != nil {
		return refusedFile(txt.CLICannotWrite, d.out, err, tr)
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
	tr     scenarios.Texts
	buf    *bufio.Writer
	file   *safefile.Output
	copied bytes.Buffer
	over   bool // more than maxCopy was written: nothing is copied
	empty  bool // nothing was written yet
}

// open starts the stream of the command's texts.
func (d *delivery) open(e *env, tr scenarios.Texts) (*stream, error) {
	s := &stream{d: d, e: e, tr: tr, empty: true}
	var w io.Writer = e.stdout
	if d.out != "" {
		f, err := d.outputs.Create(d.out)
		if err != nil {
			return nil, refusedFile(txt.CLICannotWrite, d.out, err, tr)
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
	s.keep(len(p), func() { s.copied.Write(p) })
	return s.buf.Write(p)
}

// WriteString is Write for a string, without copying it to bytes first (a text batch writes a
// string for every result).
func (s *stream) WriteString(p string) (int, error) {
	s.keep(len(p), func() { s.copied.WriteString(p) })
	return s.buf.WriteString(p)
}

// keep notes that n bytes are written, and has save keep them for --copy up to maxCopy.
func (s *stream) keep(n int, save func()) {
	s.empty = s.empty && n == 0
	if s.d.copy && !s.over {
		if s.copied.Len()+n > maxCopy {
			s.over = true
			s.copied = bytes.Buffer{}
		} else {
			save()
		}
	}
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
			return refusedFile(txt.CLICannotWrite, s.d.out, ferr, s.tr)
		}
		return err
	}
	if cerr := s.file.Commit(); cerr != nil {
		return refusedFile(txt.CLICannotWrite, s.d.out, cerr, s.tr)
	}
	fmt.Fprintln(s.e.stderr, s.tr.T(txt.CLITicketWritten, "path", sanitize.Exact(s.d.out)))
	if cerr := s.copyOut(); cerr != nil {
		return cerr
	}
	return err
}

// copyOut sends what was written to the clipboard when asked. The clipboard is reached through
// the terminal: without one, the text is still written and stderr says that nothing was copied.
func (s *stream) copyOut() error {
	e, tr := s.e, s.tr
	switch {
	case !s.d.copy:
		return nil
	case !e.stderrTerminal:
		fmt.Fprintln(e.stderr, tr.T(txt.CLICopyUnreachable))
		return nil
	case s.over:
		fmt.Fprintln(e.stderr, tr.T(txt.CLICopyTooLarge, "max", strconv.Itoa(maxCopy>>10)))
		return nil
	}
	if _, err := io.WriteString(e.stderr, clipboardSequences(e, s.copied.String())); err != nil {
		return err
	}
	// The terminal does not say whether it took the text: say what was done, not more.
	fmt.Fprintln(e.stderr, tr.T(txt.CLICopied))
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
func (cf *perCaseFiles) write(r *diagnose.Result, data []byte, tr scenarios.Texts) error {
	stem := cf.stem(r)
	f, err := cf.outputs.CreateIn(cf.dir)
	if err != nil {
		return refusedFile(txt.CLICannotWrite, filepath.Join(cf.dir, stem+cf.ext), err, tr)
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return refusedFile(txt.CLICannotWrite, filepath.Join(cf.dir, stem+cf.ext), err, tr)
	}
	renamed, err := f.CommitUnique(stem, cf.ext)
	if err != nil {
		return refusedFile(txt.CLICannotWrite, filepath.Join(cf.dir, stem+cf.ext), err, tr)
	}
	if renamed {
		cf.renamed++
	}
	cf.written++
	return nil
}

// done says on stderr how many files were written where, and how many under a new name.
func (cf *perCaseFiles) done(e *env, tr scenarios.Texts) {
	fmt.Fprintln(e.stderr, tr.T(txt.CLIWroteFiles, "n", strconv.Itoa(cf.written), "dir", sanitize.Exact(cf.dir)))
	if cf.renamed > 0 {
		fmt.Fprintln(e.stderr, tr.T(txt.CLIFilesRenamed, "n", strconv.Itoa(cf.renamed)))
	}
}
