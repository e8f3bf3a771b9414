//go:build unix

package termprompt

import (
	"os"
	"os/signal"
	"syscall"
)

// notifyResize reports each change of the terminal's size (SIGWINCH), so that the question is
// drawn again at the new width; stop ends the reports.
func notifyResize() (<-chan struct{}, func()) {
	sigs := make(chan os.Signal, 1)
	out := make(chan struct{}, 1)
	done := make(chan struct{})
	signal.Notify(sigs, syscall.SIGWINCH)
	go func() {
		for {
			select {
			case <-sigs:
				select {
				case out <- struct{}{}:
				default:
				}
			case <-done:
				return
			}
		}
	}()
	return out, func() {
		signal.Stop(sigs)
		close(done)
	}
}

// enableEscapes turns on the escape sequences of an output: on Unix terminals they always are.
func enableEscapes(int) func() { return func() {} }
