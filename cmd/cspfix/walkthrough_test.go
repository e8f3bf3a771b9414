package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cspfix/cspfix/internal/casefile"
)

// TestPipedAnswersWithSettings: piped answers with a Partner ID in the settings land in the
// fields they answer, in the order the walkthrough asks them without the Partner ID.
func TestPipedAnswersWithSettings(t *testing.T) {
	dir := t.TempDir()
	config := filepath.Join(dir, "config.json")
	if err := os.WriteFile(config, []byte(`{"partner": {"partner_id": "4847383"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	save := filepath.Join(dir, "case.json")
	answers := strings.Join([]string{"Contoso GmbH", "contoso.com", "2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7", "Northwind", "", "10:15"}, "\n") + "\n"
	e, _, errOut := testEnv(answers, map[string]string{"CSPFIX_CONFIG": config})
	run(e, []string{"diagnose", "--accessible", "--save", save})
	c, err := casefile.Load(save)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if c.Customer.Name != "Contoso GmbH" || c.Customer.Domain != "contoso.com" || c.Customer.TenantID != "2f6a8c1e-7d4b-4e9a-b3c5-81d0e6f2a9b7" ||
		c.Partner.PartnerID != "4847383" || c.Partner.IndirectProvider != "Northwind" || len(c.Attempts) != 1 {
		t.Errorf("answers landed elsewhere: %+v %+v %v\n%s", c.Customer, c.Partner, c.Attempts, errOut)
	}
}
