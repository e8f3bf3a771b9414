// Package casegen writes realistic case files for benchmarks and load tests: varied answers,
// tenant IDs with the usual copy-and-paste damage, attempts and tried steps.
package casegen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
	"unicode/utf16"
)

var (
	answers  = []string{"yes", "no", "unknown", "no", "no"}
	searches = []string{"found", "not_found", "not_checked", "not_found"}
	kinds    = []string{"reseller", "syndication", "your_provider", "unknown", "reseller"}
	changes  = []string{"partner_removed", "invitation_accepted", "new_tenant", "other", "unknown"}
	// Most customers are in the partner's country; some in its region, a few outside it.
	countries = []string{"DE", "DE", "DE", "AT", "CH", "FR", "US"}
	names     = []string{"Contoso GmbH", "Fabrikam Möbel AG", "Litware Inc.", "Adatum Corporation", "Tailspin Toys GmbH", "Northwind Traders"}
	damage    = []func(string) string{
		func(s string) string { return s },
		func(s string) string { return s },
		func(s string) string { return " " + s + " " },
		func(s string) string { return "{" + s + "}" },
		func(s string) string { return s[:10] + "а" + s[11:] }, // Cyrillic a
		func(s string) string { return s[:20] + "\u200b" + s[20:] },
		func(s string) string { return s[:30] },
	}
)

// Write writes n cases as JSON Lines, the same for the same seed.
func Write(w io.Writer, n int, seed uint64) error {
	rnd := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	bw := bufio.NewWriterSize(w, 64<<10)
	base := time.Date(2026, 11, 20, 12, 0, 0, 0, time.FixedZone("", 3600))
	pick := func(list []string) string { return list[rnd.IntN(len(list))] }
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", rnd.Uint32(), rnd.IntN(1<<16), rnd.IntN(1<<12), 0x8000|rnd.IntN(1<<14), rnd.Uint64()&(1<<48-1))
		confirmed := id
		if rnd.IntN(10) == 0 {
			confirmed = id[:35] + "f"
		}
		change := base.Add(-time.Duration(rnd.IntN(100*60)) * time.Minute).Format(time.RFC3339)
		_, err := fmt.Fprintf(bw, `{"id":"case-%d","customer":{"name":%q,"domain":"tenant%d.onmicrosoft.com","tenant_id":%q,"confirmed_tenant_id":%q,"country":%q},`+
			`"partner":{"name":"Fabrikam IT","partner_id":"4847383","indirect_provider":"Northwind Distribution","country":"DE"},`+
			`"error_message":"Partner relation does not work because it is already existing","attempts":[%q],`+
			`"answers":{"other_csp":%q,"other_partner_kind":%q,"direct_microsoft":%q,"earlier_relationship_with_you":%q,"invitation_pending":%q,"recent_change":%q,"change_kind":%q,"recent_change_at":%q,"crm_duplicates":%q,"partner_center_search":%q,"provider_has_relationship":%q},`+
			`"tried":[{"scenario":"C","at":%q,"note":"re-entered the ID, same error"}],"notes":"Customer's IT lead says nobody changed anything."}`+"\n",
			i+1, pick(names), i, damage[rnd.IntN(len(damage))](id), confirmed, pick(countries), change,
			pick(answers), pick(kinds), pick(answers), pick(answers), pick(answers), pick(answers), pick(changes), change,
			pick(answers), pick(searches), pick(answers), change)
		if err != nil {
			return err
		}
	}
	return bw.Flush()
}

// UTF16 encodes s as UTF-16 with a byte order mark, as Windows PowerShell writes files.
func UTF16(s string, bigEndian bool) []byte {
	out := []byte{0xFF, 0xFE}
	if bigEndian {
		out = []byte{0xFE, 0xFF}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}
