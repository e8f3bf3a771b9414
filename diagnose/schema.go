package diagnose

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"

	"github.com/cspfix/cspfix/scenarios"
)

// SchemaID names the case-file schema.
const SchemaID = "https://github.com/cspfix/cspfix/schema/case.json"

// Schema is the JSON Schema (draft 2020-12) of a case file (one case; a file may also hold an
// array of them or JSON Lines). It is derived from the Case type that the decoder fills, so the
// two cannot drift: unknown keys are rejected, enums and time formats are those the decoder
// accepts. Every field is described in lang, from the catalog's questions and fields.
func Schema(lang scenarios.Lang) []byte {
	s := schemaFor(caseType, "", lang)
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

// leafSchemas are the types whose JSON form is a string with rules of its own.
var leafSchemas = map[reflect.Type]func() map[string]any{
	reflect.TypeFor[Answer](): func() map[string]any {
		return map[string]any{"type": "string", "enum": []string{"yes", "no", "unknown"}}
	},
	reflect.TypeFor[Search](): func() map[string]any {
		return map[string]any{"type": "string", "enum": []string{"found", "not_found", "not_checked"}}
	},
	timeType: func() map[string]any {
		return map[string]any{"type": "string", "format": "date-time", "pattern": rfc3339Pattern}
	},
	reflect.TypeFor[scenarios.ID](): func() map[string]any {
		// Only the remedies of A to D can have been tried.
		return map[string]any{"type": "string", "enum": []string{"A", "B", "C", "D"}}
	},
}

// rfc3339Pattern requires the offset that RFC 3339 (and the decoder) require; "date-time"
// alone is not asserted by every validator.
const rfc3339Pattern = `^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$`

func schemaFor(t reflect.Type, path string, lang scenarios.Lang) map[string]any {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var s map[string]any
	switch leaf, ok := leafSchemas[t]; {
	case ok:
		s = leaf()
	case t.Kind() == reflect.Struct:
		props := map[string]any{}
		fields := jsonFields(t)
		for _, name := range fields.names {
			props[name] = schemaFor(fields.byName[name].Type, joinPath(path, name), lang)
		}
		s = map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	case t.Kind() == reflect.Slice:
		items := schemaFor(t.Elem(), path, lang)
		delete(items, "description") // the array says it
		s = map[string]any{"type": "array", "items": items}
	default:
		s = map[string]any{"type": "string"}
	}
	cat := scenarios.MustLoad()
	if q, ok := cat.Question(path); ok {
		prompt := q.Prompt.In(lang)
		if !strings.HasSuffix(prompt, "?") {
			prompt += "."
		}
		s["description"] = prompt + " " + q.Help.In(lang)
	} else if f, ok := cat.Field(path); ok {
		s["description"] = f.Help.In(lang)
	}
	return s
}
