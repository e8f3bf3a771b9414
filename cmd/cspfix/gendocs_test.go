package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestManPages(t *testing.T) {
	for lang, want := range map[string]string{"en": "Write the support ticket that partner support needs", "de": "Das Support-Ticket schreiben"} {
		dir := t.TempDir()
		e, _, errOut := testEnv("", nil)
		if code := run(e, []string{"gen-docs", "--man", dir, "--lang", lang}); code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		for _, page := range []string{"cspfix.1", "cspfix-diagnose.1", "cspfix-ticket.1", "cspfix-tenant-check.1", "cspfix-checklist.1", "cspfix-schema.1"} {
			if _, err := os.Stat(filepath.Join(dir, page)); err != nil {
				t.Errorf("%s: %v", lang, err)
			}
		}
		ticket, _ := os.ReadFile(filepath.Join(dir, "cspfix-ticket.1"))
		if !strings.HasPrefix(string(ticket), ".nh\n.TH \"CSPFIX\" \"1\"") || !strings.Contains(string(ticket), want) {
			t.Errorf("%s: cspfix-ticket.1:\n%.300s", lang, ticket)
		}
		if _, err := os.Stat(filepath.Join(dir, "cspfix-gen-docs.1")); err == nil {
			t.Errorf("the hidden generator must not get a man page")
		}
	}
}
