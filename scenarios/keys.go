package scenarios

import (
	"reflect"
	"strings"
	"unicode"
)

// Key names a text of the catalog. A package declares the texts it uses as a struct of Keys and
// binds it once (Bind); every human text of cspfix is then in the catalog's data, and a test of
// the package checks that the catalog has each of them in every language (Missing).
type Key string

// In is the text in lang, its {placeholders} filled from args (name, value pairs).
func (k Key) In(lang Lang, args ...string) string { return MustLoad().Text(string(k), lang, args...) }

// Bind gives every Key field of the struct that keys points to its code: prefix, a dot, and the
// field's name in snake case (FormKeys → prefix.form_keys).
func Bind(keys any, prefix string) {
	v := reflect.ValueOf(keys).Elem()
	for i := range v.NumField() {
		if f := v.Field(i); f.Type() == reflect.TypeFor[Key]() {
			f.SetString(prefix + "." + snakeCase(v.Type().Field(i).Name))
		}
	}
}

// Missing lists the codes of the struct of Keys that keys points to that the catalog lacks.
func (c *Catalog) Missing(keys any) []string {
	var out []string
	v := reflect.ValueOf(keys).Elem()
	for i := range v.NumField() {
		if k, ok := v.Field(i).Interface().(Key); ok {
			if _, found := c.byCode[string(k)]; !found {
				out = append(out, string(k))
			}
		}
	}
	return out
}

func snakeCase(name string) string {
	var b strings.Builder
	for i, r := range name {
		if unicode.IsUpper(r) && i > 0 && !unicode.IsUpper(rune(name[i-1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
