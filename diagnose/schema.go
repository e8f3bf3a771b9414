package diagnose

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/cspfix/cspfix/scenarios"
)

// SchemaID names the case-file schema.
const SchemaID = "https://github.com/cspfix/cspfix/schema/case.json"

// Schema is the JSON Schema (draft 2020-12) of a case file (one case; a file may also hold an
// array of them or JSON Lines). It is made from the field table that the decoder reads, so the
// two cannot drift: unknown keys are rejected, null stands for "not given", enums and times are
// what the decoder accepts. Every field is described in lang, from the catalog. What a schema
// cannot say (a key given twice, an unpaired surrogate escape) the decoder rejects as I-JSON,
// RFC 7493, does.
func (m *Model) Schema(lang scenarios.Lang) []byte {
	s := m.schemaFor(m.root, lang)
	s["type"] = "object" // the case itself is never null
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = SchemaID
	s["title"] = "cspfix case"
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		panic(err) // maps of strings and slices always encode
	}
	return b.Bytes()
}

func (m *Model) schemaFor(f *Field, lang scenarios.Lang) map[string]any {
	// A value that may be left out may also be null; a required one and a list's items may not.
	nullable := func(t string) any {
		if f.Required || strings.HasSuffix(f.Path, "[]") {
			return t
		}
		return []string{t, "null"}
	}
	var s map[string]any
	switch f.Kind {
	case KindObject:
		props := map[string]any{}
		var required []string
		for _, c := range f.Fields {
			props[c.Name] = m.schemaFor(c, lang)
			if c.Required {
				required = append(required, c.Name)
			}
		}
		s = map[string]any{"type": nullable("object"), "properties": props, "additionalProperties": false}
		if len(required) > 0 {
			s["required"] = required
		}
	case KindList:
		items := m.schemaFor(f.Item, lang)
		delete(items, "description") // the list says it
		s = map[string]any{"type": nullable("array"), "items": items}
	case KindEnum:
		// The values as the case format writes them, for editors to offer, or any way of
		// writing them that the decoder reads (values.go).
		values := []any{}
		for _, v := range f.Values {
			values = append(values, v)
		}
		if _, ok := nullable("").([]string); ok {
			values = append(values, nil)
		}
		forms := []any{map[string]any{"enum": values}, map[string]any{"type": "string", "pattern": wordsPattern(f.words())}}
		if f.takesBooleans() {
			forms = append(forms, map[string]any{"type": "boolean"})
		}
		s = map[string]any{"anyOf": forms}
	case KindTime:
		s = map[string]any{"type": nullable("string"), "pattern": timePattern}
	case KindText:
		s = map[string]any{"type": nullable("string")}
		if f.Integer {
			s["type"] = []string{"string", "integer", "null"}
			s["minimum"], s["maximum"] = 0, json.Number(maxPartnerID)
		}
	default:
		s = map[string]any{"type": nullable("string")}
	}
	if q := f.Question; q != nil {
		prompt := q.Prompt.In(lang)
		if !strings.HasSuffix(prompt, "?") {
			prompt += "."
		}
		s["description"] = prompt + " " + q.Help.In(lang)
	} else if h, ok := m.Catalog.Field(f.Path); ok {
		s["description"] = h.Help.In(lang)
	}
	return s
}
