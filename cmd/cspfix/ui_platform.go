package main

import "github.com/cspfix/cspfix/scenarios"

// platformUI names the command line's texts about the systems and shells cspfix runs in (README
// "Windows"): Git Bash's window, PowerShell's redirections. They are in the catalog
// (scenarios/data/texts/platform.json), under "cli." like ui's.
type platformKeys struct {
	MinttyInput, MinttyInputHint, NoInputHintPowershell, DiagnoseOutFlag scenarios.Key
}

var platformUI = func() (keys platformKeys) {
	scenarios.Bind(&keys, "cli")
	return keys
}()
