package walkthrough

import "github.com/cspfix/cspfix/scenarios"

// labels are the walkthrough's own texts, in the catalog under "walkthrough."; the questions'
// texts come from the catalog's questions.
var labels = func() (keys struct {
	Group1, Group2, Group3                                                           scenarios.Key
	DidItWork, FixedYes, FixedNo, FixedLater, WhatHappened, WhatHappenedHelp         scenarios.Key
	NotYet, TimeFormats, BadTime, IDsMatch, IDsDiffer                                scenarios.Key
	RetryWhen, RetryWhenHelp, TicketReference, TicketReferenceHelp                   scenarios.Key
	OfferMessage, OfferMessageHelp, OfferYes, OfferNo                                scenarios.Key
	Review, ReviewHelp, ReviewDone, NoAnswer                                         scenarios.Key
	Resuming, ResumingTried, ResumingOpen, ResumingNothingTried, ResumingNothingOpen scenarios.Key
	DotTime, InTheFuture, RowEntered, RowConfirmed                                   scenarios.Key
	PartnerNumberLooksLikeTenant, PartnerNumberDigits                                scenarios.Key
	TriedEarly, TriedEarlyHelp, TriedEarlyWait, TriedEarlyChange                     scenarios.Key
	Reopen, ReopenHelp, ReopenNo, ReopenYes                                          scenarios.Key
	RetryWhenHelpHour, TimePassed, TimeSkipped, TimeTwice                            scenarios.Key
}) {
	scenarios.Bind(&keys, "walkthrough")
	return keys
}()

// groupLabels head the groups of questions, in the order of the guide.
var groupLabels = [...]scenarios.Key{labels.Group1, labels.Group2, labels.Group3}
