package diagnose

import (
	"encoding/json"
	"errors"
	"math/big"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cspfix/cspfix/scenarios"
)

// TestValuesAsPeopleExportThem: every way of writing a value that README "The case file" lists
// is read as the canonical value, and the case is written back with it.
func TestValuesAsPeopleExportThem(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	tests := []struct{ in, path, want string }{
		{`"Yes"`, "answers.other_csp", "yes"},
		{`" ja "`, "answers.other_csp", "yes"},
		{`"J"`, "answers.other_csp", "yes"},
		{`"y"`, "answers.other_csp", "yes"},
		{`true`, "answers.other_csp", "yes"},
		{`"TRUE"`, "answers.other_csp", "yes"},
		{`"nein"`, "answers.direct_microsoft", "no"},
		{`"WAHR"`, "answers.direct_microsoft", "yes"},
		{`"Falsch"`, "answers.direct_microsoft", "no"},
		{`"k.A."`, "answers.direct_microsoft", "unknown"},
		{`"-"`, "answers.direct_microsoft", "unknown"},
		{`"nicht geprueft"`, "answers.partner_center_search", "not_checked"},
		{`"N"`, "answers.direct_microsoft", "no"},
		{`false`, "answers.direct_microsoft", "no"},
		{`""`, "answers.recent_change", "unknown"},
		{`"?"`, "answers.recent_change", "unknown"},
		{`"Unbekannt"`, "answers.recent_change", "unknown"},
		{`"Weiß nicht"`, "answers.recent_change", "unknown"},
		{`"WEISS NICHT"`, "answers.recent_change", "unknown"},
		{`"don't know"`, "answers.recent_change", "unknown"},
		{`"Not found"`, "answers.partner_center_search", "not_found"},
		{`"not-found"`, "answers.partner_center_search", "not_found"},
		{`"nicht gefunden"`, "answers.partner_center_search", "not_found"},
		{`"Gefunden"`, "answers.partner_center_search", "found"},
		{`"ja"`, "answers.partner_center_search", "found"},
		{`"no"`, "answers.partner_center_search", "not_found"},
		{`"Not Checked"`, "answers.partner_center_search", "not_checked"},
		{`"your provider"`, "answers.other_partner_kind", "your_provider"},
		{`"Syndication"`, "answers.other_partner_kind", "syndication"},
		{`"Partner-Removed"`, "answers.change_kind", "partner_removed"},
		{`"?"`, "answers.change_kind", "unknown"},
		{`4847383`, "partner.partner_id", "4847383"},
		{`4.847383E6`, "partner.partner_id", "4847383"},
		{`4847383.000`, "partner.partner_id", "4847383"},
		{`0`, "partner.partner_id", "0"},
		{`"2026-11-20 09:14"`, "answers.recent_change_at", "2026-11-20T09:14:00+01:00"},
		{`"2026-11-20T09:14"`, "answers.recent_change_at", "2026-11-20T09:14:00+01:00"},
		{`"2026-07-20 09:14:30"`, "answers.recent_change_at", "2026-07-20T09:14:30+02:00"},
		{`"2026-11-20 09:14Z"`, "answers.recent_change_at", "2026-11-20T09:14:00Z"},
		{`" 2026-11-20 09:14:00-05:00 "`, "answers.recent_change_at", "2026-11-20T09:14:00-05:00"},
		{`"20.11.2026 09:14"`, "answers.recent_change_at", "2026-11-20T09:14:00+01:00"},
		{`"1.2.2026 8:05:09"`, "answers.recent_change_at", "2026-02-01T08:05:09+01:00"},
		{`"29.02.2028 23:59"`, "answers.recent_change_at", "2028-02-29T23:59:00+01:00"},
	}
	for _, tt := range tests {
		t.Run(tt.path+"="+tt.in, func(t *testing.T) {
			f := FieldAt(tt.path)
			parent, key, _ := strings.Cut(tt.path, ".")
			record := `{"` + parent + `":{"` + key + `":` + tt.in + `}}`
			if tt.path == "answers.recent_change_at" {
				record = `{"answers":{"recent_change":"yes","recent_change_at":` + tt.in + `}}`
			}
			var c Case
			if err := NewDecoderWith(strings.NewReader(record), DecodeOptions{Location: berlin}).Next(&c); err != nil {
				t.Fatalf("%s: %v", record, err)
			}
			if got := f.Value(&c); got != tt.want {
				t.Errorf("%s = %q, want %q", tt.path, got, tt.want)
			}
			out, err := json.Marshal(&c)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != "unknown" && tt.want != "not_checked" && !strings.Contains(string(out), `"`+key+`":"`+tt.want+`"`) {
				t.Errorf("written back as %s", out)
			}
		})
	}
}

// TestSchemaPatternsAreTheDecoder checks the schema's patterns against the code that reads the
// same values, on the words and times of every kind and their near misses.
func TestSchemaPatternsAreTheDecoder(t *testing.T) {
	words := []string{"", " ", "yes", "YES", " Ja\t", "jaa", "ja-", "weiß-nicht", "WEISS_NICHT", "weiẞ nicht", "don’t know",
		"dont know", "not found", "not  found", "not_found", "nicht geprüft", "NICHT GEPRÜFT", "ſes", "\u00a0y\u3000", "\u200by",
		"your provider", "your-provider", "a", "A", "e", "ticket opened", "TICKET-OPENED", "fixed ", "true", "True", "\u212aNOWN"}
	for _, f := range enumFields() {
		re := regexp.MustCompile(wordsPattern(f.words()))
		for _, w := range words {
			_, ok := f.matchWord(w)
			if re.MatchString(w) != ok {
				t.Errorf("%s %q: pattern %v, decoder %v", f.Path, w, re.MatchString(w), ok)
			}
		}
	}
	re := regexp.MustCompile(timePattern)
	var times []string
	for _, year := range []string{"2026", "2028", "2100", "2000", "0000"} {
		for month := 1; month <= 12; month++ {
			for _, day := range []int{1, 28, 29, 30, 31, 32} {
				iso := year + "-" + two(month) + "-" + two(day)
				de := two(day) + "." + two(month) + "." + year
				times = append(times, iso+"T09:14:00Z", iso+" 09:14", de+" 09:14", strings.TrimLeft(de, "0")+" 9:14")
			}
		}
	}
	times = append(times, "2026-11-20T24:00", "2026-11-20T23:60", "2026-11-20 09:14:60", "2026-11-20 09:14.5",
		"2026-11-20 09:14:00.5", "2026-11-20 09:14:00.", "2026-11-20 9:14", "2026-11-20  09:14", "20.11.2026 09:14Z",
		"20.11.26 09:14", "20.11.2026T09:14", "020.11.2026 09:14", "20.011.2026 09:14", "2026-11-20 09:14+01:00",
		"2026-11-20 09:14 +01:00", "2026-11-20 09:14+24:00", " 2026-11-20 09:14\n", "\u00a02026-11-20 09:14", "20.11.2026 09:14:05",
		"20.11.2026 09", "2026-11-20", "x2026-11-20 09:14", "2026-11-20 09:14x", "2026-11-20t09:14z")
	for _, s := range times {
		_, ok := parseTimeIn([]byte(s), time.UTC)
		if re.MatchString(s) != ok {
			t.Errorf("%q: pattern %v, decoder %v", s, re.MatchString(s), ok)
		}
	}
}

func two(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

func enumFields() []*Field {
	var out []*Field
	EachField(func(f *Field) {
		if f.Kind == KindEnum {
			out = append(out, f)
		}
	})
	return out
}

// FuzzValueWords: for any string, an enum field's schema pattern and its decoder agree.
func FuzzValueWords(f *testing.F) {
	for _, s := range []string{"Ja", " not-found ", "weiß nicht", "\u212a", "ſ", "c", "ticket opened"} {
		f.Add(s)
	}
	fields := enumFields()
	patterns := make([]*regexp.Regexp, len(fields))
	for i, field := range fields {
		patterns[i] = regexp.MustCompile(wordsPattern(field.words()))
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i, field := range fields {
			v, ok := field.matchWord(s)
			if patterns[i].MatchString(s) != ok {
				t.Fatalf("%s %q: pattern %v, decoder %v", field.Path, s, !ok, ok)
			}
			if ok && !containsValue(field.Values, v) {
				t.Fatalf("%s %q read as %q, not one of its values", field.Path, s, v)
			}
		}
	})
}

func containsValue(values []string, v string) bool {
	for _, x := range values {
		if x == v {
			return true
		}
	}
	return false
}

// FuzzTimeValue: for any string, the schema's time pattern and the decoder agree, and a time
// that is read is written back as RFC 3339 that reads as the same instant.
func FuzzTimeValue(f *testing.F) {
	for _, s := range []string{"2026-11-20 09:14", "20.11.2026 9:14", "2026-11-20T09:14:00.5-05:00", "29.02.2028 00:00"} {
		f.Add(s)
	}
	re := regexp.MustCompile(timePattern)
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseTimeIn([]byte(s), time.UTC)
		if re.MatchString(s) != ok {
			t.Fatalf("%q: pattern %v, decoder %v", s, !ok, ok)
		}
		if !ok {
			return
		}
		again, ok := parseTimeBytes([]byte(got.Format(time.RFC3339Nano)))
		if !ok || !again.Equal(got.Time) {
			t.Fatalf("%q read as %v, which reads back as %v (%v)", s, got, again, ok)
		}
	})
}

// FuzzPartnerIDNumber: a JSON number is read as a Partner ID exactly when it is an integer from
// 0 to 20 digits, and the digits are its value.
func FuzzPartnerIDNumber(f *testing.F) {
	for _, s := range []string{"4847383", "4.847383e6", "-0", "1e20", "100e-2", "0.5", "1E+3"} {
		f.Add(s)
	}
	number := regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
	f.Fuzz(func(t *testing.T, s string) {
		m := number.FindStringSubmatch(s)
		if m == nil || len(s) > 400 || len(m[3]) > 5 { // big.Rat would take long for large exponents
			return
		}
		digits, ok := integerText([]byte(s))
		r, valid := new(big.Rat).SetString(s)
		if !valid {
			return
		}
		want := r.IsInt() && r.Sign() >= 0 && len(r.Num().String()) <= len(maxPartnerID)
		if ok != want || ok && digits != r.Num().String() {
			t.Fatalf("%s: got %q %v, want %v (%s)", s, digits, ok, want, r)
		}
	})
}

// TestLocalTimesSummerTimeSkipsOrRepeats: a time without an offset that its zone skips (the
// hour when summer time begins) or has twice (the hour when it ends) is reported, not moved or
// picked without a word; the hours around them, and every time with an offset, are read.
func TestLocalTimesSummerTimeSkipsOrRepeats(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"2026-03-29 02:30":          "time_skipped",
		"29.03.2026 02:00":          "time_skipped",
		"2026-10-25 02:30":          "time_twice",
		"2026-10-25T02:59:59":       "time_twice",
		"2026-03-29 01:59":          "2026-03-29T01:59:00+01:00",
		"2026-03-29 03:00":          "2026-03-29T03:00:00+02:00",
		"2026-10-25 03:00":          "2026-10-25T03:00:00+01:00",
		"2026-10-25 01:59":          "2026-10-25T01:59:00+02:00",
		"2026-10-25 02:30+01:00":    "2026-10-25T02:30:00+01:00",
		"2026-03-29T02:30:00+01:00": "2026-03-29T02:30:00+01:00",
	} {
		got, fault := parseTimeFault([]byte(in), berlin)
		if fault != "" {
			if string(fault) != want {
				t.Errorf("%s: %s, want %s", in, fault, want)
			}
			continue
		}
		if s := got.Format(time.RFC3339); s != want {
			t.Errorf("%s: %s, want %s", in, s, want)
		}
	}
	if got := TimeOffsets([]byte("2026-10-25 02:30"), berlin); strings.Join(got, " ") != "+02:00 +01:00" {
		t.Errorf("offsets %v", got)
	}
	// Through the decoder, in a case file and a CSV export alike.
	for _, in := range []string{`{"attempts":["2026-03-29 02:30"]}`, "attempts\n2026-03-29 02:30\n"} {
		var c Case
		err := NewDecoderWith(strings.NewReader(in), DecodeOptions{Location: berlin}).Next(&c)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Kind != ErrTimeSkipped ||
			ie.Message(scenarios.Embedded(), scenarios.EN) != `attempts[0]: "2026-03-29 02:30" does not exist in the time zone Europe/Berlin: the clocks skip that hour when summer time begins; write the time with its offset (+01:00, +02:00)` {
			t.Errorf("%q: %v", in, err)
		}
	}
}
