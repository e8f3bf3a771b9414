module github.com/cspfix/cspfix

go 1.26.0

// What the binary is built from.
require (
	github.com/aymanbagabas/go-osc52/v2 v2.0.1
	github.com/spf13/cobra v1.10.2
	github.com/spf13/pflag v1.0.9
	golang.org/x/net v0.62.0
	golang.org/x/sys v0.49.0
	golang.org/x/term v0.47.0
	golang.org/x/text v0.43.0
)

// What only the tests use (never linked into the binary: TestBinaryLeavesOutTestCode): a strict
// JSON parser and a JSON Schema validator (the schema's contract), testscript and txtar, and a
// Markdown renderer (what GitHub makes of cspfix's Markdown).
require (
	github.com/go-json-experiment/json v1.27.2
	github.com/rogpeppe/go-internal v1.16.0
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	github.com/yuin/goldmark v1.8.7
)

require (
	github.com/cpuguy83/go-md2man/v2 v2.0.6 // indirect
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/russross/blackfriday/v2 v2.1.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/tools v0.51.0 // indirect
)
