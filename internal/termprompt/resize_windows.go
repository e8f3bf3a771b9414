//go:build windows

package termprompt

import "golang.org/x/sys/windows"

// notifyResize: the Windows console sends no signal when it is resized; the question is drawn
// at the console's width with each key.
func notifyResize() (<-chan struct{}, func()) { return nil, func() {} }

// enableEscapes turns on the console's processing of escape sequences (cursor movement,
// colours) for the output with descriptor fd, and returns what undoes it.
func enableEscapes(fd int) func() {
	if fd < 0 {
		return func() {}
	}
	h := windows.Handle(fd)
	var mode uint32
	if err := windows.GetConsoleMode(h, &mode); err != nil {
		return func() {}
	}
	if err := windows.SetConsoleMode(h, mode|windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING); err != nil {
		return func() {}
	}
	return func() { _ = windows.SetConsoleMode(h, mode) }
}
