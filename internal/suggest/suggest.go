// Package suggest finds the known word closest to a mistyped one, for "did you mean" hints.
package suggest

import (
	"strings"
	"unicode/utf8"
)

// Closest returns the candidate nearest to word, or "" when none is close enough to be a typo
// of it: one edit per three letters, at least one ("chek" is check, "tcsh" is not bash), of
// the word and of the part where the two differ, so that a long shared start does not make
// another word look close ("contact.fax" is not contact.name). Failing that, a candidate that
// word begins (from three letters on) is taken as abbreviated.
func Closest(word string, candidates []string) string {
	n := utf8.RuneCountInString(word)
	best, bestDist := "", max(1, n/3)+1
	for _, c := range candidates {
		if d := Distance(word, c); d < bestDist && d <= max(1, differing(word, c)/3) {
			best, bestDist = c, d
		}
	}
	if best == "" && n >= 3 {
		for _, c := range candidates {
			if strings.HasPrefix(c, word) {
				return c
			}
		}
	}
	return best
}

// Distance is the edit distance between a and b, counted in runes: insertions, deletions,
// substitutions and transpositions of neighbours ("lnag" is one edit from "lang", as people
// mistype), each one edit (the optimal string alignment distance).
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	rows := [3][]int{make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)}
	before, prev, cur := rows[0], rows[1], rows[2]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], before[j-2]+1)
			}
		}
		before, prev, cur = prev, cur, before
	}
	return prev[len(rb)]
}

// differing is how many runes long the longer of a and b is without the start and the end
// they share.
func differing(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	for len(ra) > 0 && len(rb) > 0 && ra[0] == rb[0] {
		ra, rb = ra[1:], rb[1:]
	}
	for len(ra) > 0 && len(rb) > 0 && ra[len(ra)-1] == rb[len(rb)-1] {
		ra, rb = ra[:len(ra)-1], rb[:len(rb)-1]
	}
	return max(len(ra), len(rb))
}
