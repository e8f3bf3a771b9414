package termprompt

import (
	"strings"
	"unicode"

	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/internal/walkthrough"
)

// action is what a key did to the question in hand.
type action uint8

const (
	actNone   action = iota
	actSubmit        // answered: value holds the answer
	actBack          // the person goes back to the question before
	actAbort         // the person stops (Ctrl-C)
)

// question is the question in hand: its answer being typed, or the choice the cursor is on.
type question struct {
	p       walkthrough.Prompt
	input   []rune // the answer being typed (free text)
	pos     int    // the cursor in input
	choice  int    // the option the cursor is on (a choice)
	offset  int    // the first option shown, when they do not all fit
	problem string // why the last Enter was refused
	yesNo   bool   // the options are yes and no (and "don't know"): y, j and n answer them
	// offered says that input still holds the suggestion the question offers (its Value, when
	// Suggested), as a selected text does: what is typed or pasted first replaces it, a deletion
	// removes it, a cursor key starts editing it, other keys leave it. A paste never lands after
	// the offered error text. An answer given before is edited as it stands.
	offered bool
}

func newQuestion(p walkthrough.Prompt) *question {
	q := &question{p: p}
	if len(p.Options) == 0 {
		q.input = []rune(p.Value)
		q.pos = len(q.input)
		q.offered = p.Suggested && len(q.input) > 0
		return q
	}
	// A yes/no list holds yes, no and at most "don't know": not the question whether the steps
	// fixed the error, whose "yes" closes a case and whose first choice is "later".
	yes, no, other := false, false, false
	for i, o := range p.Options {
		if o.Value == p.Value {
			q.choice = i
		}
		yes, no = yes || o.Value == "yes", no || o.Value == "no"
		other = other || o.Value != "yes" && o.Value != "no" && o.Value != "unknown"
	}
	q.yesNo = yes && no && !other
	return q
}

func (q *question) choosing() bool { return len(q.p.Options) > 0 }

// update applies a key; it returns what the key did, and with actSubmit the answer.
func (q *question) update(k key) (action, string) {
	switch {
	case k.kind == keyCtrlC:
		return actAbort, ""
	case (k.kind == keyEsc || k.kind == keyBackTab) && q.p.Back:
		return actBack, ""
	case q.choosing():
		return q.choose(k)
	}
	return q.edit(k)
}

// choose moves the cursor among the options, or answers with the one it is on; on a yes/no
// list, y or j answers yes and n no at once (German users press j for "ja").
func (q *question) choose(k key) (action, string) {
	last := len(q.p.Options) - 1
	switch k.kind {
	case keyEnter:
		return actSubmit, q.p.Options[q.choice].Value
	case keyUp:
		q.choice = max(q.choice-1, 0)
	case keyDown:
		q.choice = min(q.choice+1, last)
	case keyHome, keyPageUp:
		step := last
		if k.kind == keyPageUp {
			step = 5
		}
		q.choice = max(q.choice-step, 0)
	case keyEnd, keyPageDown:
		step := last
		if k.kind == keyPageDown {
			step = 5
		}
		q.choice = min(q.choice+step, last)
	case keyRune:
		if !q.yesNo || k.paste {
			break
		}
		switch unicode.ToLower(k.r) {
		case 'y', 'j':
			return actSubmit, "yes"
		case 'n':
			return actSubmit, "no"
		}
	}
	return actNone, ""
}

// edit changes the answer being typed, or answers with it when its check allows.
func (q *question) edit(k key) (action, string) {
	if q.offered {
		switch {
		case k.kind == keyEnter:
		case k.control():
			return actNone, "" // a control key that edits nothing
		case k.kind == keyRune || k.kind == keyPasteControl: // typed or pasted: replaces it
			q.input, q.pos, q.offered = nil, 0, false
		case k.kind == keyBackspace || k.kind == keyDelete || k.kind == keyKillLine || k.kind == keyKillToEnd || k.kind == keyKillWord:
			q.input, q.pos, q.offered, q.problem = nil, 0, false, ""
			return actNone, ""
		case k.kind == keyLeft || k.kind == keyRight || k.kind == keyHome || k.kind == keyEnd || k.kind == keyWordLeft || k.kind == keyWordRight:
			q.offered = false // the suggestion is edited from here on
		default:
			return actNone, "" // Tab, ↑/↓, a key cspfix does not use: it stays offered
		}
	}
	switch k.kind {
	case keyEnter:
		v := string(q.input)
		if q.p.Validate != nil {
			if err := q.p.Validate(v); err != nil {
				q.problem = err.Error()
				return actNone, ""
			}
		}
		return actSubmit, v
	case keyRune, keyPasteControl:
		if k.control() {
			return actNone, ""
		}
		if k.kind == keyPasteControl && k.r == '\n' && !q.p.MultiLine {
			k.r = ' ' // a pasted line break in a one-line answer
		}
		q.input = append(q.input[:q.pos], append([]rune{k.r}, q.input[q.pos:]...)...)
		q.pos++
	case keyBackspace:
		if q.pos > 0 {
			q.input = append(q.input[:q.pos-1], q.input[q.pos:]...)
			q.pos--
		}
	case keyDelete:
		if q.pos < len(q.input) {
			q.input = append(q.input[:q.pos], q.input[q.pos+1:]...)
		}
	case keyLeft:
		q.pos = max(q.pos-1, 0)
	case keyRight:
		q.pos = min(q.pos+1, len(q.input))
	case keyHome:
		q.pos = 0
	case keyEnd:
		q.pos = len(q.input)
	case keyKillLine:
		q.input, q.pos = q.input[q.pos:], 0
	case keyKillToEnd:
		q.input = q.input[:q.pos]
	case keyKillWord:
		start := q.wordStart()
		q.input, q.pos = append(q.input[:start], q.input[q.pos:]...), start
	case keyWordLeft:
		q.pos = q.wordStart()
	case keyWordRight:
		for q.pos < len(q.input) && unicode.IsSpace(q.input[q.pos]) {
			q.pos++
		}
		for q.pos < len(q.input) && !unicode.IsSpace(q.input[q.pos]) {
			q.pos++
		}
	default:
		return actNone, ""
	}
	q.problem = ""
	return actNone, ""
}

// wordStart is where the word before the cursor begins.
func (q *question) wordStart() int {
	i := q.pos
	for i > 0 && unicode.IsSpace(q.input[i-1]) {
		i--
	}
	for i > 0 && !unicode.IsSpace(q.input[i-1]) {
		i--
	}
	return i
}

// frame is a question drawn: its lines, each at most the terminal's width, and where the
// cursor stands (row -1: hidden, for a choice).
type frame struct {
	lines    []string
	row, col int
}

const (
	gutter      = "┃ "
	inputMark   = "> "
	cursorMark  = "> "
	noMark      = "  "
	moreAbove   = "↑"
	moreBelow   = "↓"
	moreHidden  = "⋯"
	minShown    = 3 // options or lines of an answer shown however small the terminal
	columnsSafe = 20
)

// view draws the question for a terminal of width×height: the verdict it is about, its title
// and help, the answer being typed (all of it, over several lines when it is long) or the
// options (as many as fit, the cursor's in view), what the check says below the input, and the
// keys. It never draws more lines than the terminal has, so that it can always be redrawn.
func (q *question) view(lk Look, width, height int) frame {
	width = max(width, columnsSafe)
	th := lk.Theme
	var top, help, bottom []string
	if q.p.Recap != "" {
		for _, line := range wrap("", "  ", q.p.Recap, width) {
			top = append(top, render.Style(th.Heading, line))
		}
	}
	for _, line := range wrap(gutter, gutter, q.p.Title, width) {
		top = append(top, gutter+render.Style(th.Heading, strings.TrimPrefix(line, gutter)))
	}
	for _, para := range strings.Split(q.p.Help, "\n") {
		if strings.TrimSpace(para) != "" {
			help = append(help, wrap(gutter, gutter, para, width)...)
		}
	}
	switch {
	case q.problem != "":
		for _, line := range wrap("✗ ", "  ", q.problem, width) {
			bottom = append(bottom, render.Style(th.Bad, line))
		}
	case q.p.Describe != nil && !q.choosing():
		if d := q.p.Describe(string(q.input)); d != "" {
			for _, line := range strings.Split(wrapLines(d, width), "\n") {
				bottom = append(bottom, render.Style(th.Dim, line))
			}
		}
	}
	bottom = append(bottom, "")
	for _, line := range keyLines(q.keys(lk), width) {
		bottom = append(bottom, render.Style(th.Dim, line))
	}
	// What the answer or the options may take: the screen less the rest; the help goes first
	// when the screen is too small for it.
	room := height - 1 - len(top) - len(help) - len(bottom)
	if room < minShown && len(help) > 0 {
		room += len(help)
		help = nil
	}
	room = max(room, minShown)
	f := frame{lines: append(append([]string(nil), top...), help...), row: -1}
	if q.choosing() {
		f.lines = append(f.lines, q.options(lk, width, room)...)
	} else {
		lines, row, col := q.answerLines(lk, width, room)
		f.row, f.col = len(f.lines)+row, col
		f.lines = append(f.lines, lines...)
	}
	f.lines = append(f.lines, bottom...)
	return f
}

// keys is the line that names the keys of the question.
func (q *question) keys(lk Look) string {
	keys := lk.KeysInput
	if q.choosing() {
		keys = lk.KeysChoice
		if q.yesNo {
			keys = strings.Replace(keys, "{yesno}", lk.KeysYesNo, 1)
		}
	}
	keys = strings.Replace(keys, "{yesno}", "", 1)
	offered := ""
	if q.offered {
		offered = lk.KeysOffered
	}
	keys = strings.Replace(keys, "{offered}", offered, 1)
	back := ""
	if q.p.Back {
		back = lk.KeysBack
	}
	return strings.Replace(keys, "{back}", back, 1)
}

// keySep parts the phrases of the key line ("esc back").
const keySep = " • "

// keyLines breaks the key line between its phrases, never inside one ("ctrl+c stop (answers
// are kept)" stays whole), unless a phrase alone is wider than the terminal.
func keyLines(keys string, width int) []string {
	var lines []string
	line := ""
	for _, phrase := range strings.Split(keys, keySep) {
		switch {
		case line == "":
			line = phrase
		case textWidth(line+keySep+phrase) <= width:
			line += keySep + phrase
		default:
			lines = append(lines, line)
			line = phrase
		}
		if textWidth(line) > width {
			parts := wrap("", "", line, width)
			lines = append(lines, parts[:len(parts)-1]...)
			line = parts[len(parts)-1]
		}
	}
	return append(lines, line)
}

// options are the lines of the choices, at most room of them: a label wider than the terminal
// is wrapped, never cut (a tenant ID in the review is what is compared); a list longer than
// room scrolls, with the cursor's option always in view and an arrow where more options are.
func (q *question) options(lk Look, width, room int) []string {
	n := len(q.p.Options)
	labels := make([][]string, n)
	total := 0
	for i, o := range q.p.Options {
		labels[i] = wrapCells(sanitize.Text(o.Label), width-len([]rune(gutter+cursorMark)), "  ")
		total += len(labels[i])
	}
	// The options from offset on that fit in rows, the cursor's among them.
	fits := func(from, rows int) int {
		to := from
		for to < n && rows >= len(labels[to]) {
			rows -= len(labels[to])
			to++
		}
		return to
	}
	q.offset = max(min(q.offset, q.choice), 0)
	from, to := 0, n
	if total > room {
		rows := max(room-2, 1) // rows for the arrows that say more are above or below
		for {
			from = q.offset
			to = fits(from, rows)
			if to > q.choice || from >= q.choice {
				break
			}
			q.offset++
		}
		to = max(to, from+1)
		// Fill the rows left from above, so that the end of the list never shows space.
		for from > 0 && to == n && fits(from-1, rows) == n {
			from--
		}
		q.offset = from
	}
	var lines []string
	if total > room {
		lines = append(lines, gutter+render.Style(lk.Theme.Dim, noMark+arrowLine(moreAbove, from)))
	}
	for i := from; i < to; i++ {
		for j, label := range labels[i] {
			mark := noMark
			if j == 0 && i == q.choice {
				mark = cursorMark
			}
			if i == q.choice {
				lines = append(lines, gutter+render.Style(lk.Theme.Strong, mark+label))
			} else {
				lines = append(lines, gutter+mark+label)
			}
		}
	}
	if total > room {
		lines = append(lines, gutter+render.Style(lk.Theme.Dim, noMark+arrowLine(moreBelow, n-to)))
	}
	return lines
}

// wrapCells fills text into lines of at most width columns, the lines after the first indented
// by indent; a word wider than a line is broken where the line ends, so that nothing is cut
// and no line is wider than the terminal.
func wrapCells(text string, width int, indent string) []string {
	width = max(width, len(indent)+1)
	var out []string
	for _, line := range wrap("", indent, text, width) {
		for textWidth(line) > width {
			var head strings.Builder
			n, rest := 0, line
			for i, r := range line {
				c, w := cell(r)
				if n+w > width && n > len(indent) {
					rest = indent + line[i:]
					break
				}
				head.WriteString(c)
				n += w
			}
			out = append(out, head.String())
			line = rest
		}
		out = append(out, line)
	}
	return out
}

// arrowLine is the arrow that says how many options are out of view that way ("" for none).
func arrowLine(arrow string, n int) string {
	if n <= 0 {
		return ""
	}
	return arrow + " " + itoa(n)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}

// answerLines lays out the answer being typed after "> ", over as many lines as it needs, and
// says where the cursor is among them. An answer longer than room lines shows the lines around
// the cursor, with a mark where lines are out of view: the start of a long paste is never
// hidden without a sign.
func (q *question) answerLines(lk Look, width, room int) ([]string, int, int) {
	first, next := gutter+inputMark, gutter+strings.Repeat(" ", len(inputMark))
	avail := max(width-len([]rune(first)), 1)
	var lines []string
	var line strings.Builder
	col, row, curRow, curCol := 0, 0, 0, 0
	for i, r := range q.input {
		if r == '\n' { // a line break pasted into an error text
			if i == q.pos {
				curRow, curCol = row, col
			}
			lines = append(lines, line.String())
			line.Reset()
			col, row = 0, row+1
			continue
		}
		c, w := cell(r)
		if col+w > avail && col > 0 {
			lines = append(lines, line.String())
			line.Reset()
			col, row = 0, row+1
		}
		if i == q.pos {
			curRow, curCol = row, col
		}
		if sanitize.Unsafe(r) || q.offered {
			c = render.Style(lk.Theme.Dim, c)
		}
		line.WriteString(c)
		col += w
	}
	if q.pos >= len(q.input) {
		if col >= avail {
			lines = append(lines, line.String())
			line.Reset()
			col, row = 0, row+1
		}
		curRow, curCol = row, col
	}
	lines = append(lines, line.String())
	from, to := 0, len(lines)
	if len(lines) > room {
		// The lines around the cursor, and marks for those out of view.
		shown := max(room-2, 1)
		from = max(min(curRow-shown/2, len(lines)-shown), 0)
		to = from + shown
	}
	var out []string
	if from > 0 {
		out = append(out, next+render.Style(lk.Theme.Dim, moreHidden))
	}
	for i := from; i < to; i++ {
		prefix := next
		if i == 0 {
			prefix = first
		}
		out = append(out, prefix+lines[i])
	}
	if to < len(lines) {
		out = append(out, next+render.Style(lk.Theme.Dim, moreHidden))
	}
	row = curRow - from
	if from > 0 {
		row++
	}
	return out, row, len([]rune(first)) + curCol
}

// wrap fills text into lines of at most width columns, as render.Wrap does, as a list.
func wrap(first, indent, text string, width int) []string {
	return strings.Split(strings.TrimSuffix(render.Wrap(first, indent, text, width), "\n"), "\n")
}

// wrapLines wraps each line of text that is wider than width, keeping its indent; lines that
// fit keep their alignment (the rows that compare two tenant IDs).
func wrapLines(text string, width int) string {
	var b strings.Builder
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString("\n")
		}
		if width > 0 && textWidth(line) > width {
			indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
			b.WriteString(strings.TrimSuffix(render.Wrap(indent, indent+"  ", line, width), "\n"))
			continue
		}
		b.WriteString(line)
	}
	return b.String()
}
