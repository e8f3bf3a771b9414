package rest

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/cspfix/cspfix/internal/microsoft"
)

// nextPage is where a list continues: the URL, the headers to send (Partner Center's
// continuation token) and a key that names it, to notice a service that repeats itself.
type nextPage struct {
	url    *url.URL
	header http.Header
	key    string
}

// list fetches the pages of a list: read takes each page's body and says where the next one
// is (nil at the end). The pages are bounded (maxPages), and a link or token seen before ends
// the list: then, or at the bound, truncated is true — the list may lack items, so "none
// found" means nothing.
func (c *client) list(ctx context.Context, lookup microsoft.Lookup, tok microsoft.Token, first *url.URL, extra http.Header,
	classify func(reply) error, read func(body []byte) (*nextPage, error)) (truncated bool, err error) {
	seen := map[string]bool{first.String(): true}
	u, h := first, extra
	for page := 1; ; page++ {
		r, err := c.get(ctx, lookup, tok, u, h)
		if err != nil {
			return false, err
		}
		if r.status != http.StatusOK {
			return false, classify(r)
		}
		next, err := read(r.body)
		if err != nil {
			return false, c.fail(lookup, microsoft.KindMalformed, tok, r.status, "", requestID(r.header), err.Error())
		}
		if next == nil {
			return false, nil
		}
		if !sameOrigin(next.url, c.root) {
			return false, c.fail(lookup, microsoft.KindRedirect, tok, 0, "", "", "")
		}
		if seen[next.key] || page >= c.maxPages {
			return true, nil
		}
		seen[next.key] = true
		u, h = next.url, next.header
	}
}

// queryEscape escapes a query value with %20 for spaces, as OData examples write them.
func queryEscape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// endpoint is the service root with path (literal: a path made from checked values only) and
// raw query appended.
func endpoint(root *url.URL, path, rawQuery string) *url.URL {
	u := *root
	u.Path = root.Path + path
	u.RawPath = root.Path + path
	u.RawQuery = rawQuery
	return &u
}
