package main

import (
	"reflect"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/huh"

	"github.com/cspfix/cspfix/scenarios"
)

// TestFormKeysInGerman: every key an input or a select explains in its help line has a German
// description, also after a huh update that adds one.
func TestFormKeysInGerman(t *testing.T) {
	english, german := huh.NewDefaultKeyMap(), formKeys(scenarios.DE)
	for _, fields := range [][2]any{{&english.Input, &german.Input}, {&english.Select, &german.Select}} {
		en, de := reflect.ValueOf(fields[0]).Elem(), reflect.ValueOf(fields[1]).Elem()
		for i := range en.NumField() {
			enKey, ok := en.Field(i).Interface().(key.Binding)
			if !ok || enKey.Help().Desc == "" {
				continue
			}
			deKey := de.Field(i).Interface().(key.Binding)
			if deKey.Help().Desc == enKey.Help().Desc || deKey.Help().Key != enKey.Help().Key {
				t.Errorf("%s.%s: help %+v in German", en.Type().Name(), en.Type().Field(i).Name, deKey.Help())
			}
		}
	}
	if got := formKeys(scenarios.EN).Input.Submit.Help().Desc; got != "submit" {
		t.Errorf("English submit: %q", got)
	}
}
