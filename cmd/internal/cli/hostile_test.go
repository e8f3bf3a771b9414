package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/internal/casegen"
)

// TestHostileInputs feeds what Excel, PowerShell and CRM exports produce through
// `cspfix diagnose -o json`: every record gets a result, in order, the valid ones intact.
func TestHostileInputs(t *testing.T) {
	valid := func(id string) string { return `{"id":"` + id + `","answers":{"other_csp":"yes"}}` }
	tests := []struct {
		name    string
		input   string
		code    int
		results string // id:status for each result, in order
		message string // a message expected among the invalid results
	}{
		{"UTF-8 BOM, CRLF, blank lines, pretty", "\ufeff" + valid("a") + "\r\n\r\n\r\n{\r\n  \"id\": \"b\"\r\n}\r\n", exitOK, "a:diagnosed b:incomplete", ""},
		{"UTF-16 LE from PowerShell", string(casegen.UTF16(valid("a")+"\r\n"+valid("b")+"\r\n", false)), exitOK, "a:diagnosed b:diagnosed", ""},
		{"UTF-16 BE array", string(casegen.UTF16("["+valid("a")+","+valid("b")+"]", true)), exitOK, "a:diagnosed b:diagnosed", ""},
		{"garbage line (a CSV header)", valid("a") + "\nKunde;Tenant-ID;Status\n" + valid("c"), exitInvalid, "a:diagnosed #2:invalid c:diagnosed", "not valid JSON: invalid character 'K'"},
		{"truncated line", valid("a") + "\n{\"id\":\"b\",\"answers\":{\"other\n" + valid("c"), exitInvalid, "a:diagnosed b:invalid c:diagnosed", "not valid JSON"},
		{"truncated at the end", valid("a") + "\n{\"id\":\"b\",", exitInvalid, "a:diagnosed b:invalid", "the record ends too early"},
		{"wrong type", valid("a") + "\n{\"id\":\"b\",\"attempts\":\"yesterday\"}\n" + valid("c"), exitInvalid, "a:diagnosed b:invalid c:diagnosed", "attempts: must be a list, not a string"},
		{"non-object in an array", "[" + valid("a") + ",\"b\",null,42," + valid("e") + "]", exitInvalid, "a:diagnosed #2:invalid #3:invalid #4:invalid e:diagnosed", "a case must be a JSON object, not null"},
		{"deep nesting", "{\"notes\":" + strings.Repeat("[", 50000) + strings.Repeat("]", 50000) + "}\n" + valid("b"), exitInvalid, "#1:invalid b:diagnosed", "it is nested too deeply"},
		{"NUL bytes", "\x00\x00\x00\n" + valid("b") + "\n{\"id\":\"c\x00\"}", exitInvalid, "#1:invalid b:diagnosed #3:invalid", `invalid character '\x00'`},
		{"invalid UTF-8 (Latin-1 export)", "{\"id\":\"M\xfcller\"}\n" + valid("b"), exitInvalid, "#1:invalid b:diagnosed", "it is not valid UTF-8 text"},
		{"megabytes of notes", `{"id":"a","notes":"` + strings.Repeat("Lorem ipsum ", 300000) + `"}` + "\n" + valid("b"), exitOK, "a:incomplete b:diagnosed", ""},
		{"a record over the size limit", `{"id":"a","notes":"` + strings.Repeat("x", 17<<20) + `"}` + "\n" + valid("b"), exitInvalid, "#1:invalid b:diagnosed", "the record is larger than 16 MiB"},
		{"unknown key in the middle of a batch", valid("a") + "\n{\"id\":\"b\",\"answers\":{\"other_cps\":\"yes\"}}\n" + valid("c"), exitInvalid, "a:diagnosed b:invalid c:diagnosed", `did you mean "other_csp"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, out, errOut := testEnv(tt.input, nil)
			if code := run(e, []string{"diagnose", "-o", "json", "--now", "2026-11-20T12:00:00+01:00"}); code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, errOut)
			}
			var got []string
			var messages []string
			for _, line := range bytes.Split(bytes.TrimSpace(out.Bytes()), []byte("\n")) {
				var r struct {
					ID     string `json:"id"`
					Status string `json:"status"`
					Error  *struct {
						Message string `json:"message"`
					} `json:"error"`
				}
				if err := json.Unmarshal(line, &r); err != nil {
					t.Fatalf("stdout holds a line that is not JSON: %v: %.100q", err, line)
				}
				got = append(got, r.ID+":"+r.Status)
				if r.Error != nil {
					messages = append(messages, r.Error.Message)
				}
			}
			if strings.Join(got, " ") != tt.results {
				t.Errorf("results %q, want %q", strings.Join(got, " "), tt.results)
			}
			if all := strings.Join(messages, " | "); tt.message == "" && all != "" || !strings.Contains(all, tt.message) {
				t.Errorf("messages %q lack %q", all, tt.message)
			}
			if strings.Contains(errOut.String(), "goroutine") || strings.Contains(errOut.String(), "panic") {
				t.Errorf("stack trace on stderr: %s", errOut)
			}
		})
	}
}

func TestEmptyInputs(t *testing.T) {
	for name, input := range map[string]string{
		"nothing": "", "white space": " \r\n\t\n", "only a BOM": "\ufeff", "empty array": "[ ]", "UTF-16 BOM only": "\xff\xfe",
	} {
		e, out, errOut := testEnv(input, nil)
		if code := run(e, []string{"diagnose", "-o", "json"}); code != exitUsage {
			t.Errorf("%s: exit %d, want %d", name, code, exitUsage)
		}
		if out.Len() != 0 || !strings.Contains(errOut.String(), "error: the input holds no case") {
			t.Errorf("%s: stdout %q stderr %q", name, out, errOut)
		}
	}
}
