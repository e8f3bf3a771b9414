package lazy

import (
	"sync"
	"testing"
)

var counted = Value[map[string]int]{Make: func() map[string]int { made++; return map[string]int{"a": 1} }}

var made int

// TestMadeOnceWhenFirstAskedFor: nothing is made before Get, and only once, however many
// goroutines ask at the same time.
func TestMadeOnceWhenFirstAskedFor(t *testing.T) {
	if made != 0 {
		t.Fatalf("made %d times before it was asked for", made)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if counted.Get()["a"] != 1 {
				t.Error("wrong value")
			}
		})
	}
	wg.Wait()
	if made != 1 {
		t.Errorf("made %d times, want once", made)
	}
}

// TestGetAllocatesNothing: once made, asking for the value costs no allocation (lookups in hot
// paths use it).
func TestGetAllocatesNothing(t *testing.T) {
	counted.Get()
	if n := testing.AllocsPerRun(100, func() { _ = counted.Get() }); n != 0 {
		t.Errorf("%v allocations a Get", n)
	}
}
