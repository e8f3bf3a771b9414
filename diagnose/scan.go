package diagnose

import "encoding/binary"

// stringStop returns the index of the first byte at or after i that plain string contents
// cannot hold: a quote, a backslash or a control character (a line break among them); len(b)
// when there is none. Most of a case is string contents, and the framer and the parser both
// skip it, so it tests eight bytes at a time (the "has zero byte" test of Hacker's Delight:
// (x - 0x01…) &^ x & 0x80… is non-zero when a byte of x is zero).
func stringStop(b []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		q, s := w^(ones*'"'), w^(ones*'\\')
		if ((q-ones)&^q|(s-ones)&^s|(w-ones*0x20)&^w)&highs != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '"' || c == '\\' || c < 0x20 {
			return i
		}
	}
	return len(b)
}
