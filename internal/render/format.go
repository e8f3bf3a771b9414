package render

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/cspfix/cspfix/internal/sanitize"
)

// Format is an output format of the commands.
type Format string

const (
	Text     Format = "text"
	Markdown Format = "markdown"
	JSON     Format = "json"
)

// width is the width to wrap text at: the option's, or 80.
func (o Options) width() int {
	if o.Width > 0 {
		return o.Width
	}
	return 80
}

// writeJSONLine writes v as one line of JSON: with <, > and & readable, and unsafe characters
// escaped (sanitize.JSON). It is how every command's JSON output other than the results'
// (ResultJSON) is written.
func writeJSONLine(w io.Writer, v any) error {
	line, err := marshalLine(v)
	if err == nil {
		_, err = w.Write(line)
	}
	return err
}

func marshalLine(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return sanitize.JSON(b.Bytes()), err
}
