package cli

import (
	"errors"
	"os"
	"os/exec"
	"os/signal"
)

// runOnline runs cspfix-online as a child with this process's streams and waits for it: Windows
// has no exec. Ctrl-C reaches every process of the console; cspfix-online answers it (saving a
// walkthrough's case) while this one only waits, so that the console gets its prompt back when
// both are done.
func runOnline(path string, args, env []string) (int, error) {
	signal.Notify(make(chan os.Signal, 1), os.Interrupt)
	cmd := exec.Command(path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr, cmd.Env = os.Stdin, os.Stdout, os.Stderr, env
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), nil
	}
	if err != nil {
		return 0, err
	}
	return 0, nil
}
