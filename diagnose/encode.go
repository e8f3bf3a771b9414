package diagnose

import (
	"time"

	"github.com/cspfix/cspfix/internal/sanitize"
)

// MarshalJSON writes the case as a case file holds it: the fields of the table in table order,
// leaving out what is not given, so that what cspfix saves, the decoder reads back unchanged.
func (c Case) MarshalJSON() ([]byte, error) {
	return appendObject(nil, modelOf(&c).root, &c, -1), nil
}

// MarshalJSON writes the customer as the case file's "customer" object.
func (cu Customer) MarshalJSON() ([]byte, error) { return AppendCustomerJSON(nil, &cu), nil }

// MarshalJSON writes the partner as the case file's "partner" object.
func (pa Partner) MarshalJSON() ([]byte, error) { return AppendPartnerJSON(nil, &pa), nil }

// AppendCustomerJSON appends the customer's JSON, as MarshalJSON writes it.
func AppendCustomerJSON(b []byte, cu *Customer) []byte {
	var c Case
	c.Customer = *cu
	return appendObject(b, bare.Get().byPath["customer"], &c, -1)
}

// AppendPartnerJSON appends the partner's JSON, as MarshalJSON writes it.
func AppendPartnerJSON(b []byte, pa *Partner) []byte {
	var c Case
	c.Partner = *pa
	return appendObject(b, bare.Get().byPath["partner"], &c, -1)
}

func appendObject(b []byte, f *Field, c *Case, item int) []byte {
	b = append(b, '{')
	first := true
	for _, child := range f.Fields {
		value, ok := appendValue(nil, child, c, item)
		if !ok {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = sanitize.AppendJSONString(b, child.Name)
		b = append(b, ':')
		b = append(b, value...)
	}
	return append(b, '}')
}

// appendValue appends the value of f, and reports false when c does not give it.
func appendValue(b []byte, f *Field, c *Case, item int) ([]byte, bool) {
	switch f.Kind {
	case KindText, KindEnum:
		v := f.get(c, item)
		return sanitize.AppendJSONString(b, v), v != ""
	case KindTime:
		t, ok := f.getTime(c, item)
		return sanitize.AppendJSONString(b, t.Format(time.RFC3339Nano)), ok
	case KindObject:
		obj := appendObject(b, f, c, item)
		return obj, len(obj) > len(b)+2
	case KindList:
		n := f.size(c)
		b = append(b, '[')
		for i := range n {
			if i > 0 {
				b = append(b, ',')
			}
			b, _ = appendValue(b, f.Item, c, i)
		}
		return append(b, ']'), n > 0
	}
	return b, false
}
