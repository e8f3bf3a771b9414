//go:build !unix && !windows

package termprompt

// notifyResize: without a signal for it, the question is drawn at the terminal's width with
// each key.
func notifyResize() (<-chan struct{}, func()) { return nil, func() {} }

// enableEscapes: nothing to turn on.
func enableEscapes(int) func() { return func() {} }
