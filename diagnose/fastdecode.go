package diagnose

import (
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/cspfix/cspfix/scenarios"
)

// fastDecode parses a well-formed case without reflection, for the batch path. It reports false
// for anything it does not handle exactly as the strict decoder does (keys in other letter case
// or unknown, null, numbers, escapes in keys, values outside the enums, syntax errors); the
// caller then takes the strict path, which also explains errors. FuzzFastDecode holds it to
// that: whenever it reports true, the strict decoder gives the same case.
func fastDecode(data []byte, c *Case) bool {
	p := parser{b: data}
	if !p.caseObject(c) {
		return false
	}
	p.ws()
	return p.i == len(p.b)
}

type parser struct {
	b []byte
	i int
}

func (p *parser) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// next consumes c, after white space, if it comes next.
func (p *parser) next(c byte) bool {
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// object parses an object, calling member for each key with the parser at the value. Keys are
// bytes so that "switch string(key)" compares them without allocating.
func (p *parser) object(member func(key []byte) bool) bool {
	if !p.next('{') {
		return false
	}
	if p.next('}') {
		return true
	}
	for {
		key, ok := p.plain()
		if !ok || !p.next(':') || !member(key) {
			return false
		}
		if !p.next(',') {
			return p.next('}')
		}
	}
}

// array parses an array, calling item for each element with the parser at it.
func (p *parser) array(item func() bool) bool {
	if !p.next('[') {
		return false
	}
	if p.next(']') {
		return true
	}
	for {
		if !item() {
			return false
		}
		if !p.next(',') {
			return p.next(']')
		}
	}
}

// plain parses a string without escapes, as keys and enum values are, and returns its bytes.
func (p *parser) plain() ([]byte, bool) {
	if !p.next('"') {
		return nil, false
	}
	start := p.i
	for p.i < len(p.b) {
		switch c := p.b[p.i]; {
		case c == '"':
			p.i++
			return p.b[start : p.i-1], true
		case c == '\\' || c < 0x20:
			return nil, false
		}
		p.i++
	}
	return nil, false
}

// str parses any string value, decoding escapes as encoding/json does.
func (p *parser) str() (string, bool) {
	if !p.next('"') {
		return "", false
	}
	start := p.i
	for p.i < len(p.b) {
		switch c := p.b[p.i]; {
		case c == '"':
			s := string(p.b[start:p.i])
			p.i++
			return s, true
		case c == '\\':
			return p.escapedString(start)
		case c < 0x20:
			return "", false
		}
		p.i++
	}
	return "", false
}

// escapedString finishes a string that contains escapes, from start (after the quote).
func (p *parser) escapedString(start int) (string, bool) {
	out := make([]byte, 0, p.i-start+16)
	out = append(out, p.b[start:p.i]...)
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return string(out), true
		case c < 0x20:
			return "", false
		case c != '\\':
			out = append(out, c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.b) {
			return "", false
		}
		esc := p.b[p.i+1]
		p.i += 2
		switch esc {
		case '"', '\\', '/':
			out = append(out, esc)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", false
			}
			if utf16.IsSurrogate(r) {
				// A surrogate pair, or U+FFFD for half of one, as encoding/json decodes it.
				r2 := rune(-1)
				if p.i+1 < len(p.b) && p.b[p.i] == '\\' && p.b[p.i+1] == 'u' {
					save := p.i
					p.i += 2
					if r2, ok = p.hex4(); !ok {
						return "", false
					}
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						out = utf8.AppendRune(out, dec)
						continue
					}
					p.i = save
				}
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", false
		}
	}
	return "", false
}

func (p *parser) hex4() (rune, bool) {
	if p.i+4 > len(p.b) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(p.b[p.i:p.i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	p.i += 4
	return rune(v), true
}

func (p *parser) into(s *string) bool {
	v, ok := p.str()
	*s = v
	return ok
}

func (p *parser) time() (Time, bool) {
	s, ok := p.str()
	if !ok {
		return Time{}, false
	}
	t, err := time.Parse(time.RFC3339, s)
	return Time{t}, err == nil
}

func (p *parser) answer(a *Answer) bool {
	v, ok := p.plain()
	if !ok {
		return false
	}
	switch string(v) {
	case "yes":
		*a = Yes
	case "no":
		*a = No
	case "unknown":
		*a = Unknown
	default:
		return false
	}
	return true
}

func (p *parser) caseObject(c *Case) bool {
	return p.object(func(key []byte) bool {
		switch string(key) {
		case "$schema":
			return p.into(&c.Schema)
		case "id":
			return p.into(&c.ID)
		case "customer":
			return p.object(func(key []byte) bool {
				switch string(key) {
				case "name":
					return p.into(&c.Customer.Name)
				case "domain":
					return p.into(&c.Customer.Domain)
				case "tenant_id":
					return p.into(&c.Customer.TenantID)
				case "confirmed_tenant_id":
					return p.into(&c.Customer.ConfirmedTenantID)
				case "country":
					return p.into(&c.Customer.Country)
				}
				return false
			})
		case "partner":
			return p.object(func(key []byte) bool {
				switch string(key) {
				case "name":
					return p.into(&c.Partner.Name)
				case "partner_id":
					return p.into(&c.Partner.PartnerID)
				case "indirect_provider":
					return p.into(&c.Partner.IndirectProvider)
				case "country":
					return p.into(&c.Partner.Country)
				}
				return false
			})
		case "error_message":
			return p.into(&c.ErrorMessage)
		case "attempts":
			c.Attempts = c.Attempts[:0] // a repeated key replaces the list, as in encoding/json
			return p.array(func() bool {
				t, ok := p.time()
				c.Attempts = append(c.Attempts, t)
				return ok
			})
		case "answers":
			return p.answers(&c.Answers)
		case "tried":
			c.Tried = c.Tried[:0]
			return p.array(func() bool {
				var t Tried
				ok := p.object(func(key []byte) bool {
					switch string(key) {
					case "scenario":
						v, ok := p.plain()
						switch string(v) {
						case "A", "B", "C", "D":
							t.Scenario = scenarios.ID(v)
						}
						return ok && t.Scenario != ""
					case "at":
						at, ok := p.time()
						t.At = &at
						return ok
					case "note":
						return p.into(&t.Note)
					}
					return false
				})
				c.Tried = append(c.Tried, t)
				return ok && t.Scenario != ""
			})
		case "notes":
			return p.into(&c.Notes)
		case "retry_at":
			t, ok := p.time()
			c.RetryAt = &t
			return ok
		}
		return false
	})
}

func (p *parser) answers(a *Answers) bool {
	return p.object(func(key []byte) bool {
		switch string(key) {
		case "other_csp":
			return p.answer(&a.OtherCSP)
		case "direct_microsoft":
			return p.answer(&a.DirectMicrosoft)
		case "earlier_relationship_with_you":
			return p.answer(&a.EarlierRelationshipWithYou)
		case "invitation_pending":
			return p.answer(&a.InvitationPending)
		case "recent_change":
			return p.answer(&a.RecentChange)
		case "recent_change_at":
			t, ok := p.time()
			a.RecentChangeAt = &t
			return ok
		case "crm_duplicates":
			return p.answer(&a.CRMDuplicates)
		case "partner_center_search":
			v, ok := p.plain()
			switch string(v) {
			case "found":
				a.PartnerCenterSearch = Found
			case "not_found":
				a.PartnerCenterSearch = NotFound
			case "not_checked":
				a.PartnerCenterSearch = NotChecked
			default:
				return false
			}
			return ok
		case "provider_has_relationship":
			return p.answer(&a.ProviderHasRelationship)
		}
		return false
	})
}
