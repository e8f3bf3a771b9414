// Package txt names the texts of the catalog (scenarios/data/texts): one constant for each, made
// by go generate ./scenarios from the data (txt_gen.go). Code names a text only through them, so
// that a text the catalog lacks is a compile error, never a run-time panic; what the catalog's
// own data names (a rule's text, a need's label) it names by code, and the catalog checks that
// when it is loaded.
package txt

// Key is the code of a text of the catalog.
type Key string
