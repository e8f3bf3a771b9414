package entra

import (
	"context"
	"io"
	"os"
	"os/exec"
	"runtime"
)

// openBrowser opens address in the system's default browser (openerCommand). It returns when
// the opener ends; an error means that no browser could be opened (the address is then shown).
//
// The opener reads nothing, so that a text browser started by it cannot take the terminal, and
// never writes to stdout. What it prints goes to progress when that is a file (stderr itself),
// else nowhere: a pipe would be held open by the browser it starts, which would write into it
// after cspfix ended.
func openBrowser(ctx context.Context, address string, progress io.Writer) error {
	name, args, err := openerCommand(runtime.GOOS, address, os.Getenv)
	if err != nil {
		return err
	}
	// Not bound to ctx: a browser that was opened stays open when the sign-in ends.
	cmd := exec.Command(name, args...)
	if f, ok := progress.(*os.File); ok && f != os.Stdout {
		cmd.Stdout, cmd.Stderr = f, f
	}
	return cmd.Run()
}
