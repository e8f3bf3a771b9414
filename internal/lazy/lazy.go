// Package lazy holds values that are made when first asked for. A package-level Value costs a
// program's start nothing: the linker lays it out. A map literal, a call or sync.OnceValue at
// package level runs, and allocates, when the program starts, in every run of every command,
// also of those that never use it (README "Performance": the start-up budget).
package lazy

import "sync"

// Value is a value made by Make when Get first asks for it, once, also when goroutines ask at
// the same time.
type Value[T any] struct {
	Make func() T

	once sync.Once
	v    T
}

// Get returns the value, made by Make on the first call.
func (l *Value[T]) Get() T {
	l.once.Do(l.make)
	return l.v
}

func (l *Value[T]) make() { l.v = l.Make() }
