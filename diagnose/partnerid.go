package diagnose

import "strings"

// IsPartnerID reports whether s is a Partner ID as Microsoft gives them: digits only. The one
// home of that rule: the walkthrough checks an ID as it is typed, the ticket names one that is
// not, and the desk's settings refuse one.
func IsPartnerID(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }
