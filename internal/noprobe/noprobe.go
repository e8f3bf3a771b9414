// Package noprobe keeps bubbletea v1 from probing the terminal in every cspfix process.
//
// bubbletea v1's package init asks the terminal for its background colour (OSC 11, then a
// cursor-position report) and waits up to five seconds for the answer. Every cspfix command
// links it, so on a terminal that does not answer (ssh -tt, CI logs, some IDE terminals) even
// "cspfix --version" would stall and leave escape sequences behind. termenv skips the probe
// when CI is set, so this package sets CI for the probe and Restore puts the environment back.
//
// It works because Go initialises packages in import-path order once their imports are ready:
// this package imports only os, and "github.com/cspfix/…" comes before "github.com/muesli/termenv",
// on which lipgloss and bubbletea depend. The walkthrough probes the terminal itself, when a
// person is there to answer.
package noprobe

import "os"

var restore = func() {}

func init() {
	if os.Getenv("CI") != "" {
		return // termenv skips the probe anyway
	}
	old, wasSet := os.LookupEnv("CI")
	os.Setenv("CI", "1")
	restore = func() {
		if wasSet {
			os.Setenv("CI", old)
		} else {
			os.Unsetenv("CI")
		}
	}
}

// Restore undoes what init changed. Main calls it before anything reads the environment.
func Restore() { restore() }
