package walkthrough

import "github.com/cspfix/cspfix/scenarios/txt"

// groupLabels head the groups of questions, in the order of the guide. The walkthrough's own
// texts are the catalog's "walkthrough." texts; the questions' texts are the questions'.
var groupLabels = [...]txt.Key{txt.WalkthroughGroup1, txt.WalkthroughGroup2, txt.WalkthroughGroup3}
