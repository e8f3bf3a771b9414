package rest

import (
	"net/url"

	"github.com/cspfix/cspfix/internal/microsoft"
)

// Connector makes the clients of the services with Config (its Root and Tokens aside): clients
// made by one Connector share its limiter.
type Connector struct{ Config Config }

var _ microsoft.Connector = Connector{}

func (c Connector) config(root *url.URL, tokens microsoft.TokenSource) Config {
	cfg := c.Config
	cfg.Root, cfg.Tokens = root, tokens
	return cfg
}

func (c Connector) Graph(root *url.URL, tokens microsoft.TokenSource) (microsoft.Graph, error) {
	g, err := NewGraph(c.config(root, tokens))
	if err != nil {
		return nil, err // not a nil *Graph in the interface
	}
	return g, nil
}

func (c Connector) PartnerCenter(root *url.URL, tokens microsoft.TokenSource) (microsoft.PartnerCenter, error) {
	p, err := NewPartnerCenter(c.config(root, tokens))
	if err != nil {
		return nil, err
	}
	return p, nil
}
