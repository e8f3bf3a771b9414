package config

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cspfix/cspfix/internal/safefile"
	"github.com/cspfix/cspfix/scenarios"
)

// TestUpdateKeepsWhatOthersSet: runs that change the settings at the same time each keep their
// key; none is lost.
func TestUpdateKeepsWhatOthersSet(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cspfix", "config.json")
	values := map[string]string{
		"partner.name": "Fabrikam IT", "partner.partner_id": "4847383", "partner.indirect_provider": "Northwind",
		"partner.country": "DE", "contact.name": "Anna", "contact.email": "anna@fabrikam.example",
		"contact.phone": "+49 30 1234567", "lang": "de", "ticket_lang": "en", "customer_lang": "de",
	}
	var wg sync.WaitGroup
	for name, value := range values {
		wg.Go(func() {
			k, _ := Find(name)
			if err := Update(context.Background(), scenarios.Embedded(), path, func(c *Config) error { return k.Set(scenarios.Embedded(), c, value) }); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	c, err := Load(scenarios.Embedded(), path)
	if err != nil {
		t.Fatal(err)
	}
	for name, value := range values {
		if k, _ := Find(name); k.Get(c) != value {
			t.Errorf("%s = %q, want %q", name, k.Get(c), value)
		}
	}
}

// TestUpdateReadsUnderTheLock: what another run wrote while this one waited for the lock is
// the file this one changes.
func TestUpdateReadsUnderTheLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	other, err := safefile.TryLock(path)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() {
		k, _ := Find("contact.name")
		done <- Update(context.Background(), scenarios.Embedded(), path, func(c *Config) error { return k.Set(scenarios.Embedded(), c, "Anna") })
	}()
	// The other run writes while it holds the lock, then lets go.
	if err := Save(path, &Config{Partner: Partner{Name: "Fabrikam IT"}}); err != nil {
		t.Fatal(err)
	}
	other.Unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	c, err := Load(scenarios.Embedded(), path)
	if err != nil || c.Partner.Name != "Fabrikam IT" || c.Contact.Name != "Anna" {
		t.Errorf("%+v %v", c, err)
	}
}

// TestUpdateEndsOnASignal: a wait for the lock ends when the run is asked to stop.
func TestUpdateEndsOnASignal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	other, err := safefile.TryLock(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Unlock()
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := errors.New("SIGTERM")
	cancel(stop)
	err = Update(ctx, scenarios.Embedded(), path, func(*Config) error { return nil })
	if !errors.Is(err, stop) {
		t.Errorf("Update: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Error("the file was written")
	}
}

// TestSettingsFileKeepsAmpersands: the settings file holds a name as it was typed: & < > are
// not written as \u0026, \u003c, \u003e.
func TestSettingsFileKeepsAmpersands(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	k, _ := Find("partner.name")
	if err := Update(context.Background(), scenarios.Embedded(), path, func(c *Config) error { return k.Set(scenarios.Embedded(), c, "Müller & Söhne <IT>") }); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"name": "Müller & Söhne <IT>"`) || !strings.HasSuffix(string(data), "}\n") || strings.HasSuffix(string(data), "\n\n") {
		t.Errorf("settings file:\n%s", data)
	}
	if c, err := Load(scenarios.Embedded(), path); err != nil || c.Partner.Name != "Müller & Söhne <IT>" {
		t.Errorf("read back %q (%v)", c.Partner.Name, err)
	}
}
