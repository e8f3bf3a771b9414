package diagnose

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/cspfix/cspfix/scenarios"
)

func compiledSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema(scenarios.EN)))
	if err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return s
}

func validate(s *jsonschema.Schema, record []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(record))
	if err != nil {
		return err
	}
	return s.Validate(v)
}

// TestExamplesMatchTheSchema validates every example case with a real validator.
func TestExamplesMatchTheSchema(t *testing.T) {
	s := compiledSchema(t)
	files, _ := filepath.Glob("../examples/*.json*")
	if len(files) == 0 {
		t.Fatal("no examples")
	}
	for _, f := range files {
		for i, record := range records(t, f) {
			// batch.jsonl holds one invalid record on purpose.
			wantInvalid := bytes.Contains(record, []byte(`"maybe"`))
			if err := validate(s, record); (err != nil) != wantInvalid {
				t.Errorf("%s record %d: schema error %v, want invalid=%v", f, i+1, err, wantInvalid)
			}
		}
	}
}

// records are the cases of an example file: its lines for JSON Lines, else the whole file.
func records(t *testing.T, path string) [][]byte {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".jsonl") {
		return bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	}
	return [][]byte{data}
}

// TestSchemaAgreesWithTheDecoder runs good and bad records through both: they must agree, so
// an editor flags exactly what cspfix would reject.
func TestSchemaAgreesWithTheDecoder(t *testing.T) {
	s := compiledSchema(t)
	records := []string{
		`{}`,
		`{"id":"x","customer":{"name":"a","tenant_id":"not a guid at all"},"answers":{"other_csp":"unknown"}}`,
		`{"attempts":["2026-11-20T09:14:00+01:00","2026-11-20T08:14:00Z"],"retry_at":"2026-11-20T13:00:00.5+01:00"}`,
		`{"tried":[{"scenario":"D","at":"2026-11-20T09:30:00+01:00","note":"n"}]}`,
		`{"answers":{"partner_center_search":"not_checked","recent_change_at":"2026-11-20T08:50:00-05:00"}}`,
		`{"$schema":"./case.schema.json","id":"x"}`,
		// values as people export them
		`{"answers":{"other_csp":" Ja ","direct_microsoft":false,"invitation_pending":true,"crm_duplicates":"N","recent_change":"weiß nicht","partner_center_search":"Not Found","other_partner_kind":"Your-Provider","change_kind":"partner removed"}}`,
		`{"answers":{"partner_center_search":"yes","earlier_relationship_with_you":"","provider_has_relationship":"?"}}`,
		`{"partner":{"partner_id":4847383}}`, `{"partner":{"partner_id":4.847383e6}}`, `{"partner":{"partner_id":-0}}`,
		`{"attempts":["2026-11-20 09:14","2026-11-20T09:14:00","20.11.2026 09:14"," 2026-11-20 09:14:05Z ","29.2.2028 7:05"]}`,
		`{"tried":[{"scenario":"c"}],"outcome":{"status":"Ticket Opened","scenario":"e"}}`,
		`{"lookups":[{"source":"graph","fact":"tenant_name","value":"Contoso","at":"2026-11-20T10:02:00+01:00"},{"source":"Partner Center","fact":"x","at":"2026-11-20 10:02"}]}`,
		// rejected by both
		`{"lookups":[{"source":"bing","fact":"x","value":"y","at":"2026-11-20T10:02:00Z"}]}`,
		`{"lookups":[{"source":"graph","value":"y","at":"2026-11-20T10:02:00Z"}]}`,
		`{"lookups":[{"source":"graph","fact":"x","value":"y"}]}`,
		`{"lookups":[{"source":"graph","fact":"x","value":"y","at":"2026-11-20T10:02:00Z","token":"t"}]}`,
		`{"$schema":1}`,
		`{"answer":{}}`,
		`{"answers":{"other_csp":"maybe"}}`,
		`{"answers":{"partner_center_search":"ja bitte"}}`,
		`{"answers":{"other_csp":"yes  "}, "tried":[{"scenario":true}]}`,
		`{"answers":{"other_csp":"ye s"}}`,
		`{"answers":{"other_csp":1}}`,
		`{"customer":{"tenant_id":42}}`,
		`{"partner":{"partner_id":48.5}}`, `{"partner":{"partner_id":-1}}`, `{"partner":{"partner_id":1e20}}`,
		`{"attempts":"2026-11-20T09:14:00+01:00"}`,
		`{"attempts":["2026-11-20"]}`,
		`{"attempts":["2026-02-29 09:14"]}`,
		`{"attempts":["29.02.2026 09:14"]}`,
		`{"attempts":["2026-11-20 24:00"]}`,
		`{"attempts":["20.11.2026 09:14+01:00"]}`,
		`{"tried":[{"scenario":"E"}]}`,
		`{"tried":[{"scenario":"C","when":"now"}]}`,
		`{"customer":{"tenant_id":"x","email":"a@b.c"}}`,
		`[]`,
	}
	for _, r := range records {
		schemaErr := validate(s, []byte(r))
		var c Case
		decodeErr := NewDecoder(strings.NewReader(r)).Next(&c)
		if errors.Is(decodeErr, io.EOF) {
			decodeErr = errors.New("not a case")
		}
		if (schemaErr == nil) != (decodeErr == nil) {
			t.Errorf("%s: schema says %v, decoder says %v", r, schemaErr, decodeErr)
		}
	}
}

func TestSchemaDescribesTheQuestions(t *testing.T) {
	var s struct {
		Properties struct {
			Answers struct {
				Properties map[string]struct {
					Description string `json:"description"`
					AnyOf       []struct {
						Enum []any `json:"enum"`
					} `json:"anyOf"`
				} `json:"properties"`
				AdditionalProperties bool `json:"additionalProperties"`
			} `json:"answers"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(Schema(scenarios.EN), &s); err != nil {
		t.Fatal(err)
	}
	other := s.Properties.Answers.Properties["other_csp"]
	if !strings.Contains(other.Description, "another partner") || fmt.Sprint(other.AnyOf[0].Enum) != "[yes no unknown <nil>]" || s.Properties.Answers.AdditionalProperties {
		t.Errorf("answers.other_csp: %+v", other)
	}
}

// TestSchemaDescribesEveryField walks the schema in both languages: every property, and the
// case itself, has a description, and the German one is not the English one.
func TestSchemaDescribesEveryField(t *testing.T) {
	descriptions := func(lang scenarios.Lang) map[string]string {
		var root map[string]any
		if err := json.Unmarshal(Schema(lang), &root); err != nil {
			t.Fatal(err)
		}
		found := map[string]string{}
		var walk func(node map[string]any, path string)
		walk = func(node map[string]any, path string) {
			d, _ := node["description"].(string)
			found[path] = d
			props, _ := node["properties"].(map[string]any)
			if items, ok := node["items"].(map[string]any); ok {
				props, _ = items["properties"].(map[string]any)
				path += "[]"
			}
			for name, child := range props {
				walk(child.(map[string]any), strings.TrimPrefix(path+"."+name, "."))
			}
		}
		walk(root, "")
		return found
	}
	en, de := descriptions(scenarios.EN), descriptions(scenarios.DE)
	if len(en) < 25 {
		t.Fatalf("the walk found only %d fields", len(en))
	}
	for path, text := range en {
		if strings.TrimSpace(text) == "" || strings.TrimSpace(de[path]) == "" || text == de[path] {
			t.Errorf("%q: description en %q, de %q", path, text, de[path])
		}
	}
	// Every explanation in the catalog belongs to a field the case file has.
	for _, f := range scenarios.Embedded().Fields {
		if _, ok := en[f.Path]; !ok {
			t.Errorf("the catalog explains %q, which the case file does not have", f.Path)
		}
	}
}

// TestREADMEListsEveryField: the README's table of the case file names every field of the table
// (the fields of a tried step and of the outcome in their list's and object's row), and no
// answer the table does not have.
func TestREADMEListsEveryField(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	EachField(func(f *Field) {
		if f.Path == "" || f.Kind == KindObject && f.Path != "outcome" || strings.Contains(f.Path, "[]") || strings.HasPrefix(f.Path, "outcome.") {
			return
		}
		if !strings.Contains(readme, "`"+f.Path+"`") {
			t.Errorf("the README's case file table lacks `%s`", f.Path)
		}
	})
	for _, m := range regexp.MustCompile("`answers\\.([a-z_]+)`").FindAllStringSubmatch(readme, -1) {
		if _, ok := byPathOK("answers." + m[1]); !ok {
			t.Errorf("the README names answers.%s, which the case file does not have", m[1])
		}
	}
}
