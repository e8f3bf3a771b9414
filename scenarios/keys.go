package scenarios

import (
	"github.com/cspfix/cspfix/scenarios/txt"
	"reflect"
)

// Key names a text of the catalog. A package declares the texts it uses as a struct of Keys and
// binds it once (Bind); every human text of cspfix is then in the catalog's data, and a test of
// the package checks that the catalog has each of them in every language (Missing).
type Key string

// In is the text in lang, its {placeholders} filled from args (name, value pairs).
func (k Key) In(lang Lang, args ...string) string { return MustLoad().Text(txt.Key(k), lang, args...) }

// Bind gives every Key field of the struct that keys points to its code: prefix, a dot, and the
// field's name in snake case (FormKeys → prefix.form_keys).
func Bind(keys any, prefix string) {
	// Every package binds its keys while it initialises, in every run: the codes are written
	// into one buffer and cut from one string, one allocation for all of them.
	v := reflect.ValueOf(keys).Elem()
	t, keyType := v.Type(), reflect.TypeFor[Key]()
	var buf []byte
	fields := make([]int, 0, t.NumField())
	ends := make([]int, 0, t.NumField())
	for i := range t.NumField() {
		if v.Field(i).Type() == keyType {
			buf = appendSnakeCase(append(append(buf, prefix...), '.'), t.Field(i).Name)
			fields, ends = append(fields, i), append(ends, len(buf))
		}
	}
	all, start := string(buf), 0
	for n, i := range fields {
		v.Field(i).SetString(all[start:ends[n]])
		start = ends[n]
	}
}

// Missing lists the codes of the struct of Keys that keys points to that the catalog lacks.
func (c *Catalog) Missing(keys any) []string {
	var out []string
	v := reflect.ValueOf(keys).Elem()
	for i := range v.NumField() {
		if k, ok := v.Field(i).Interface().(Key); ok {
			if _, found := c.message(string(k)); !found {
				out = append(out, string(k))
			}
		}
	}
	return out
}

// appendSnakeCase appends a field's name in snake case (FormKeys → form_keys); the names of
// key fields are ASCII.
func appendSnakeCase(b []byte, name string) []byte {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'A' && c <= 'Z' {
			if i > 0 && !(name[i-1] >= 'A' && name[i-1] <= 'Z') {
				b = append(b, '_')
			}
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}
