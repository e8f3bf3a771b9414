package cli

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
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

// handedOverVar is set for cspfix-online by the cspfix that hands it a run: cspfix's version
// and the path it runs ("v1.2.3 /usr/local/bin/cspfix-online"). cspfix-online takes it out of
// its environment (programs it starts never see it) and refuses a run from a cspfix of another
// version (handedOverBy); a cspfix that finds its own path there runs in cspfix-online's place,
// and fails instead of handing the run on again.
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

// errNotProgram: what lies at cspfix-online's place is no file (a folder, a device).
var errNotProgram = errors.New("not a program")

// onlineExecutable is where cspfix-online is: next to this executable, symbolic links
// followed (a package manager links cspfix into its bin folder, both lie in the package's).
// Never looked up in PATH: the two must come from one release.
func onlineExecutable() (string, error) {
	exe, err := thisExecutable()
	if err != nil {
		return "", err
	}
	name := "cspfix-online"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	return filepath.Join(filepath.Dir(exe), name), nil
}

// findOnline is where cspfix-online lies beside cspfix, or why it does not.
func findOnline() (string, error) {
	path, err := onlineExecutable()
	if err != nil {
		return "", &handOverError{path: "cspfix-online", err: err}
	}
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return "", &handOverError{path: path, err: err}
	case !fi.Mode().IsRegular():
		return "", &handOverError{path: path, err: errNotProgram}
	}
	if _, by, _ := strings.Cut(os.Getenv(handedOverVar), " "); by == path {
		return "", &handOverError{path: path} // this is what was to be cspfix-online
	}
	return path, nil
}

// handOver runs args in cspfix-online, with this process's streams and environment, and
// returns its exit code; on Linux and macOS cspfix-online takes this process's place.
func handOver(args []string) (int, error) {
	path, err := findOnline()
	if err != nil {
		return 0, err
	}
	env := append(slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, handedOverVar+"=") }),
		handedOverVar+"="+version()+" "+path)
	code, err := runOnline(path, args, env)
	if err != nil {
		return 0, &handOverError{path: path, err: err}
	}
	return code, nil
}

// handedOverBy is the version of the cspfix that handed this run to cspfix-online, "" when
// none did; it takes handedOverVar out of the environment. A value that does not name this
// executable's path is no hand-over (set by hand, or inherited from elsewhere).
func handedOverBy() string {
	v, ok := os.LookupEnv(handedOverVar)
	if !ok {
		return ""
	}
	os.Unsetenv(handedOverVar)
	by, path, _ := strings.Cut(v, " ")
	if exe, err := thisExecutable(); err != nil || path != exe {
		return ""
	}
	return by
}

// thisExecutable is the file this process runs, symbolic links followed.
func thisExecutable() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	return exe, nil
}

// otherRelease refuses a run that a cspfix of another version handed over: the two read the
// same case files and settings, and must come from one release.
func otherRelease(by string, tr scenarios.Texts) error {
	if by == "" || by == version() {
		return nil
	}
	return &exitError{code: exitFailure,
		err:  errors.New(tr.T(txt.OnlineExecutableOtherVersion, "cspfix", sanitize.Text(by), "online", version())),
		hint: tr.T(txt.OnlineExecutableMissingHint, "version", installVersionOf(by))}
}

// handOverFailure says in words why command, which needs cspfix-online, did not run.
func handOverFailure(err error, command string, tr scenarios.Texts) error {
	var h *handOverError
	if !errors.As(err, &h) {
		return err
	}
	path := sanitize.Text(h.path)
	hint := tr.T(txt.OnlineExecutableMissingHint, "version", installVersionOf(version()))
	var msg string
	switch {
	case h.err == nil:
		msg = tr.T(txt.OnlineExecutableNotOnline, "path", path)
	case errors.Is(h.err, os.ErrNotExist):
		msg = tr.T(txt.OnlineExecutableMissing, "command", command, "path", path)
	case errors.Is(h.err, errNotProgram):
		msg = tr.T(txt.OnlineExecutableNotProgram, "path", path)
	default:
		msg = tr.T(txt.OnlineExecutableFailed, "path", path, "err", sanitize.Text(h.err.Error()))
	}
	return &exitError{code: exitFailure, err: errors.New(msg), hint: hint}
}

// installVersionOf is what `go install …@` takes for a build's version: the version, or latest
// for a build from source.
func installVersionOf(v string) string {
	if strings.HasPrefix(v, "v") {
		return v
	}
	return "latest"
}
