package scenarios

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Keyed is a small table by key, sorted by key: a known error's texts by language, its
// patterns by language, the values it implies by field path. The catalog's files write it as
// an object; in the generated catalog it is a list, which the linker lays out, where a map
// would be made in every run of every command (README "Performance").
type Keyed[V any] []KeyedValue[V]

// KeyedValue is one entry of a Keyed table.
type KeyedValue[V any] struct {
	Key   string
	Value V
}

// Get is the value under key.
func (k Keyed[V]) Get(key string) (V, bool) {
	for _, e := range k {
		if e.Key == key {
			return e.Value, true
		}
	}
	var zero V
	return zero, false
}

// MarshalJSON writes the table as the catalog's files do: an object.
func (k Keyed[V]) MarshalJSON() ([]byte, error) {
	if k == nil {
		return []byte("null"), nil
	}
	b := []byte{'{'}
	for i, e := range k {
		if i > 0 {
			b = append(b, ',')
		}
		key, err := json.Marshal(e.Key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(e.Value)
		if err != nil {
			return nil, err
		}
		b = append(append(append(b, key...), ':'), v...)
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads an object, as strictly as the rest of the catalog.
func (k *Keyed[V]) UnmarshalJSON(data []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	out := make(Keyed[V], 0, len(m))
	for key, raw := range m {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		var v V
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("%q: %w", key, err)
		}
		out = append(out, KeyedValue[V]{key, v})
	}
	slices.SortFunc(out, func(a, b KeyedValue[V]) int { return strings.Compare(a.Key, b.Key) })
	*k = out
	return nil
}

// isLang says whether s is the code of one of the catalog's languages.
func isLang(s string) bool {
	_, err := ParseLang(s)
	return err == nil
}
