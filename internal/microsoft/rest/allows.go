package rest

import (
	"context"

	"github.com/cspfix/cspfix/internal/microsoft"
)

// Allows reports whether the token of the client's service allows a lookup (its delegated
// permissions, as the token says them), and whether the token says at all (an opaque token does
// not). It never fails: a token that cannot be had says nothing.
func (g *Graph) Allows(ctx context.Context, lookup microsoft.Lookup) (allowed, known bool) {
	tok, err := g.c.tokens.Token(ctx)
	if err != nil {
		return false, false
	}
	c, ok := tok.Claims()
	if !ok {
		return false, false
	}
	return lookup.Info().Allows(c), true
}
