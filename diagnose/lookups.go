package diagnose

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/cspfix/cspfix/internal/lazy"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// Facts cspfix looked up itself in Microsoft's systems (README "Looking facts up in Microsoft's
// systems"): the case keeps them in "lookups", only answers that came back, and the diagnosis
// turns them into facts its rules read (lookups.json in the catalog says what each means), as
// it does with answers. A lookup never overwrites a person's answer: where it answers a question
// the person answered otherwise, the answer decides and a warning says so.

// Lookup is one looked-up fact: where it came from, what it is, its value, and when it was
// looked up (the clock of the run, or --now).
type Lookup struct {
	Source string
	Fact   string
	Value  string
	At     *Time
}

// Sources of looked-up facts: Microsoft's public sign-in service (its OpenID discovery
// document), Microsoft Graph, Partner Center.
const (
	SourceDiscovery     = "openid_discovery"
	SourceGraph         = "graph"
	SourcePartnerCenter = "partner_center"
)

// LookupSources are the sources a case file may name.
var LookupSources = []string{SourceDiscovery, SourceGraph, SourcePartnerCenter}

// The facts that are looked up (Lookup.Fact). Those about "the tenant" are about the entered
// tenant ID (customer.tenant_id), those about "the domain" about customer.domain.
const (
	FactTenantExists          = "tenant_exists"         // yes, or no: no cloud's sign-in service knows the ID
	FactTenantCloud           = "tenant_cloud"          // public, us_government, china, other
	FactTenantRegion          = "tenant_region"         // the discovery document's tenant_region_scope
	FactTenantName            = "tenant_name"           // Graph's displayName of the tenant
	FactTenantDefaultDomain   = "tenant_default_domain" // Graph's defaultDomainName of the tenant
	FactDomainTenantID        = "domain_tenant_id"      // the domain's tenant ID, or none
	FactDomainTenantName      = "domain_tenant_name"    // Graph's displayName of the domain's tenant
	FactDomainCloud           = "domain_cloud"
	FactDomainRegion          = "domain_region"
	FactAdminRelationship     = "admin_relationship"       // a GDAP relationship's status, one record each, or none
	FactAdminRelationshipEnds = "admin_relationship_ended" // when the last one that ended did (RFC 3339)
	FactContract              = "contract"                 // a contract's type, one record each, or none
	FactCustomerRelationship  = "customer_relationship"    // Partner Center's relationshipToPartner, or not_found
)

// Values of looked-up facts.
const (
	LookupYes           = "yes"
	LookupNo            = "no"
	LookupNone          = "none"
	LookupValueNotFound = "not_found"
)

// LookupFields are the fields of the case the lookups are about: a lookup made for other values
// of them no longer applies.
var LookupFields = []string{TenantIDPath, "customer.domain"}

// Looked is what the lookups of one case gave: the facts that came back and the lookups that
// did not. A failure says in words what failed, when it has the method Message(catalog, lang).
type Looked struct {
	Lookups  []Lookup
	Failures []error
}

// Looker looks a case up in Microsoft's systems (diagnose --online). An engine without one
// never touches the network: it reads only the lookups the case holds.
type Looker interface {
	Look(c *Case) Looked
}

// MergeLookups is old with the lookups of fresh: a fresh fact replaces every earlier record of
// the same source and fact (a list, such as the admin relationships, as a whole). It returns a
// new list and changes neither.
func MergeLookups(old, fresh []Lookup) []Lookup {
	out := make([]Lookup, 0, len(old)+len(fresh))
	for _, l := range old {
		if !slices.ContainsFunc(fresh, func(n Lookup) bool { return n.Source == l.Source && n.Fact == l.Fact }) {
			out = append(out, l)
		}
	}
	return append(out, fresh...)
}

// lookupList is the case's list of lookups, objects of item's fields.
func lookupList(name string, item *Field, list func(c *Case) *[]Lookup) *Field {
	return &Field{Name: name, Kind: KindList, Item: item, lookups: list}
}

// lookupsField is the row of the field table that holds the lookups.
func lookupsField() *Field {
	at := func(c *Case, i int) *Lookup { return &c.Lookups[i] }
	return lookupList("lookups", object("",
		required(enum("source", LookupSources, "", func(c *Case, i int) *string { return &at(c, i).Source })),
		required(text("fact", func(c *Case, i int) *string { return &at(c, i).Fact })),
		text("value", func(c *Case, i int) *string { return &at(c, i).Value }),
		required(moment("at", func(c *Case, i int) **Time { return &at(c, i).At })),
	), func(c *Case) *[]Lookup { return &c.Lookups })
}

// lookupState is what the facts make of the case's lookups: what they answer, and whether a
// person answered one of those otherwise.
type lookupState struct {
	answers  []LookedUpAnswer
	conflict bool
}

// find is the value of the latest record of source and fact, and whether there is one.
func (f *facts) find(source, fact string) (Lookup, bool) {
	for i := len(f.c.Lookups) - 1; i >= 0; i-- {
		if l := f.c.Lookups[i]; l.Source == source && l.Fact == fact {
			return l, true
		}
	}
	return Lookup{}, false
}

func (f *facts) lookedUp(source, fact string) string {
	l, _ := f.find(source, fact)
	return l.Value
}

// each calls visit for every record of source and fact.
func (f *facts) each(source, fact string, visit func(Lookup)) {
	for _, l := range f.c.Lookups {
		if l.Source == source && l.Fact == fact {
			visit(l)
		}
	}
}

// The facts of the lookups, which factDefs lists (README "How the diagnosis decides"): each
// one's values, and the method that says which of them a case has.
var (
	tenantLookupValues   = []string{"none", "found", "not_found"}
	tenantFitValues      = []string{"unknown", "fits", "differs"}
	domainTenantValues   = []string{"unknown", "same", "differs", "not_found"}
	gdapValues           = []string{"unknown", "no", "yes"}
	gdapEndedValues      = []string{"unknown", "no", "recently", "earlier"}
	contractValues       = []string{"unknown", "none", "found"}
	pcRelationshipValues = []string{"unknown", "not_found", "reseller", "none", "other"}
	noYes                = []string{"no", "yes"}
)

// tenantLookup: the entered tenant ID in Microsoft's public sign-in services: not looked up, a
// tenant there, or none in any cloud.
func (f *facts) tenantLookup() int {
	switch f.lookedUp(SourceDiscovery, FactTenantExists) {
	case LookupYes:
		return 1
	case LookupNo:
		return 2
	}
	return 0
}

// tenantFitFact: the name and default domain Microsoft Graph gives the entered tenant, next to
// the customer's name and domain.
func (f *facts) tenantFitFact() int { return int(f.tenantFit()) }

// domainTenant: the domain's tenant in Microsoft Graph: not looked up (or no valid entered ID to
// compare with), the entered tenant, another one, none.
func (f *facts) domainTenant() int {
	switch v := f.lookedUp(SourceGraph, FactDomainTenantID); {
	case v == "":
		return 0
	case v == LookupNone:
		return 3
	case !f.entered.Valid:
		return 0
	case v == f.entered.Canonical:
		return 1
	}
	return 2
}

// gdapActive and gdapPending: the reseller's GDAP relationships with the customer.
func (f *facts) gdapActive() int { return f.gdap(activeStatuses) }

func (f *facts) gdapPending() int { return f.gdap(pendingStatuses) }

// gdapEnded: an ended one, when it ended next to the last failure (a change's windows: up to
// 72 h before it, or minutes after).
func (f *facts) gdapEnded() int {
	if _, ok := f.find(SourceGraph, FactAdminRelationship); !ok {
		return 0
	}
	end, ok := f.gdapEnd()
	switch {
	case !ok:
		return 1
	case end.After(f.failure.Add(clockSkew)):
		return 1 // it ended after the failure: it cannot have caused it
	case f.failure.Sub(end) <= weakDelayWindow:
		return 2
	}
	return 3
}

// contractFact: the reseller's contracts with the customer (Microsoft Graph).
func (f *facts) contractFact() int {
	switch f.lookedUp(SourceGraph, FactContract) {
	case "":
		return 0
	case LookupNone:
		return 1
	}
	return 2
}

// pcRelationship: the customer's relationship to the reseller in Partner Center.
func (f *facts) pcRelationship() int {
	switch f.lookedUp(SourcePartnerCenter, FactCustomerRelationship) {
	case "":
		return 0
	case LookupValueNotFound:
		return 1
	case "reseller":
		return 2
	case LookupNone:
		return 3
	}
	return 4
}

// lookupFailed: a lookup of this run gave no answer.
func (f *facts) lookupFailed() int { return boolIndex(len(f.c.lookupFailures) > 0) }

// lookupConflict: a looked-up answer differs from the person's. It reads the values of the
// other facts, so factsInto works it out after them (lookedUpAnswersInto).
func (f *facts) lookupConflict() int { return boolIndex(f.looked.conflict) }

// The statuses of a GDAP relationship (Microsoft Graph) that count as active, and as a request
// on its way; terminated and expired ones have ended, and so, for a delay, has one being ended.
var (
	activeStatuses  = []string{"active", "expiring"}
	pendingStatuses = []string{"created", "approval_pending", "approved", "activating"}
)

// gdap is 0 when the relationships were not looked up, else 2 when one has a status of list.
func (f *facts) gdap(list []string) int {
	found, looked := false, false
	f.each(SourceGraph, FactAdminRelationship, func(l Lookup) {
		looked = true
		found = found || slices.Contains(list, l.Value)
	})
	switch {
	case !looked:
		return 0
	case found:
		return 2
	}
	return 1
}

// gdapEnd is when the last relationship that ended did, when one has.
func (f *facts) gdapEnd() (time.Time, bool) {
	v := f.lookedUp(SourceGraph, FactAdminRelationshipEnds)
	if v == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, v)
	return t, err == nil
}

// fit says whether what Microsoft knows of a tenant fits what the case says of the customer.
type fit int8

const (
	fitUnknown fit = iota
	fitFits
	fitDiffers
)

// tenantFit compares the name and default domain Microsoft Graph gives the entered tenant with
// the customer's name and domain. A domain that is the tenant's default domain (or has the same
// first label: contoso.com and contoso.onmicrosoft.com) fits; names fit when they share a word
// that is not a legal form. A domain alone that differs proves nothing (a customer has domains
// of its own besides the default one), so without the customer's name it is unknown.
func (f *facts) tenantFit() fit {
	name, dom := f.lookedUp(SourceGraph, FactTenantName), f.lookedUp(SourceGraph, FactTenantDefaultDomain)
	if name == "" && dom == "" {
		return fitUnknown
	}
	custName, custDom := strings.TrimSpace(f.c.Customer.Name), strings.TrimSpace(f.c.Customer.Domain)
	if custDom != "" && dom != "" && domainsFit(custDom, dom) {
		return fitFits
	}
	if custName == "" || name == "" {
		return fitUnknown
	}
	if namesFit(custName, name) || dom != "" && namesFit(custName, firstLabel(dom)) {
		return fitFits
	}
	return fitDiffers
}

// domainsFit: the same domain, or the same first label.
func domainsFit(a, b string) bool {
	a, b = strings.ToLower(strings.TrimSuffix(a, ".")), strings.ToLower(strings.TrimSuffix(b, "."))
	return a == b || firstLabel(a) != "" && firstLabel(a) == firstLabel(b)
}

func firstLabel(domain string) string {
	label, _, _ := strings.Cut(strings.ToLower(domain), ".")
	return label
}

// legalForms are words of a company's name that say its legal form, not who it is.
var legalForms = []string{"gmbh", "ag", "kg", "ohg", "ug", "gbr", "ek", "se", "co", "ltd", "limited", "inc", "llc", "llp",
	"corp", "corporation", "company", "plc", "sa", "sarl", "sas", "srl", "spa", "bv", "nv", "ab", "as", "oy", "aps",
	"kft", "sro", "sp", "zoo", "the", "und", "and", "mbh"}

// nameWords are the words of a name that say who it is: letters and digits, lower case, the
// legal forms left out.
func nameWords(s string) []string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return slices.DeleteFunc(words, func(w string) bool { return slices.Contains(legalForms, w) })
}

// namesFit: the names share a word that says who it is, or, where one has none, are the same.
func namesFit(a, b string) bool {
	wa, wb := nameWords(a), nameWords(b)
	if len(wa) == 0 || len(wb) == 0 {
		return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
	}
	for _, w := range wa {
		if slices.Contains(wb, w) {
			return true
		}
	}
	// Words written together in one name and apart in the other ("Contoso Pharma", "ContosoPharma").
	return strings.Join(wa, "") == strings.Join(wb, "")
}

// fromLookups gives the facts of the customer's domain (domain, resolved, lookupErr) what the
// case's lookups at Microsoft's public sign-in service say: the domain's tenant, or that no
// cloud knows it; without a lookup of the domain, the entered ID's tenant when it exists.
func (f *facts) fromLookups() {
	if len(f.c.Lookups) == 0 {
		return // every case without lookups: nothing to work out
	}
	f.domain = f.shownDomain()
	switch v := f.lookedUp(SourceDiscovery, FactDomainTenantID); {
	case v == LookupNone:
		f.lookupErr = &LookupError{Domain: f.c.Customer.Domain, Kind: LookupNotFound}
	case v != "":
		f.resolved = &Resolution{Domain: f.c.Customer.Domain, TenantID: v, RegionScope: f.lookedUp(SourceDiscovery, FactDomainRegion),
			CloudInstance: cloudInstance(Cloud(f.lookedUp(SourceDiscovery, FactDomainCloud)))}
	case f.entered.Valid && f.lookedUp(SourceDiscovery, FactTenantExists) == LookupYes:
		f.resolved = &Resolution{TenantID: f.entered.Canonical, RegionScope: f.lookedUp(SourceDiscovery, FactTenantRegion),
			CloudInstance: cloudInstance(Cloud(f.lookedUp(SourceDiscovery, FactTenantCloud)))}
	}
}

// cloudInstance is the discovery document's cloud_instance_name of a cloud a lookup recorded
// (Resolution.Cloud reads it back).
func cloudInstance(c Cloud) string {
	switch c {
	case CloudPublic:
		return "microsoftonline.com"
	case CloudUSGovernment:
		return "microsoftonline.us"
	case CloudChina:
		return "partner.microsoftonline.cn"
	}
	return ""
}

// shownDomain is the customer's domain as the texts show it, else the entered tenant ID.
func (f *facts) shownDomain() string {
	if d := strings.TrimSpace(f.c.Customer.Domain); d != "" {
		return sanitize.Exact(cut(d))
	}
	if f.entered.Valid {
		return f.entered.Canonical
	}
	return sanitize.Exact(cut(f.c.Customer.TenantID))
}

// LookedUpAnswer is an answer the case's lookups give to a question, and whether the person
// answered it otherwise (then the person's answer decides).
type LookedUpAnswer struct {
	Field *Field
	Value string
	// Found says what was found, in the catalog's words (LookupAnswer.Text).
	Found    scenarios.Text
	Conflict bool
	// Lookups are the records the answer rests on: the latest of its sources.
	Source string
	At     *Time
}

// lookupAnswer is a catalog answer of the lookups ready to apply.
type lookupAnswer struct {
	field *Field
	value string
	when  []condition
	text  scenarios.Text
	// source is the service whose facts the conditions read first, for "Looked up: … (source)".
	source string
}

// factSource is the source of the facts a fact of the lookups is worked out from, for the
// answers that rest on it.
func factSource(name string) string {
	switch name {
	case "tenant_lookup":
		return SourceDiscovery
	case "pc_relationship":
		return SourcePartnerCenter
	}
	return SourceGraph
}

// compileLookupAnswers makes the catalog's answers of the lookups ready to apply.
func (m *Model) compileLookupAnswers() []error {
	var errs []error
	for i, a := range m.Catalog.LookupAnswers {
		where := func() string { return fmt.Sprintf("lookups.json: answer %d", i+1) }
		f := m.byPath[a.Field]
		if f == nil || f.Kind != KindEnum || !slices.Contains(f.Values, a.Value) {
			errs = append(errs, fmt.Errorf("%s: %s cannot be answered %q", where(), a.Field, a.Value))
			continue
		}
		when, err := m.compileConditions(where, a.When)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		la := lookupAnswer{field: f, value: a.Value, when: when, text: a.Text}
		for _, c := range a.When {
			if name, ok := strings.CutPrefix(c.Field, scenarios.FactPrefix); ok && la.source == "" {
				la.source = factSource(name)
			}
		}
		m.lookupAnswers = append(m.lookupAnswers, la)
	}
	return errs
}

// lookupConflictFact is the fact of a looked-up answer that differs from the person's.
const lookupConflictFact = "lookup_conflict"

// lookedUpAnswersInto works out the answers the case's lookups give, the first that holds for
// each question, once the values of the facts are known, and then the fact of a conflict.
func (f *facts) lookedUpAnswersInto() {
	f.looked.answers = f.looked.answers[:0]
	if len(f.c.Lookups) == 0 {
		return
	}
	for i := range f.model.lookupAnswers {
		a := &f.model.lookupAnswers[i]
		if slices.ContainsFunc(f.looked.answers, func(la LookedUpAnswer) bool { return la.Field == a.field }) || !allHold(a.when, f) {
			continue
		}
		la := LookedUpAnswer{Field: a.field, Value: a.value, Found: a.text, Source: a.source}
		if l, ok := f.latest(a.source); ok {
			la.At = l.At
		}
		if given := a.field.Value(f.c); a.field.Counts(f.c) && given != a.field.Unset && given != a.value {
			la.Conflict, f.looked.conflict = true, true
		}
		f.looked.answers = append(f.looked.answers, la)
	}
	if i, ok := f.model.valueSlots[scenarios.FactPrefix+lookupConflictFact]; ok {
		f.values[i] = int8(boolIndex(f.looked.conflict))
	}
}

// latest is the latest record of source.
func (f *facts) latest(source string) (Lookup, bool) {
	var out Lookup
	found := false
	for _, l := range f.c.Lookups {
		if l.Source == source && (!found || l.At != nil && out.At != nil && l.At.After(out.At.Time)) {
			out, found = l, true
		}
	}
	return out, found
}

// lookedUpValue is the answer the lookups give to field, when they give one the person did not
// contradict.
func (f *facts) lookedUpValue(field *Field) bool {
	for _, a := range f.looked.answers {
		if a.Field == field && !a.Conflict {
			return true
		}
	}
	return false
}

// LookedUp are the answers the lookups of c give to its questions (the walkthrough does not ask
// those), with those the person answered otherwise marked.
func (e *Engine) LookedUp(c *Case) []LookedUpAnswer {
	if len(c.Lookups) == 0 {
		return nil
	}
	var f facts
	var em errorMatcher
	e.factsInto(&f, c, &em)
	return f.looked.answers
}

// fillerOf is the filler a rule names: one of the case's own (argFillers) or of the lookups'.
func fillerOf(name string) (argFiller, bool) {
	if f, ok := argFillers.Get()[name]; ok {
		return f, true
	}
	f, ok := lookupFillers.Get()[name]
	return f, ok
}

// lookupFillers are the fillers of the texts of the lookups' evidence and warnings: made once,
// when a model is first compiled, not when a program starts.
var lookupFillers = lazy.Value[map[string]argFiller]{Make: func() map[string]argFiller {
	return map[string]argFiller{
		// The entered tenant as Microsoft knows it, and the customer it should be.
		"looked_up_tenant": {[]string{"id", "name", "domain", "customer", "at"}, func(f *facts, l scenarios.Lang, name string) string {
			switch name {
			case "id":
				return f.entered.Canonical
			case "name":
				return f.cat.Quote(f.lookedUp(SourceGraph, FactTenantName), sanitize.MaxLine, l)
			case "domain":
				return sanitize.Exact(cut(f.lookedUp(SourceGraph, FactTenantDefaultDomain)))
			case "customer":
				return customerWords(f, l)
			}
			return lookedUpAt(f, SourceGraph, FactTenantName, SourceDiscovery, FactTenantExists)
		}},
		// The domain's tenant in Microsoft Graph.
		"looked_up_domain": {[]string{"domain", "resolved", "entered", "at"}, func(f *facts, l scenarios.Lang, name string) string {
			switch name {
			case "domain":
				return f.shownDomain()
			case "resolved":
				id := sanitize.Exact(cut(f.lookedUp(SourceGraph, FactDomainTenantID)))
				if n := f.lookedUp(SourceGraph, FactDomainTenantName); n != "" {
					id += " (" + f.cat.Quote(n, sanitize.MaxLine, l) + ")"
				}
				return id
			case "entered":
				return f.entered.Canonical
			}
			return lookedUpAt(f, SourceGraph, FactDomainTenantID)
		}},
		// When a source was asked.
		"looked_up_at": {[]string{"at"}, func(f *facts, _ scenarios.Lang, _ string) string {
			return lookedUpAt(f, SourcePartnerCenter, FactCustomerRelationship, SourceGraph, FactAdminRelationship)
		}},
		// The contracts' types.
		"looked_up_contract": {[]string{"types", "at"}, func(f *facts, l scenarios.Lang, name string) string {
			if name == "at" {
				return lookedUpAt(f, SourceGraph, FactContract)
			}
			var types []string
			f.each(SourceGraph, FactContract, func(r Lookup) {
				if w := lookupValue(f.cat, r, l); r.Value != LookupNone && !slices.Contains(types, w) {
					types = append(types, w)
				}
			})
			return strings.Join(types, ", ")
		}},
		// The end of the last GDAP relationship, its distance to the last failure, the failure.
		"looked_up_gdap_end": {[]string{"ended", "gap", "failed", "at"}, func(f *facts, l scenarios.Lang, name string) string {
			end, _ := f.gdapEnd()
			switch name {
			case "ended":
				return FormatLocal(end)
			case "gap":
				return formatDuration(f.cat, max(f.failure.Sub(end), 0), l)
			case "failed":
				if !f.failureRecorded {
					return f.cat.Text(txt.FailureNow, l)
				}
				text, _ := f.cat.Lookup(txt.FailureAttempt, l)
				return strings.Replace(text, "{time}", FormatLocal(f.failure), 1)
			}
			return lookedUpAt(f, SourceGraph, FactAdminRelationshipEnds)
		}},
		// The lookups of this run that gave no answer, each in words.
		"lookup_failures": {[]string{"failures"}, func(f *facts, l scenarios.Lang, _ string) string {
			var list []string
			for _, err := range f.c.lookupFailures {
				list = append(list, failureWords(err, f.cat, l))
			}
			return strings.Join(list, "; ")
		}},
		// The answers the lookups contradict.
		"lookup_conflicts": {[]string{"conflicts"}, func(f *facts, l scenarios.Lang, _ string) string {
			var list []string
			for _, a := range f.looked.answers {
				if !a.Conflict {
					continue
				}
				given := a.Field.Value(f.c)
				list = append(list, f.cat.Text(txt.LookupsConflict, l, "question", a.Field.Question.Prompt.In(l),
					"answer", f.cat.Option(a.Field.Question, given).In(l), "found", a.Found.In(l)))
			}
			return strings.Join(list, "; ")
		}},
	}
}}

// failureWords is a failed lookup in words: its own, where it has them.
func failureWords(err error, cat *scenarios.Catalog, lang scenarios.Lang) string {
	var m interface {
		Message(*scenarios.Catalog, scenarios.Lang) string
	}
	if errors.As(err, &m) {
		return m.Message(cat, lang)
	}
	return sanitize.Text(err.Error())
}

// lookedUpAt is when the first of the facts (source, fact pairs) that was looked up was.
func lookedUpAt(f *facts, pairs ...string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		if l, ok := f.find(pairs[i], pairs[i+1]); ok && l.At != nil {
			return FormatLocal(l.At.Time)
		}
	}
	return ""
}

// customerWords is the customer as the case names it: its name and domain, quoted.
func customerWords(f *facts, l scenarios.Lang) string {
	name, dom := strings.TrimSpace(f.c.Customer.Name), strings.TrimSpace(f.c.Customer.Domain)
	switch {
	case name != "" && dom != "":
		return f.cat.Quote(name, sanitize.MaxLine, l) + " (" + sanitize.Exact(cut(dom)) + ")"
	case name != "":
		return f.cat.Quote(name, sanitize.MaxLine, l)
	}
	return sanitize.Exact(cut(dom))
}

// lookupFactText names a looked-up fact, lookupSourceText its source, lookupValueText says a
// value in words where it is one of a list (switches, not maps: nothing is made at start-up).
func lookupFactText(fact string) (txt.Key, bool) {
	switch fact {
	case FactTenantExists:
		return txt.LookupsFactTenantExists, true
	case FactTenantCloud:
		return txt.LookupsFactTenantCloud, true
	case FactTenantRegion:
		return txt.LookupsFactTenantRegion, true
	case FactTenantName:
		return txt.LookupsFactTenantName, true
	case FactTenantDefaultDomain:
		return txt.LookupsFactTenantDefaultDomain, true
	case FactDomainTenantID:
		return txt.LookupsFactDomainTenantID, true
	case FactDomainTenantName:
		return txt.LookupsFactDomainTenantName, true
	case FactDomainCloud:
		return txt.LookupsFactDomainCloud, true
	case FactDomainRegion:
		return txt.LookupsFactDomainRegion, true
	case FactAdminRelationship:
		return txt.LookupsFactAdminRelationship, true
	case FactAdminRelationshipEnds:
		return txt.LookupsFactAdminRelationshipEnded, true
	case FactContract:
		return txt.LookupsFactContract, true
	case FactCustomerRelationship:
		return txt.LookupsFactCustomerRelationship, true
	}
	return "", false
}

func lookupSourceText(source string) (txt.Key, bool) {
	switch source {
	case SourceDiscovery:
		return txt.MicrosoftServiceSignIn, true
	case SourceGraph:
		return txt.MicrosoftServiceGraph, true
	case SourcePartnerCenter:
		return txt.MicrosoftServicePartnerCenter, true
	}
	return "", false
}

func lookupValueText(fact, value string) (txt.Key, bool) {
	switch value {
	case LookupYes:
		return txt.LookupsValueYes, true
	case LookupNo:
		return txt.LookupsValueNo, true
	case LookupNone:
		if fact == FactCustomerRelationship { // relationshipToPartner none: listed, no reseller relationship
			return txt.LookupsValueNoRelationship, true
		}
		return txt.LookupsValueNone, true
	case LookupValueNotFound:
		return txt.LookupsValueNotFound, true
	case "active":
		return txt.LookupsValueActive, true
	case "approval_pending":
		return txt.LookupsValueApprovalPending, true
	case "created":
		return txt.LookupsValueCreated, true
	case "approved":
		return txt.LookupsValueApproved, true
	case "activating":
		return txt.LookupsValueActivating, true
	case "expiring":
		return txt.LookupsValueExpiring, true
	case "expired":
		return txt.LookupsValueExpired, true
	case "terminated":
		return txt.LookupsValueTerminated, true
	case "terminating":
		return txt.LookupsValueTerminating, true
	case "termination_requested":
		return txt.LookupsValueTerminationRequested, true
	case "reseller_partner":
		return txt.LookupsValueResellerPartner, true
	case "breadth_partner":
		return txt.LookupsValueBreadthPartner, true
	case "syndication_partner":
		return txt.LookupsValueSyndicationPartner, true
	case "reseller":
		return txt.LookupsValueReseller, true
	case "advisor":
		return txt.LookupsValueAdvisor, true
	case "syndication":
		return txt.LookupsValueSyndication, true
	case "microsoft_support":
		return txt.LookupsValueMicrosoftSupport, true
	case string(CloudPublic):
		return txt.OnlineCloudPublic, true
	case string(CloudUSGovernment):
		return txt.OnlineCloudUSGovernment, true
	case string(CloudChina):
		return txt.OnlineCloudChina, true
	case string(CloudOther):
		return txt.LookupsValueOtherCloud, true
	}
	return "", false
}

// LookupWords is a looked-up fact in words in lang: its source, the fact, its value, and when
// it was looked up. Values from the services are made safe to show.
type LookupWords struct {
	Source, Fact, Value, At string
}

// DescribeLookup says l in lang with the texts of cat.
func DescribeLookup(cat *scenarios.Catalog, l Lookup, lang scenarios.Lang) LookupWords {
	w := LookupWords{Source: sanitize.Exact(cut(l.Source)), Fact: sanitize.Exact(cut(l.Fact)), Value: lookupValue(cat, l, lang)}
	if k, ok := lookupSourceText(l.Source); ok {
		w.Source = cat.Text(k, lang)
	}
	if k, ok := lookupFactText(l.Fact); ok {
		w.Fact = cat.Text(k, lang)
	}
	if l.At != nil {
		w.At = FormatLocal(l.At.Time)
	}
	return w
}

// lookupValue is a looked-up value in words: a value of a list as the catalog says it, a time
// as times are written, anything else (a name, a domain, a tenant ID) quoted where it may hold
// spaces, made safe and bounded.
func lookupValue(cat *scenarios.Catalog, l Lookup, lang scenarios.Lang) string {
	if k, ok := lookupValueText(l.Fact, l.Value); ok {
		return cat.Text(k, lang)
	}
	switch l.Fact {
	case FactAdminRelationshipEnds:
		if t, err := time.Parse(time.RFC3339, l.Value); err == nil {
			return FormatLocal(t)
		}
	case FactTenantName, FactDomainTenantName:
		return cat.Quote(l.Value, sanitize.MaxLine, lang)
	}
	return sanitize.Exact(cut(l.Value))
}

// ticketLookups are the case's lookups as the ticket says them, in lang: the fact, its value,
// the source and when ("name of the tenant with the entered ID: "Contoso, Ltd" (Microsoft
// Graph, 2026-11-20 10:02 +01:00)").
func ticketLookups(cat *scenarios.Catalog, list []Lookup, lang scenarios.Lang) []string {
	var out []string
	for _, l := range list {
		w := DescribeLookup(cat, l, lang)
		line := w.Fact + ": " + w.Value + " (" + w.Source
		if w.At != "" {
			line += ", " + w.At
		}
		out = append(out, line+")")
	}
	return out
}

// LookupSourceText names a source of looked-up facts in lang.
func LookupSourceText(cat *scenarios.Catalog, source string, lang scenarios.Lang) string {
	if k, ok := lookupSourceText(source); ok {
		return cat.Text(k, lang)
	}
	return sanitize.Exact(cut(source))
}

// LookupFailureText says in lang why a lookup gave no answer.
func LookupFailureText(cat *scenarios.Catalog, err error, lang scenarios.Lang) string {
	return failureWords(err, cat, lang)
}

// settledOrLookedUp reports whether the field is settled, or answered by the case's lookups (and
// not otherwise by the person): what the list of what is missing and the fallback ask.
func (f *facts) settledOrLookedUp(field *Field) bool {
	return f.settled(field) || f.lookedUpValue(field)
}
