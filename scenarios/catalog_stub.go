//go:build gencatalog

package scenarios

// generated is empty while the generator runs (go generate builds it with the gencatalog tag),
// so that a catalog_gen.go that no longer fits the types cannot stop it from writing a new one.
var generated catalogData
