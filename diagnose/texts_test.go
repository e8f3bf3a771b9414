package diagnose

import (
	"go/ast"
	goparser "go/parser"
	"go/token"
	"strconv"
	"testing"

	"github.com/cspfix/cspfix/scenarios/txt"
)

// kindConstants are the values of the constants of the named type declared in this package's
// source: every kind there is, including one added tomorrow.
func kindConstants(t *testing.T, typ string) []string {
	t.Helper()
	pkgs, err := goparser.ParseDir(token.NewFileSet(), ".", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var values []string
	for _, f := range pkgs["diagnose"].Files {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != typ {
					continue
				}
				for _, v := range vs.Values {
					if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						s, _ := strconv.Unquote(lit.Value)
						values = append(values, s)
					}
				}
			}
		}
	}
	if len(values) == 0 {
		t.Fatalf("no constants of type %s", typ)
	}
	return values
}

// TestEveryKindHasItsText: each kind of problem, of failed lookup, of tenant ID problem and of
// message has its text in its table, so that saying one never asks the catalog for nothing.
func TestEveryKindHasItsText(t *testing.T) {
	for _, tt := range []struct {
		typ   string
		table func(string) txt.Key
	}{
		{"ErrorKind", func(v string) txt.Key { return inputTexts.Get()[ErrorKind(v)] }},
		{"LookupKind", func(v string) txt.Key { return lookupTexts.Get()[LookupKind(v)] }},
		{"ProblemKind", func(v string) txt.Key { return problemTexts.Get()[ProblemKind(v)] }},
		{"MessageKind", func(v string) txt.Key { return messageSubjects.Get()[MessageKind(v)] }},
	} {
		for _, v := range kindConstants(t, tt.typ) {
			if tt.table(v) == "" {
				t.Errorf("%s %q has no text", tt.typ, v)
			}
		}
	}
}
