package main

import "github.com/cspfix/cspfix/scenarios"

// fileUI names the command line's texts about the files a desk works with: files in use by
// another cspfix or changed meanwhile, output names that are taken, saved cases to delete,
// settings others could have written, inputs that are not files. They are in the catalog
// (scenarios/data/texts/files.json), under "cli." like ui's.
type fileKeys struct {
	LinkTo, Busy, BusyHint, Changed, ChangedHint                               scenarios.Key
	Taken, TakenInput, TakenSavedCases, TakenHint, TakenSavedCasesHint         scenarios.Key
	YesFlag, RmAskOne, RmAskMany, RmAnswer, RmKept, RmNeedsYes, RmNeedsYesHint scenarios.Key
	SharedCase, SharedCaseHint, UnreadableRemoved                              scenarios.Key
	ConfigNotRegularHint, TrustFile, TrustFolder                               scenarios.Key
	UntrustedOwner, UntrustedOwnerHint, UntrustedMode, UntrustedModeHint       scenarios.Key
	CopyTooLarge, FilesRenamed, InputNotRegularHint                            scenarios.Key
	ToHidden, BadEnvTz, BadEnvTzHint                                           scenarios.Key
}

var fileUI = func() (keys fileKeys) {
	scenarios.Bind(&keys, "cli")
	return keys
}()
