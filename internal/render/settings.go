package render

import (
	"io"
	"strings"

	"github.com/cspfix/cspfix/internal/sanitize"
)

// Setting is one key of the settings and its value ("" when it is not set).
type Setting struct {
	Key, Value string
}

// Settings writes the settings: "key=value" lines, or one JSON object with every key (null when
// not set).
func Settings(w io.Writer, list []Setting, format Format) error {
	if format == JSON {
		b := []byte{'{'}
		for i, s := range list {
			if i > 0 {
				b = append(b, ',')
			}
			b = sanitize.AppendJSONString(b, s.Key)
			b = append(b, ':')
			b = appendNullable(b, s.Value)
		}
		_, err := w.Write(append(b, '}', '\n'))
		return err
	}
	var b strings.Builder
	for _, s := range list {
		b.WriteString(s.Key + "=" + sanitize.Exact(s.Value) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
