package diagnose

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cspfix/cspfix/internal/lazy"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// ProblemKind names one thing wrong with a tenant ID as entered.
type ProblemKind string

const (
	ProblemEmpty          ProblemKind = "empty"
	ProblemWhitespace     ProblemKind = "whitespace"
	ProblemBraces         ProblemKind = "braces"
	ProblemURNPrefix      ProblemKind = "urn_prefix"
	ProblemMissingHyphens ProblemKind = "missing_hyphens"
	ProblemHyphens        ProblemKind = "hyphens"
	ProblemWrongLength    ProblemKind = "wrong_length"
	ProblemNonHex         ProblemKind = "non_hex"
	ProblemLookalike      ProblemKind = "lookalike"
	ProblemInvisible      ProblemKind = "invisible"
	ProblemNil            ProblemKind = "nil"
	ProblemDomain         ProblemKind = "domain"
)

// TenantProblem is one finding, at a 1-based character position of the input where it has one.
type TenantProblem struct {
	Kind ProblemKind
	Pos  int  // 1-based character (not byte) position; 0 when the problem has no single place
	Char rune // the character at Pos
	Like rune // for look-alikes: the character it imitates
	N    int  // for wrong lengths: the number of hexadecimal digits found; for ProblemMore: the count
	// Fixable problems are repaired by normalisation; the ID is still valid with them.
	Fixable bool
}

// ProblemMore stands for the problems found after the first maxListedProblems: an input of any
// length gets a short report.
const ProblemMore ProblemKind = "more"

// maxListedProblems are listed one by one; a few are enough to see what went wrong.
const maxListedProblems = 8

// TenantID is the result of checking a tenant ID.
type TenantID struct {
	Input     string
	Canonical string // lower-case 8-4-4-4-12 form; set only when Valid
	Valid     bool
	// Problems lists the first findings in order; a last one of kind ProblemMore counts the rest.
	Problems []TenantProblem
	kinds    uint32 // a bit for every kind found, listed or counted (kindBit)
}

// Cosmetic reports whether the input differs from its canonical form by more than letter case.
func (t TenantID) Cosmetic() bool {
	return t.Valid && len(t.Problems) > 0
}

// Clean reports whether the input is a valid ID as it stands.
func (t TenantID) Clean() bool { return t.Valid && len(t.Problems) == 0 }

// Has reports whether a problem of one of the kinds was found, listed or counted.
func (t TenantID) Has(kinds ...ProblemKind) bool {
	for _, k := range kinds {
		if t.kinds&kindBit(k) != 0 {
			return true
		}
	}
	return false
}

// problemKinds are the kinds in the order of their bit in TenantID.kinds.
var problemKinds = []ProblemKind{ProblemEmpty, ProblemWhitespace, ProblemBraces, ProblemURNPrefix,
	ProblemMissingHyphens, ProblemHyphens, ProblemWrongLength, ProblemNonHex, ProblemLookalike,
	ProblemInvisible, ProblemNil, ProblemDomain}

func kindBit(k ProblemKind) uint32 {
	for i, known := range problemKinds {
		if k == known {
			return 1 << i
		}
	}
	return 0
}

// CheckTenantID normalises s (trims white space, strips surrounding braces and a urn:uuid:
// prefix, lower-cases, inserts hyphens into a 32-digit form) and reports every problem found.
// The work is linear in the length of s and the report is bounded, whatever s holds.
func CheckTenantID(s string) TenantID {
	if canonical, ok := plainGUID(s); ok {
		return TenantID{Input: s, Canonical: canonical, Valid: true}
	}
	t := TenantID{Input: s}
	core := strings.TrimLeftFunc(s, unicode.IsSpace)
	offset := 0 // characters before core
	for _, r := range s[:len(s)-len(core)] {
		offset++
		t.add(TenantProblem{Kind: ProblemWhitespace, Pos: offset, Char: r, Fixable: true})
	}
	rest := strings.TrimRightFunc(core, unicode.IsSpace)
	trailing, trailingAt := core[len(rest):], 0
	core = rest
	if core == "" {
		t.add(TenantProblem{Kind: ProblemEmpty})
		return t
	}
	if len(core) >= len(urnPrefix) && strings.EqualFold(core[:len(urnPrefix)], urnPrefix) {
		t.add(TenantProblem{Kind: ProblemURNPrefix, Pos: offset + 1, Fixable: true})
		core, offset = core[len(urnPrefix):], offset+len(urnPrefix)
	}
	if n := len(core); n >= 2 && (core[0] == '{' && core[n-1] == '}' || core[0] == '(' && core[n-1] == ')') {
		t.add(TenantProblem{Kind: ProblemBraces, Pos: offset + 1, Fixable: true})
		core, offset = core[1:n-1], offset+1
	}
	trailingAt = t.checkCore(core, offset)
	if trailing != "" {
		pos := offset + trailingAt + braceEnd(t)
		for _, r := range trailing {
			pos++
			t.add(TenantProblem{Kind: ProblemWhitespace, Pos: pos, Char: r, Fixable: true})
		}
	}
	return t
}

// braceEnd is 1 when braces were stripped: the closing one comes before trailing white space.
func braceEnd(t TenantID) int {
	if t.Has(ProblemBraces) {
		return 1
	}
	return 0
}

// add records a problem: listed while there are few, counted after.
func (t *TenantID) add(p TenantProblem) {
	t.kinds |= kindBit(p.Kind)
	switch n := len(t.Problems); {
	case n == 0:
		t.Problems = make([]TenantProblem, 1, 4) // most IDs with a problem have a few
		t.Problems[0] = p
	case n < maxListedProblems:
		t.Problems = append(t.Problems, p)
	case n == maxListedProblems:
		// Fixable when every problem it counts is.
		t.Problems = append(t.Problems, TenantProblem{Kind: ProblemMore, N: 1, Fixable: p.Fixable})
	default:
		more := &t.Problems[n-1]
		more.N++
		more.Fixable = more.Fixable && p.Fixable
	}
}

// checkCore checks what is left after trimming: the hexadecimal digits and hyphens. offset is
// the number of characters before core in the input. It returns the number of characters in
// core.
func (t *TenantID) checkCore(core string, offset int) int {
	if looksLikeDomain(core) {
		t.add(TenantProblem{Kind: ProblemDomain})
		return utf8.RuneCountInString(core)
	}
	var hex [32]byte
	digits := 0
	var hyphens [5]int // number of hex digits before each hyphen; -1 at the fifth: too many
	nHyphens := 0
	broken := false
	i := 0
	for _, r := range core {
		i++
		pos := offset + i
		switch {
		case isHex(r):
			if digits < len(hex) {
				hex[digits] = byte(r) | 0x20 // an ASCII digit stays, A–F become a–f
			}
			digits++
		case r == '-':
			if nHyphens < len(hyphens) {
				hyphens[nHyphens] = digits
				nHyphens++
			} else {
				hyphens[4] = -1 // more than five: wrong anyway
			}
		case isInvisible(r):
			t.add(TenantProblem{Kind: ProblemInvisible, Pos: pos, Char: r})
			broken = true
		case unicode.IsSpace(r):
			t.add(TenantProblem{Kind: ProblemWhitespace, Pos: pos, Char: r})
			broken = true
		default:
			if like, ok := lookalikes.Get()[r]; ok {
				t.add(TenantProblem{Kind: ProblemLookalike, Pos: pos, Char: r, Like: like})
			} else {
				t.add(TenantProblem{Kind: ProblemNonHex, Pos: pos, Char: r})
			}
			broken = true
		}
	}
	if broken {
		return i
	}
	if digits != 32 {
		t.add(TenantProblem{Kind: ProblemWrongLength, N: digits})
		return i
	}
	switch {
	case nHyphens == 0:
		t.add(TenantProblem{Kind: ProblemMissingHyphens, Fixable: true})
	case nHyphens != 4 || hyphens != [5]int{8, 12, 16, 20, 0}:
		t.add(TenantProblem{Kind: ProblemHyphens})
		return i
	}
	var c [36]byte
	copy(c[:8], hex[:8])
	c[8] = '-'
	copy(c[9:13], hex[8:12])
	c[13] = '-'
	copy(c[14:18], hex[12:16])
	c[18] = '-'
	copy(c[19:23], hex[16:20])
	c[23] = '-'
	copy(c[24:], hex[20:])
	canonical := string(c[:])
	if canonical == nilGUID {
		t.add(TenantProblem{Kind: ProblemNil})
		return i
	}
	t.Canonical, t.Valid = canonical, true
	return i
}

// plainGUID recognises the common case, an ID already in 8-4-4-4-12 form, without allocating
// when it is lower case. Everything else takes the full check.
func plainGUID(s string) (string, bool) {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' || s == nilGUID {
		return "", false
	}
	var seen byte
	for _, group := range [5][2]int{{0, 8}, {9, 13}, {14, 18}, {19, 23}, {24, 36}} {
		for _, c := range []byte(s[group[0]:group[1]]) {
			k := hexKinds[c]
			if k == 0 {
				return "", false
			}
			seen |= k
		}
	}
	if seen&upperHex != 0 {
		return strings.ToLower(s), true
	}
	return s, true
}

// hexKinds tells hexadecimal digits from other bytes, for plainGUID: 0 for none.
var hexKinds = [256]byte{
	'0': lowerHex, '1': lowerHex, '2': lowerHex, '3': lowerHex, '4': lowerHex,
	'5': lowerHex, '6': lowerHex, '7': lowerHex, '8': lowerHex, '9': lowerHex,
	'a': lowerHex, 'b': lowerHex, 'c': lowerHex, 'd': lowerHex, 'e': lowerHex, 'f': lowerHex,
	'A': upperHex, 'B': upperHex, 'C': upperHex, 'D': upperHex, 'E': upperHex, 'F': upperHex,
}

const (
	lowerHex = 1 << iota // a digit or a–f
	upperHex             // A–F
)

const (
	urnPrefix = "urn:uuid:"
	nilGUID   = "00000000-0000-0000-0000-000000000000"
)

func isHex(r rune) bool {
	return '0' <= r && r <= '9' || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F'
}

// isInvisible reports characters that take no visible space: format characters (zero-width
// space, joiners, direction marks, the byte order mark, soft hyphen) and control characters
// other than white space.
func isInvisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.IsControl(r) && !unicode.IsSpace(r) ||
		r == '\u115F' || r == '\u3164' || r == '\u2800'
}

// looksLikeDomain reports a domain name or an e-mail address typed where the ID belongs.
func looksLikeDomain(s string) bool {
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	last := strings.LastIndexByte(s, '.')
	if last <= 0 || last == len(s)-1 || strings.Contains(s, "..") || s[0] == '.' {
		return false
	}
	for _, r := range s {
		if r != '.' && r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return strings.IndexFunc(s[last+1:], unicode.IsLetter) >= 0
}

// lookalikes maps characters that are easily taken for a hexadecimal digit or a hyphen to the
// character they imitate.
var lookalikes = lazy.Value[map[rune]rune]{Make: func() map[rune]rune {
	m := map[rune]rune{
		'O': '0', 'o': '0', 'l': '1', 'I': '1',
		// Cyrillic
		'а': 'a', 'е': 'e', 'с': 'c', 'о': 'o', 'А': 'A', 'В': 'B', 'Е': 'E', 'С': 'C', 'О': 'O', 'З': '3', 'б': '6',
		// Greek
		'α': 'a', 'ο': 'o', 'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ο': 'O',
		// dashes and minus signs
		'‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-', '−': '-', '﹘': '-', '﹣': '-', '－': '-',
	}
	// Full-width digits and letters a–f, as typed with an East Asian input method.
	for r := rune(0); r < 10; r++ {
		m['０'+r] = '0' + r
	}
	for r := rune(0); r < 6; r++ {
		m['Ａ'+r] = 'A' + r
		m['ａ'+r] = 'a' + r
	}
	return m
}}

// runeNames names the characters cspfix reports most; others are shown by code point only.
var runeNames = lazy.Value[map[rune]string]{Make: func() map[rune]string {
	return map[rune]string{
		' ': "SPACE", '\t': "CHARACTER TABULATION", '\n': "LINE FEED", '\r': "CARRIAGE RETURN",
		'\u00A0': "NO-BREAK SPACE", '\u00AD': "SOFT HYPHEN", '\u200B': "ZERO WIDTH SPACE",
		'\u200C': "ZERO WIDTH NON-JOINER", '\u200D': "ZERO WIDTH JOINER", '\u200E': "LEFT-TO-RIGHT MARK",
		'\u200F': "RIGHT-TO-LEFT MARK", '\u2060': "WORD JOINER", '\uFEFF': "ZERO WIDTH NO-BREAK SPACE",
		'\u202F': "NARROW NO-BREAK SPACE", '\u2009': "THIN SPACE", '\u3000': "IDEOGRAPHIC SPACE",
		'а': "CYRILLIC SMALL LETTER A", 'е': "CYRILLIC SMALL LETTER IE", 'с': "CYRILLIC SMALL LETTER ES",
		'о': "CYRILLIC SMALL LETTER O", 'А': "CYRILLIC CAPITAL LETTER A", 'В': "CYRILLIC CAPITAL LETTER VE",
		'Е': "CYRILLIC CAPITAL LETTER IE", 'С': "CYRILLIC CAPITAL LETTER ES", 'О': "CYRILLIC CAPITAL LETTER O",
		'α': "GREEK SMALL LETTER ALPHA", 'ο': "GREEK SMALL LETTER OMICRON", 'Α': "GREEK CAPITAL LETTER ALPHA",
		'Β': "GREEK CAPITAL LETTER BETA", 'Ε': "GREEK CAPITAL LETTER EPSILON", 'Ο': "GREEK CAPITAL LETTER OMICRON",
		'–': "EN DASH", '—': "EM DASH", '‐': "HYPHEN", '‑': "NON-BREAKING HYPHEN", '−': "MINUS SIGN",
		'－': "FULLWIDTH HYPHEN-MINUS",
		'O': "LATIN CAPITAL LETTER O", 'o': "LATIN SMALL LETTER O", 'l': "LATIN SMALL LETTER L",
		'I': "LATIN CAPITAL LETTER I",
	}
}}

// DescribeRune names a character for a person: visible ones quoted, all with their code point
// ("а" U+0430 CYRILLIC SMALL LETTER A).
func DescribeRune(r rune) string {
	return string(appendRuneDescription(make([]byte, 0, 48), r))
}

func appendRuneDescription(b []byte, r rune) []byte {
	if !isInvisible(r) && !unicode.IsSpace(r) && unicode.IsPrint(r) {
		b = strconv.AppendQuote(b, string(r))
		b = append(b, ' ')
	}
	b = append(b, "U+"...)
	digits := 4 // at least four, as Unicode writes code points
	for digits < 8 && r>>(4*digits) != 0 {
		digits++
	}
	for i := digits - 1; i >= 0; i-- {
		b = append(b, "0123456789ABCDEF"[(r>>(4*i))&0xF])
	}
	if name, ok := runeNames.Get()[r]; ok {
		b = append(b, ' ')
		b = append(b, name...)
	}
	return b
}

// problemTexts are the texts of the problems, by kind.
var problemTexts = lazy.Value[map[ProblemKind]txt.Key]{Make: func() map[ProblemKind]txt.Key {
	return map[ProblemKind]txt.Key{ProblemEmpty: txt.TenantEmpty, ProblemWhitespace: txt.TenantWhitespace,
		ProblemBraces: txt.TenantBraces, ProblemURNPrefix: txt.TenantURNPrefix, ProblemMissingHyphens: txt.TenantMissingHyphens,
		ProblemHyphens: txt.TenantHyphens, ProblemWrongLength: txt.TenantWrongLength, ProblemNonHex: txt.TenantNonHex,
		ProblemLookalike: txt.TenantLookalike, ProblemInvisible: txt.TenantInvisible, ProblemNil: txt.TenantNil,
		ProblemDomain: txt.TenantDomain, ProblemMore: txt.TenantMore}
}}

// Text describes the problem in lang, using the catalog's texts.
func (p TenantProblem) Text(cat *scenarios.Catalog, lang scenarios.Lang) string {
	return string(p.appendText(nil, cat, lang))
}

func (p TenantProblem) appendText(b []byte, cat *scenarios.Catalog, lang scenarios.Lang) []byte {
	text, _ := cat.Lookup(problemTexts.Get()[p.Kind], lang)
	return scenarios.AppendFill(b, text, func(b []byte, name string) ([]byte, bool) {
		switch name {
		case "pos":
			return strconv.AppendInt(b, int64(p.Pos), 10), true
		case "char":
			return appendRuneDescription(b, p.Char), true
		case "like":
			return utf8.AppendRune(b, p.Like), true
		case "n":
			return strconv.AppendInt(b, int64(p.N), 10), true
		}
		return b, false
	})
}

// ProblemsText joins the descriptions of the problems for an evidence sentence.
func (t TenantID) ProblemsText(cat *scenarios.Catalog, lang scenarios.Lang) string {
	return string(t.appendProblemsText(make([]byte, 0, 64*len(t.Problems)), cat, lang))
}

func (t TenantID) appendProblemsText(b []byte, cat *scenarios.Catalog, lang scenarios.Lang) []byte {
	for i, p := range t.Problems {
		if i > 0 {
			b = append(b, "; "...)
		}
		b = p.appendText(b, cat, lang)
	}
	return b
}

// FirstDifference is the 1-based position of the first character where a and b differ.
func FirstDifference(a, b string) int {
	n := 1
	for a != "" && b != "" {
		ra, sa := utf8.DecodeRuneInString(a)
		rb, sb := utf8.DecodeRuneInString(b)
		if ra != rb {
			break
		}
		a, b, n = a[sa:], b[sb:], n+1
	}
	return n
}

// DiffOp says how one aligned position of two IDs compares.
type DiffOp byte

const (
	DiffSame    DiffOp = ' '
	DiffChanged DiffOp = '^' // a different character at this position
	DiffExtra   DiffOp = '+' // a character only the entered ID has
	DiffMissing DiffOp = '-' // a character only the confirmed ID has
)

// DiffColumn is one column of an alignment; Entered or Confirmed is 0 where that side has a gap.
type DiffColumn struct {
	Entered, Confirmed rune
	Op                 DiffOp
}

// maxDiffLength bounds the quadratic alignment; tenant IDs are 36 characters.
const maxDiffLength = 256

// AlignTenantIDs aligns the entered ID with the confirmed one with the fewest edits, so that a
// person sees at a glance which characters differ, which are extra and which are missing. Both
// sides are compared in lower case after trimming, as Partner Center compares them; a valid ID
// is compared in its canonical form.
func AlignTenantIDs(entered, confirmed string) Alignment {
	a, b := []rune(comparable(entered)), []rune(comparable(confirmed))
	// dist[i][j] is the edit distance between a[i:] and b[j:].
	dist := make([][]int, len(a)+1)
	for i := range dist {
		dist[i] = make([]int, len(b)+1)
	}
	for i := len(a); i >= 0; i-- {
		for j := len(b); j >= 0; j-- {
			switch {
			case i == len(a):
				dist[i][j] = len(b) - j
			case j == len(b):
				dist[i][j] = len(a) - i
			default:
				cost := 1
				if a[i] == b[j] {
					cost = 0
				}
				dist[i][j] = min(dist[i+1][j+1]+cost, dist[i+1][j]+1, dist[i][j+1]+1)
			}
		}
	}
	var cols Alignment
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j] && dist[i][j] == dist[i+1][j+1]:
			cols = append(cols, DiffColumn{a[i], b[j], DiffSame})
			i, j = i+1, j+1
		case i < len(a) && j < len(b) && dist[i][j] == dist[i+1][j+1]+1:
			cols = append(cols, DiffColumn{a[i], b[j], DiffChanged})
			i, j = i+1, j+1
		case i < len(a) && dist[i][j] == dist[i+1][j]+1:
			cols = append(cols, DiffColumn{a[i], 0, DiffExtra})
			i++
		default:
			cols = append(cols, DiffColumn{0, b[j], DiffMissing})
			j++
		}
	}
	return cols
}

// Alignment is the column-by-column comparison of two IDs.
type Alignment []DiffColumn

// Rows renders an alignment for a terminal: the entered ID, the confirmed ID and a row of
// markers (^ + -) under the columns that differ. Invisible characters and white space show as
// a middle dot, gaps as a space; trailing spaces are trimmed.
func (a Alignment) Rows() (entered, confirmed, marks string) {
	var e, c, m strings.Builder
	for _, col := range a {
		e.WriteRune(visible(col.Entered))
		c.WriteRune(visible(col.Confirmed))
		m.WriteByte(byte(col.Op))
	}
	trim := func(b *strings.Builder) string { return strings.TrimRight(b.String(), " ") }
	return trim(&e), trim(&c), trim(&m)
}

func visible(r rune) rune {
	switch {
	case r == 0:
		return ' '
	case unicode.IsSpace(r) || isInvisible(r) || !unicode.IsPrint(r):
		return '·'
	}
	return r
}

// comparable is the form of an ID that AlignTenantIDs compares, at most maxDiffLength
// characters of it.
func comparable(s string) string {
	if t := CheckTenantID(s); t.Valid {
		return t.Canonical
	}
	head, _ := sanitize.Cut(strings.TrimLeftFunc(s, unicode.IsSpace), maxDiffLength)
	return strings.ToLower(strings.TrimRightFunc(head, unicode.IsSpace))
}

// TenantComparison is an entered tenant ID, checked, and compared with the one the customer
// confirmed when there is one.
type TenantComparison struct {
	Entered, Confirmed TenantID
	HasConfirmed       bool
	Diff               Alignment
	Matches            bool
}

// CompareTenantIDs checks entered and, when confirmed is not empty, compares the two.
func CompareTenantIDs(entered, confirmed string) TenantComparison {
	r := TenantComparison{Entered: CheckTenantID(entered)}
	if confirmed != "" {
		r.HasConfirmed = true
		r.Confirmed = CheckTenantID(confirmed)
		r.Diff = AlignTenantIDs(entered, confirmed)
		r.Matches = r.Entered.Valid && r.Confirmed.Valid && r.Entered.Canonical == r.Confirmed.Canonical
	}
	return r
}

// Clean reports whether nothing needs fixing: a valid ID as it stands, that matches the
// confirmed one when there is one.
func (r TenantComparison) Clean() bool {
	return r.Entered.Clean() && (!r.HasConfirmed || r.Matches)
}

// MaxDifferencesTold bounds the differences told in words: more than a few means another ID.
const MaxDifferencesTold = 5

// DescribeIDDifferences tells where two IDs differ, one sentence a position (at most
// MaxDifferencesTold, then how many more), with both characters named (U+0430 CYRILLIC SMALL
// LETTER A), in lang: for a screen reader, and for a ticket where two IDs look the same. It
// returns the sentences and the number of differences.
func DescribeIDDifferences(cat *scenarios.Catalog, entered, confirmed string, lang scenarios.Lang) ([]string, int) {
	var lines []string
	n := 0
	for i, col := range AlignTenantIDs(entered, confirmed) {
		if col.Op == DiffSame {
			continue
		}
		n++
		if n > MaxDifferencesTold {
			continue
		}
		pos := strconv.Itoa(i + 1)
		switch col.Op {
		case DiffChanged:
			lines = append(lines, cat.Text(txt.TenantIDDiffChanged, lang, "pos", pos, "entered", DescribeRune(col.Entered), "confirmed", DescribeRune(col.Confirmed)))
		case DiffExtra:
			lines = append(lines, cat.Text(txt.TenantIDDiffExtra, lang, "pos", pos, "entered", DescribeRune(col.Entered)))
		case DiffMissing:
			lines = append(lines, cat.Text(txt.TenantIDDiffMissing, lang, "pos", pos, "confirmed", DescribeRune(col.Confirmed)))
		}
	}
	if n > MaxDifferencesTold {
		lines = append(lines, cat.Text(txt.TenantIDDiffMore, lang, "n", strconv.Itoa(n-MaxDifferencesTold)))
	}
	return lines, n
}
