//go:build !windows

package cli

import "syscall"

// runOnline makes cspfix-online this process (execve): it keeps the process ID, the streams,
// the terminal and the signals, and its exit status is this run's. It returns only on failure.
func runOnline(path string, args, env []string) (int, error) {
	return 0, syscall.Exec(path, append([]string{path}, args...), env)
}
