package cli

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// cspfix and cspfix-online (README "Two executables"): cspfix does not link Go's network stack
// (net/http, crypto/tls), whose start-up every command would pay; the commands that reach
// Microsoft (login, logout, tenant resolve, diagnose --online, a walkthrough that may look
// up) hand their whole command line to cspfix-online, which lies next to it and is built
// from the same commands.

// onlineNeeded is a command's word that it needs to reach Microsoft and that this executable
// cannot: run hands the command line to cspfix-online. The command has read and written
// nothing yet.
type onlineNeeded struct{ command string }

func (o *onlineNeeded) Error() string { return o.command + " needs cspfix-online" }

// requireOnline is nil where cspfix can reach Microsoft (cspfix-online, the tests), else the
// request to hand command over.
func (e *env) requireOnline(command string) error {
	if e.online != nil {
		return nil
	}
	return &onlineNeeded{command: command}
}

// handedOverVar marks a run that cspfix handed over: an executable in cspfix-online's place that
// cannot reach Microsoft either fails instead of handing the run on again.
const handedOverVar = "CSPFIX_HANDED_OVER"

// handOverError is why a run could not be handed to cspfix-online.
type handOverError struct {
	path string
	err  error // nil: path is there, but it handed the run back
}

func (h *handOverError) Error() string {
	if h.err == nil {
		return h.path + " handed the run back"
	}
	return h.path + ": " + h.err.Error()
}

// onlineExecutable is where cspfix-online is: next to this executable, symbolic links
// followed (a package manager links cspfix into its bin folder, both lie in the package's).
// Never looked up in PATH: the two must come from one release.
func onlineExecutable() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	name := "cspfix-online"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	return filepath.Join(filepath.Dir(exe), name), nil
}

// handOver runs args in cspfix-online, with this process's streams and environment, and
// returns its exit code; on Linux and macOS cspfix-online takes this process's place.
func handOver(args []string) (int, error) {
	path, err := onlineExecutable()
	if err != nil {
		return 0, &handOverError{path: "cspfix-online", err: err}
	}
	if os.Getenv(handedOverVar) != "" {
		return 0, &handOverError{path: path}
	}
	if _, err := os.Stat(path); err != nil {
		return 0, &handOverError{path: path, err: err}
	}
	code, err := runOnline(path, args, append(os.Environ(), handedOverVar+"=1"))
	if err != nil {
		return 0, &handOverError{path: path, err: err}
	}
	return code, nil
}

// handOverFailure says in words why command, which needs cspfix-online, did not run.
func handOverFailure(err error, command string, tr scenarios.Texts) error {
	var h *handOverError
	if !errors.As(err, &h) {
		return err
	}
	path := sanitize.Text(h.path)
	switch {
	case h.err == nil:
		return &exitError{code: exitFailure, err: errors.New(tr.T(txt.OnlineExecutableNotOnline, "path", path)),
			hint: tr.T(txt.OnlineExecutableMissingHint, "version", installVersion())}
	case errors.Is(h.err, os.ErrNotExist):
		return &exitError{code: exitFailure, err: errors.New(tr.T(txt.OnlineExecutableMissing, "command", command, "path", path)),
			hint: tr.T(txt.OnlineExecutableMissingHint, "version", installVersion())}
	}
	return &exitError{code: exitFailure, err: errors.New(tr.T(txt.OnlineExecutableFailed, "path", path, "err", sanitize.Text(h.err.Error())))}
}

// installVersion is what `go install …@` takes for this build's version: the version, or
// latest for a build from source.
func installVersion() string {
	if v := version(); strings.HasPrefix(v, "v") {
		return v
	}
	return "latest"
}
