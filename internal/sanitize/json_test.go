package sanitize

import (
	"encoding/json"
	"testing"
)

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", "quote \" backslash \\", "ctl \x00\x1b[31m", "\u2028\u2029", "\xff\xfe", "ümlaut",
		"eight by\"te runs", "12345678\\abcdefgh\x7f", "1234567\xe2\x80\xae", "abcdefghijklmnop\x1f"} { // runs of eight bytes, as plainASCII reads them
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := AppendJSONString(nil, s)
		var back string
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%q encodes to invalid JSON %s: %v", s, b, err)
		}
		want, _ := json.Marshal(s) // encoding/json is the reference, apart from its HTML escaping
		var ref string
		_ = json.Unmarshal(want, &ref)
		if back != ref {
			t.Fatalf("round trip of %q: got %q, want %q", s, back, ref)
		}
	})
}
