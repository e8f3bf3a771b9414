package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // --tz names a zone also where the system has no time zone database (Windows, containers)

	"github.com/spf13/cobra"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/casefile"
	"github.com/cspfix/cspfix/internal/safefile"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// caseInput is what every command that reads cases takes: where they are (--answers), the
// reference time (--now) and the time zone of times written without an offset (--tz).
type caseInput struct {
	answers string
	now     time.Time
	tz      *time.Location

	nowValue, tzValue string

	// opened, when set, is called once the input is open, before its first case is read.
	opened func()
}

// flags registers --answers (completing case files), --now and --tz.
func (in *caseInput) flags(cmd *cobra.Command, e *env, tr scenarios.Texts) {
	cmd.Flags().StringVar(&in.answers, "answers", "", tr.T(txt.CLIAnswersFlag))
	caseFiles(cmd, "answers")
	nowFlag(cmd, e, &in.nowValue, tr)
	cmd.Flags().StringVar(&in.tzValue, "tz", "", tr.T(txt.CLITZFlag))
}

// check reads --now and --tz: the time zone is --tz, else $TZ, else the system's. A $TZ that
// names no zone is refused as --tz is: Go would take it for UTC without a word. --answers may name
// a saved case by its ID.
func (in *caseInput) check(e *env, tr scenarios.Texts) error {
	in.answers = savedCasePath(e, in.answers, tr)
	var err error
	if in.now, err = parseNow(e, in.nowValue, tr); err != nil {
		return err
	}
	name := in.tzValue
	if name == "" {
		tz := e.getenv("TZ")
		if tz == "" {
			in.tz = time.Local
			return nil
		}
		if in.tz, err = loadEnvZone(tz); err != nil {
			return usageError(tr.T(txt.CLIBadEnvTZHint), "%s", tr.T(txt.CLIBadEnvTZ, "value", sanitize.Quote(cutForError(tz))))
		}
		return nil
	}
	if in.tz, err = time.LoadLocation(name); err != nil || name == "Local" {
		return usageError(tr.T(txt.CLIBadTZHint), "%s", tr.T(txt.CLIBadTZ, "value", strconv.Quote(name)))
	}
	return nil
}

// loadEnvZone reads $TZ as the C library does: a zone's name, or the path of a zone file,
// either after an optional ":". POSIX rule strings ("CET-1CEST,M3.5.0,M10.5.0/3") are not read.
func loadEnvZone(tz string) (*time.Location, error) {
	tz = strings.TrimPrefix(tz, ":")
	if !filepath.IsAbs(tz) {
		if tz == "" || tz == "Local" {
			return nil, errors.New("no zone")
		}
		return time.LoadLocation(tz)
	}
	f, err := safefile.OpenRegular(tz, true)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 1<<20))
	if err != nil {
		return nil, err
	}
	return time.LoadLocationFromTZData(tz, data)
}

// decodeOptions say how to read the input named name: as CSV when its name ends in ".csv".
func (in *caseInput) decodeOptions(name string) diagnose.DecodeOptions {
	return diagnose.DecodeOptions{CSV: strings.EqualFold(filepath.Ext(name), ".csv"), Location: in.tz}
}

// batchGCPercent is the collector's target while a batch runs.
const batchGCPercent = 400

// quickBatch is the size up to which a batch from a file, offline, is over in a few
// milliseconds: it ends on a signal as any program does, spared taking the signals over, which
// costs a short run more than its diagnoses (README "Performance").
const quickBatch = 1 << 20

// eachResult reads the cases of the input named by path (see openInput), diagnoses each and
// passes every result, invalid records included, to handle in input order. It returns the
// usage error for an empty input and the exit-3 error when some records were invalid. command
// is the command line that reads the input, for the hint when there is none.
func eachResult(e *env, command string, input *caseInput, engine *diagnose.Engine, handle func(*diagnose.Result) error) error {
	tr := e.catalog.In(engine.Lang)
	in, name, closeIn, err := openInput(e, command, input.answers, tr)
	if err != nil {
		return err
	}
	defer closeIn()
	if input.opened != nil {
		input.opened()
	}
	if waits(in, engine) {
		e.watchSignalsNow() // a signal stops the batch after its current result
	}
	if e.getenv("GOGC") == "" {
		// A batch makes short-lived garbage at a steady rate over a small live heap: a heap
		// target four times the live heap halves the collector's share and stays far within
		// the memory budget (README "Performance").
		defer debug.SetGCPercent(debug.SetGCPercent(batchGCPercent))
	}
	dec := e.model().NewDecoderWith(interruptible(e.ctx, in), input.decodeOptions(name))
	next, stopReading := aheadReader(e.ctx, engine, func(c *diagnose.Case) (int, error) {
		err := dec.Next(c)
		return dec.Record(), err
	})
	defer stopReading()
	var c diagnose.Case
	// Each result is handled before the next case is read: one result's memory serves them all.
	var diagnosed, r diagnose.Result
	var ie *diagnose.InputError
	var header *diagnose.HeaderError
	total, invalid := 0, 0
	stopped := func(cause error) error {
		fmt.Fprintln(e.stderr, tr.T(txt.CLIStoppedBatch, "signal", signalName(cause), "n", strconv.Itoa(total)))
		return cause
	}
	for {
		if cause := context.Cause(e.ctx); cause != nil {
			return stopped(cause)
		}
		record, err := next(&c)
		if errors.Is(err, io.EOF) {
			break
		}
		switch {
		case errors.As(err, &ie):
			invalid++
			r = e.model().InvalidResult(ie, tr.Lang)
		case err != nil && context.Cause(e.ctx) != nil:
			return stopped(context.Cause(e.ctx))
		case errors.As(err, &header):
			return &exitError{code: exitUsage, hint: tr.T(txt.CLIHeaderHint),
				err: errors.New(tr.T(txt.CLIBadHeader, "path", sanitize.Exact(name), "problems", sanitize.Text(header.Message(tr.Catalog, tr.Lang))))}
		case err != nil:
			return &exitError{code: exitUsage, hint: tr.T(txt.CLICannotReadHint),
				err: fileProblem(txt.CLICannotRead, name, err, tr)}
		default:
			engine.DiagnoseInto(&diagnosed, &c, record)
			r = diagnosed
			if cause := context.Cause(e.ctx); cause != nil {
				// A signal came while the case was diagnosed: a lookup it needed may have been
				// cut short, so its result is not written.
				return stopped(cause)
			}
		}
		total++
		if err := handle(&r); err != nil {
			return err
		}
	}
	if total == 0 {
		return usageError(tr.T(txt.CLIEmptyInputHint), "%s", tr.T(txt.CLIEmptyInput))
	}
	if invalid > 0 {
		text := txt.CLIInvalidRecords
		if invalid == 1 {
			text = txt.CLIInvalidRecordsOne
		}
		return &exitError{code: exitInvalid, err: fmt.Errorf("%s", scenarios.Fill(tr.T(text),
			"invalid", strconv.Itoa(invalid), "total", strconv.Itoa(total)))}
	}
	return nil
}

// interruptible reads r in a goroutine, a chunk ahead, so that a signal (ctx) ends a read that
// waits for a slow pipe: the batch then stops after its last whole result. Its few buffers go
// round between the two sides, so a batch of any size reads through the same memory.
func interruptible(ctx context.Context, r io.Reader) io.Reader {
	if regularFile(r) >= 0 {
		return r // its reads end: the batch looks for a stop between its records
	}
	const buffers, size = 3, 64 << 10
	c := &chunkReader{ctx: ctx, chunks: make(chan chunk, buffers-1), free: make(chan []byte, buffers)}
	for range buffers {
		c.free <- make([]byte, size)
	}
	go func() {
		defer close(c.chunks)
		for {
			var buf []byte
			select {
			case buf = <-c.free:
			case <-ctx.Done():
				return
			}
			n, err := r.Read(buf)
			select {
			case c.chunks <- chunk{buf[:n], err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return c
}

type chunk struct {
	data []byte
	err  error
}

type chunkReader struct {
	ctx     context.Context
	chunks  chan chunk
	free    chan []byte // buffers the reading goroutine may fill
	buf     []byte      // the buffer pending is part of
	pending []byte
	err     error
}

func (c *chunkReader) Read(p []byte) (int, error) {
	for len(c.pending) == 0 && c.err == nil {
		if c.buf != nil {
			c.free <- c.buf[:cap(c.buf)] // never blocks: there are as many places as buffers
			c.buf = nil
		}
		select {
		case ch, ok := <-c.chunks:
			if !ok {
				c.err = io.EOF
				break
			}
			c.buf, c.pending, c.err = ch.data, ch.data, ch.err
		case <-c.ctx.Done():
			return 0, context.Cause(c.ctx)
		}
	}
	n := copy(p, c.pending)
	c.pending = c.pending[n:]
	if n > 0 {
		return n, nil
	}
	return 0, c.err
}

// signalName names the signal that stopped cspfix, as the shell does.
func signalName(cause error) string {
	var stop stopSignal
	if errors.As(cause, &stop) {
		switch stop.sig {
		case os.Interrupt:
			return "SIGINT"
		case syscall.SIGTERM:
			return "SIGTERM"
		case syscall.SIGHUP:
			return "SIGHUP"
		}
	}
	return cause.Error()
}

// waits tells whether a batch of in may take long enough to be stopped by a signal: unless in
// is a file of at most quickBatch bytes and nothing is looked up.
func waits(in io.Reader, engine *diagnose.Engine) bool {
	size := regularFile(in)
	return engine.Looker != nil || size < 0 || size > quickBatch
}

// regularFile is the size of r if it is a regular file, else -1.
func regularFile(r io.Reader) int64 {
	f, ok := r.(*os.File)
	if !ok {
		return -1
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return -1
	}
	return fi.Size()
}

// openInput opens the case input: the --answers file, standard input for "-", or standard input
// when it is piped. It returns a name for messages and a function that closes the input.
func openInput(e *env, command, path string, tr scenarios.Texts) (io.Reader, string, func(), error) {
	switch {
	case path == "" && e.stdinMintty:
		// Git Bash's window: reading it would wait silently for a Ctrl-D (README "Windows").
		return nil, "", nil, usageError(tr.T(txt.CLIMinttyInputHint, "cmd", command), "%s", tr.T(txt.CLIMinttyInput))
	case path == "-" || path == "" && !e.stdinTerminal:
		return e.stdin, "standard input", func() {}, nil
	case path == "" && userShell == sanitize.PowerShell:
		return nil, "", nil, usageError(tr.T(txt.CLINoInputHintPowershell, "cmd", command), "%s", tr.T(txt.CLINoInput))
	case path == "":
		return nil, "", nil, usageError(tr.T(txt.CLINoInputHint, "cmd", command), "%s", tr.T(txt.CLINoInput))
	}
	// Only a regular file (or a link to one): a named pipe or a device is refused before its
	// open could wait for a writer that never comes. Standard input takes pipes.
	f, err := safefile.OpenRegular(path, true)
	var nr *safefile.NotRegularError
	switch {
	case errors.As(err, &nr):
		return nil, "", nil, &exitError{code: exitUsage, hint: tr.T(txt.CLIInputNotRegularHint),
			err: fileProblem(txt.CLICannotRead, path, err, tr)}
	case err != nil:
		return nil, "", nil, &exitError{code: exitUsage, hint: tr.T(txt.CLICannotReadHint),
			err: fileProblem(txt.CLICannotRead, path, err, tr)}
	}
	return f, path, func() { f.Close() }, nil
}

// fileProblem says that path cannot be read or written (which), and why: in tr's language for the
// common reasons and for files cspfix refuses, else as the system put it, without the path that
// *PathError repeats. The path is shown with unsafe characters escaped.
func fileProblem(which txt.Key, path string, err error, tr scenarios.Texts) error {
	return errors.New(tr.T(which, "path", sanitize.Exact(path), "err", fileReason(err, tr)))
}

// fileReason says why a file cannot be read or written, in tr's language (see fileProblem).
func fileReason(err error, tr scenarios.Texts) string {
	var why string
	var nr *safefile.NotRegularError
	var ce *casefile.Error
	var busy *safefile.BusyError
	var changed *safefile.ChangedError
	var taken *safefile.TakenError
	switch {
	case errors.As(err, &nr) && nr.Link:
		why = tr.T(txt.CLILinkTo, "kind", tr.T(fileKind(nr.Mode)))
	case errors.As(err, &nr):
		why = tr.T(txt.CLINotRegular, "kind", tr.T(fileKind(nr.Mode)))
	case errors.As(err, &busy):
		why = tr.T(txt.CLIBusy)
	case errors.As(err, &changed):
		why = tr.T(txt.CLIChanged)
	case errors.As(err, &taken):
		why = tr.T(map[safefile.TakenReason]txt.Key{safefile.Taken: txt.CLITaken, safefile.IsInput: txt.CLITakenInput,
			safefile.InSavedCases: txt.CLITakenSavedCases}[taken.Reason])
	case errors.As(err, &ce):
		why = tr.T(map[casefile.Reason]txt.Key{
			casefile.OtherCase: txt.CLIHoldsOtherCase, casefile.Several: txt.CLIHoldsSeveral,
			casefile.NoCase: txt.CLIHoldsNoCase, casefile.Invalid: txt.CLIHoldsInvalidCase,
		}[ce.Reason], "id", sanitize.Exact(ce.ID))
		if ce.Input != nil {
			why += ": " + ce.Input.Message(tr.Catalog, tr.Lang)
		}
	default:
		why = systemReason(err, tr)
	}
	return why
}

// systemReason says why the system refused to read or write: in tr's language for the common
// reasons, else as the system put it, without the path that *PathError repeats.
func systemReason(err error, tr scenarios.Texts) string {
	var pe *os.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return tr.T(txt.CLIFileNotFound)
	case errors.Is(err, fs.ErrPermission):
		return tr.T(txt.CLIFileNoPermission)
	case errors.Is(err, syscall.EISDIR):
		return tr.T(txt.CLIFileIsDirectory)
	case errors.Is(err, syscall.ENOSPC):
		return tr.T(txt.CLINoSpace)
	case errors.As(err, &pe):
		return pe.Err.Error()
	}
	return err.Error()
}

// fileKind names what a file that is not a regular one is.
func fileKind(m fs.FileMode) txt.Key {
	switch {
	case m&fs.ModeSymlink != 0:
		return txt.CLIKindSymlink
	case m&fs.ModeNamedPipe != 0:
		return txt.CLIKindPipe
	case m.IsDir():
		return txt.CLIKindDirectory
	case m&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return txt.CLIKindDevice
	}
	return txt.CLIKindOther
}

// refusedFile is the usage error for a file cspfix will not resume or write (exit 2, the file
// untouched), with a hint on what to do instead; a file another cspfix holds or changed is a
// conflict (exit 5, nothing written); other errors are failures to write (exit 1).
func refusedFile(which txt.Key, path string, err error, tr scenarios.Texts) error {
	var nr *safefile.NotRegularError
	var ce *casefile.Error
	var busy *safefile.BusyError
	var changed *safefile.ChangedError
	var taken *safefile.TakenError
	switch {
	case errors.As(err, &nr):
		return &exitError{code: exitUsage, err: fileProblem(which, path, err, tr), hint: tr.T(txt.CLINotRegularHint)}
	case errors.As(err, &busy):
		return &exitError{code: exitConflict, err: fileProblem(which, path, err, tr), hint: tr.T(txt.CLIBusyHint)}
	case errors.As(err, &changed):
		return &exitError{code: exitConflict, err: fileProblem(which, path, err, tr), hint: tr.T(txt.CLIChangedHint)}
	case errors.As(err, &taken):
		hint := txt.CLITakenHint
		if taken.Reason == safefile.InSavedCases {
			hint = txt.CLITakenSavedCasesHint
		}
		return &exitError{code: exitUsage, err: fileProblem(which, taken.Path, err, tr), hint: tr.T(hint)}
	case errors.As(err, &ce):
		hint := map[casefile.Reason]txt.Key{
			casefile.OtherCase: txt.CLIOtherCaseHint, casefile.Several: txt.CLISeveralHint,
			casefile.NoCase: txt.CLIOtherCaseHint, casefile.Invalid: txt.CLIInvalidCaseHint,
		}[ce.Reason]
		return &exitError{code: exitUsage, err: fileProblem(which, path, err, tr),
			hint: tr.T(hint, "path", shellWord(path))}
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission):
		return &exitError{code: exitUsage, err: fileProblem(which, path, err, tr), hint: tr.T(txt.CLICheckPath)}
	}
	return &exitError{code: exitFailure, err: fileProblem(which, path, err, tr)}
}
