package diagnose

// arena hands out the memory of decoded cases' lists and times from blocks: a few allocations
// per thousand cases instead of several per case (README "Performance"). What it hands out is
// never handed out again, so a case keeps its memory for as long as it is referenced, as
// memory of its own. The zero arena is ready; a nil one allocates each time.
type arena struct {
	times    []Time
	texts    []string // answers' slots
	refs     []*Time  // answers' slots of times
	attempts []Time
	tried    []Tried
	block    int // the size of the next block: small for a single case, larger for a batch
}

// maxBlock is the most items a block holds.
const maxBlock = 256

// size is the number of items of the next block, at least n.
func (a *arena) size(n int) int {
	a.block = min(maxBlock, max(2*a.block, 8))
	return max(a.block, n)
}

// time returns a pointer to a copy of t.
func (a *arena) time(t Time) *Time {
	if a == nil {
		p := new(Time) // not &t: that would put t on the heap for every call
		*p = t
		return p
	}
	if len(a.times) == 0 {
		a.times = make([]Time, a.size(1))
	}
	p := &a.times[0]
	*p, a.times = t, a.times[1:]
	return p
}

// strings and timeRefs return n empty slots for a case's answers (nil for none).
func (a *arena) strings(n int) []string { return take(a, n, &a.texts) }

func (a *arena) timeRefs(n int) []*Time { return take(a, n, &a.refs) }

// take returns the next n items of block, a new block when it has fewer.
func take[T any](a *arena, n int, block *[]T) []T {
	if n == 0 {
		return nil
	}
	if len(*block) < n {
		*block = make([]T, a.size(n)*n)
	}
	s := (*block)[:n:n]
	*block = (*block)[n:]
	return s
}

// growAttempts and growTried add an empty item to a list.
func (a *arena) growAttempts(s []Time) []Time {
	if a == nil {
		return append(s, Time{})
	}
	return grow(a, s, &a.attempts)
}

func (a *arena) growTried(s []Tried) []Tried {
	if a == nil {
		return append(s, Tried{})
	}
	return grow(a, s, &a.tried)
}

// grow returns s with one more item, the zero value, its items moved to a larger part of block
// when s is full.
func grow[T any](a *arena, s []T, block *[]T) []T {
	var zero T
	if len(s) < cap(s) {
		s = s[:len(s)+1]
		s[len(s)-1] = zero
		return s
	}
	n := max(2*cap(s), 2)
	if len(*block) < n {
		*block = make([]T, a.size(n))
	}
	grown := (*block)[: len(s)+1 : n]
	copy(grown, s)
	*block = (*block)[n:]
	return grown
}
