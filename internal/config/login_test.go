package config

import "github.com/cspfix/cspfix/scenarios"

import "testing"

func TestLoginSettings(t *testing.T) {
	tests := []struct {
		key, value, want string
		bad              bool
	}{
		{"login.client_id", " 04B07795-8DDB-461A-BBEE-02F9E1BF7B46 ", "04b07795-8ddb-461a-bbee-02f9e1bf7b46", false},
		{"login.client_id", "{04b07795-8ddb-461a-bbee-02f9e1bf7b46}", "", true},
		{"login.client_id", "04b07795-8ddb-461a-bbee-02f9e1bf7b4", "", true},
		{"login.client_id", "00000000-0000-0000-0000-000000000000", "", true},
		{"login.client_id", "cspfix", "", true},
		{"login.tenant", "84841066-274D-4EC0-A5C1-276BE684BDD3", "84841066-274d-4ec0-a5c1-276be684bdd3", false},
		{"login.tenant", "FabrikamIT.onmicrosoft.com.", "fabrikamit.onmicrosoft.com", false},
		{"login.tenant", "fabrikam-it.de", "fabrikam-it.de", false},
		{"login.tenant", "common", "", true},
		{"login.tenant", "organizations", "", true},
		{"login.tenant", "consumers", "", true},
		{"login.tenant", "9188040d-6c67-4c5b-b112-36a304b66dad", "", true},
		{"login.tenant", "00000000-0000-0000-0000-000000000000", "", true},
		{"login.tenant", "https://login.microsoftonline.com/contoso.com", "", true},
		{"login.tenant", "contoso.com/../x", "", true},
		{"login.tenant", "10.0.0.1", "", true},
		{"login.tenant", "müller.de", "", true},
		{"login.cloud", "Public", "public", false},
		{"login.cloud", "US-Government", "us_government", false},
		{"login.cloud", "us government", "us_government", false},
		{"login.cloud", "china", "china", false},
		{"login.cloud", "germany", "", true},
		{"login.cloud", "", "", false},
	}
	for _, tt := range tests {
		k, err := Find(tt.key)
		if err != nil {
			t.Fatal(err)
		}
		var c Config
		err = k.Set(scenarios.Embedded(), &c, tt.value)
		if tt.bad != (err != nil) || !tt.bad && k.Get(&c) != tt.want {
			t.Errorf("set %s %q: %q, %v", tt.key, tt.value, k.Get(&c), err)
		}
	}
}

func TestLoginSettingsInTheFile(t *testing.T) {
	path := t.TempDir() + "/config.json"
	c := &Config{Login: Login{ClientID: "04b07795-8ddb-461a-bbee-02f9e1bf7b46", Tenant: "fabrikamit.onmicrosoft.com", Cloud: "public"}}
	if err := Save(path, c); err != nil {
		t.Fatal(err)
	}
	got, err := Load(scenarios.Embedded(), path)
	if err != nil || got.Login != c.Login {
		t.Fatalf("got %+v, %v", got, err)
	}
	// A value no setting can hold is refused on load too.
	if err := Save(path, &Config{Login: Login{Cloud: "moon"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(scenarios.Embedded(), path); err == nil {
		t.Error("a broken login.cloud loads")
	}
}
