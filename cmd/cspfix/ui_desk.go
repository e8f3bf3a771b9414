package main

import "github.com/cspfix/cspfix/scenarios"

// deskUI names texts of the command line found missing when a desk first used it: a --save
// without a terminal, one invalid record, a blank setting. They are in the catalog
// (scenarios/data/texts/cli.json), under "cli." like ui's.
type deskKeys struct {
	SaveNeedsTerminal, SaveNeedsTerminalHint, SaveNeedsPrompts scenarios.Key
	InvalidRecordsOne, ConfigBlank, ConfigBlankHint            scenarios.Key
}

var deskUI = func() (keys deskKeys) {
	scenarios.Bind(&keys, "cli")
	return keys
}()
