// Package lookups looks a case up in Microsoft's systems for the diagnosis (diagnose --online,
// the walkthrough's offer; docs/microsoft-access.md): which lookups a case needs, through which
// client, and what each answer or failure becomes. It turns the clients' typed answers into the
// case's lookups ({source, fact, value, at}) and their failures into errors that say in words
// what failed; what the facts mean is the catalog's (lookups.json), never this package's.
//
// A runner serves a whole run: every lookup runs once per tenant or domain (the clients and
// the runner keep what they found), and every request, the public sign-in service's too, takes
// a slot of one limiter, so that a batch never has more requests at once than the limiter has
// slots.
package lookups

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/discovery"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// Runner looks cases up. Its clients are optional: without Graph and Partner Center (nobody
// signed in, no token given) only the public sign-in service is asked.
type Runner struct {
	// Ctx ends every lookup in progress (a signal).
	Ctx context.Context
	// Discovery asks Microsoft's public sign-in services (discovery.Clouds: every cloud's in
	// turn); nil for none.
	Discovery discovery.Lookup
	// Graph and PartnerCenter ask with the reseller's sign-in; nil when there is none.
	Graph         microsoft.Graph
	PartnerCenter microsoft.PartnerCenter
	// Limiter bounds the requests at once; the clients above share it.
	Limiter *microsoft.Limiter
	// Now is the time the lookups are recorded with (the run's clock, or --now).
	Now func() time.Time

	once      sync.Once
	org       orgCheck
	discovery memo[diagnose.Resolution]

	cases, failed, seq atomic.Int64
}

// orgCheck is what the signed-in organisation says, asked once per run: whether the reseller's
// own relationships can be looked up (a partner tenant), and if not, why.
type orgCheck struct {
	skip error // why the admin relationships and contracts are not looked up; nil to look them up
}

// Cases is the number of cases whose lookups ended so far, Failed the number of their lookups
// that gave no answer.
func (r *Runner) Cases() int64 { return r.cases.Load() }

func (r *Runner) Failed() int64 { return r.failed.Load() }

// SignedIn reports whether the runner asks Microsoft Graph or Partner Center.
func (r *Runner) SignedIn() bool { return r.Graph != nil || r.PartnerCenter != nil }

// maxRelationshipRecords bounds the records of a list (the admin relationships, the
// contracts): a case file stays readable.
const maxRelationshipRecords = 10

// Look looks a case up: every lookup it needs, side by side, each within the limiter. It never
// fails: what gave no answer is among the failures.
func (r *Runner) Look(c *diagnose.Case) diagnose.Looked {
	defer r.cases.Add(1)
	at := &diagnose.Time{Time: r.Now().Truncate(time.Second)}
	// The requests of a case looked up earlier go first: a batch writes its results in order.
	l := &looking{ctx: microsoft.WithPriority(r.Ctx, r.seq.Add(1)), at: at}
	id := customerTenant(c.Customer.TenantID)
	domain := strings.TrimSpace(c.Customer.Domain)
	var wg sync.WaitGroup
	if r.Discovery != nil && id != "" {
		wg.Go(func() { r.discoverTenant(l, id) })
	}
	if r.Discovery != nil && domain != "" {
		wg.Go(func() { r.discoverDomain(l, domain) })
	}
	if r.Graph != nil && (id != "" || domain != "") {
		wg.Go(func() { r.graph(l, id, domain) })
	}
	if r.PartnerCenter != nil && id != "" {
		wg.Go(func() { r.partnerCenter(l, id) })
	}
	wg.Wait()
	r.failed.Add(int64(len(l.failures)))
	return diagnose.Looked{Lookups: l.sorted(), Failures: l.failures}
}

// customerTenant is the canonical form of an entered tenant ID that can be looked up: a valid
// one that is no placeholder (the empty GUID, personal accounts'); "" for any other.
func customerTenant(s string) string {
	t := diagnose.CheckTenantID(s)
	if !t.Valid || t.Canonical == discovery.NilTenant || t.Canonical == discovery.ConsumersTenant {
		return ""
	}
	return t.Canonical
}

// looking collects what one case's lookups gave, from several goroutines.
type looking struct {
	ctx      context.Context
	at       *diagnose.Time
	mu       sync.Mutex
	records  []diagnose.Lookup
	failures []error
}

func (l *looking) add(source, fact, value string) {
	value = strings.TrimSpace(value)
	if value == "" {
		return // only answers that came back: an empty one says nothing
	}
	head, _ := sanitize.Cut(value, sanitize.MaxLine)
	l.mu.Lock()
	l.records = append(l.records, diagnose.Lookup{Source: source, Fact: fact, Value: head, At: l.at})
	l.mu.Unlock()
}

func (l *looking) fail(err error) {
	l.mu.Lock()
	l.failures = append(l.failures, err)
	l.mu.Unlock()
}

// factOrder is the order of the facts of one source in a case.
var factOrder = []string{diagnose.FactTenantExists, diagnose.FactTenantCloud, diagnose.FactTenantRegion, diagnose.FactTenantName,
	diagnose.FactTenantDefaultDomain, diagnose.FactDomainTenantID, diagnose.FactDomainTenantName, diagnose.FactDomainCloud,
	diagnose.FactDomainRegion, diagnose.FactAdminRelationship, diagnose.FactAdminRelationshipEnds, diagnose.FactContract,
	diagnose.FactCustomerRelationship}

// sorted are the records in one order whatever the order the lookups ended in: by source, then
// by fact, a list in the order it was added.
func (l *looking) sorted() []diagnose.Lookup {
	order := func(l diagnose.Lookup) int {
		return slices.Index(diagnose.LookupSources, l.Source)*len(factOrder) + slices.Index(factOrder, l.Fact)
	}
	slices.SortStableFunc(l.records, func(a, b diagnose.Lookup) int { return order(a) - order(b) })
	slices.SortStableFunc(l.failures, func(a, b error) int { return strings.Compare(serviceOf(a), serviceOf(b)) })
	return l.records
}

func serviceOf(err error) string {
	var e *microsoft.Error
	if errors.As(err, &e) {
		return string(e.Service) + string(e.Lookup)
	}
	return ""
}

// discoverTenant asks the public sign-in services whether the entered tenant exists: "no" only
// when every cloud's service said it does not (discovery.Clouds).
func (r *Runner) discoverTenant(l *looking, id string) {
	r.discover(l, microsoft.LookupTenantByID, id, id, r.Discovery.ResolveTenantContext,
		[3]string{diagnose.FactTenantExists, diagnose.FactTenantCloud, diagnose.FactTenantRegion}, diagnose.LookupYes, diagnose.LookupNo)
}

// discoverDomain asks the public sign-in services which tenant the domain belongs to.
func (r *Runner) discoverDomain(l *looking, domain string) {
	key := strings.ToLower(domain)
	if d, err := discovery.NormalizeDomain(domain); err == nil {
		key = d
	}
	r.discover(l, microsoft.LookupTenantByDomain, key, domain, r.Discovery.ResolveContext,
		[3]string{diagnose.FactDomainTenantID, diagnose.FactDomainCloud, diagnose.FactDomainRegion}, "", diagnose.LookupNone)
}

// discover asks the public sign-in services about value (once per run for key, in a slot of the
// limiter) and records the facts: the first one's found value (the tenant ID when found is
// ""), the cloud and the region; or notFound when no cloud knows it.
func (r *Runner) discover(l *looking, lookup microsoft.Lookup, key, value string,
	resolve func(context.Context, string) (diagnose.Resolution, error), facts [3]string, found, notFound string) {
	res, err := r.discovery.do(l.ctx, string(lookup)+":"+key, func() (diagnose.Resolution, error) {
		var res diagnose.Resolution
		var err error
		if lerr := r.Limiter.Do(l.ctx, func() { res, err = resolve(l.ctx, value) }); lerr != nil {
			return res, lerr
		}
		return res, err
	})
	var le *diagnose.LookupError
	switch {
	case err == nil:
		if found == "" {
			found = res.TenantID
		}
		l.add(diagnose.SourceDiscovery, facts[0], found)
		l.add(diagnose.SourceDiscovery, facts[1], string(res.Cloud()))
		l.add(diagnose.SourceDiscovery, facts[2], res.RegionScope)
	case errors.As(err, &le) && le.Kind == diagnose.LookupNotFound:
		l.add(diagnose.SourceDiscovery, facts[0], notFound)
	case r.Ctx.Err() == nil:
		l.fail(&discoveryFailure{lookup, value, err})
	}
}

// graph asks Microsoft Graph: the entered tenant's name and default domain, the domain's
// tenant, and, in a partner tenant, the reseller's admin relationships and contracts with the
// entered tenant. When the sign-in itself is refused (checked once per run on the signed-in
// organisation), that is one failure for the service, not one per lookup.
func (r *Runner) graph(l *looking, id, domain string) {
	r.once.Do(func() { r.checkOrganization(l.ctx) })
	if r.org.skip != nil && isSignInFailure(r.org.skip) {
		l.fail(r.org.skip)
		return
	}
	var wg sync.WaitGroup
	if id != "" {
		wg.Go(func() {
			r.graphTenant(l, r.Graph.TenantByID, id, func(info microsoft.TenantInformation) [2]string {
				return [2]string{info.DisplayName, info.DefaultDomainName}
			}, [2]string{diagnose.FactTenantName, diagnose.FactTenantDefaultDomain}, diagnose.FactTenantExists, diagnose.LookupNo)
		})
	}
	if domain != "" {
		wg.Go(func() {
			r.graphTenant(l, r.Graph.TenantByDomain, domain, func(info microsoft.TenantInformation) [2]string {
				return [2]string{info.TenantID, info.DisplayName}
			}, [2]string{diagnose.FactDomainTenantID, diagnose.FactDomainTenantName}, diagnose.FactDomainTenantID, diagnose.LookupNone)
		})
	}
	if id != "" && r.org.skip != nil {
		r.failure(l, r.org.skip)
	}
	if id != "" && r.org.skip == nil {
		wg.Go(func() { r.adminRelationships(l, id) })
		wg.Go(func() { r.contracts(l, id) })
	}
	wg.Wait()
}

// graphTenant asks Microsoft Graph about a tenant (by its ID or a domain) and records two facts
// of what it found (values), or, for a tenant it does not know, notFoundFact = notFound.
func (r *Runner) graphTenant(l *looking, find func(context.Context, string) (microsoft.TenantInformation, error), value string,
	values func(microsoft.TenantInformation) [2]string, facts [2]string, notFoundFact, notFound string) {
	info, err := find(l.ctx, value)
	switch {
	case err == nil:
		v := values(info)
		l.add(diagnose.SourceGraph, facts[0], v[0])
		l.add(diagnose.SourceGraph, facts[1], v[1])
	case microsoft.KindOf(err) == microsoft.KindNotFound:
		l.add(diagnose.SourceGraph, notFoundFact, notFound)
	default:
		r.failure(l, err)
	}
}

// checkOrganization asks once whether the signed-in tenant is a partner tenant. A tenant that
// is none has neither admin relationships nor contracts to look up; when the token may not read
// the partner type, or the question fails otherwise, they are looked up all the same.
func (r *Runner) checkOrganization(ctx context.Context) {
	org, err := r.Graph.Organization(ctx)
	switch {
	case err != nil:
		if isSignInFailure(err) {
			r.org.skip = err
		}
	case !org.IsPartner():
		if allowed, known := r.Graph.Allows(ctx, microsoft.LookupOrganization); allowed && known {
			r.org.skip = &notPartnerTenant{tenant: org.TenantID}
		}
	}
}

// isSignInFailure: the service refused the sign-in itself, for every lookup alike.
func isSignInFailure(err error) bool {
	switch microsoft.KindOf(err) {
	case microsoft.KindSignInRequired, microsoft.KindMFARequired, microsoft.KindWrongTenant:
		return true
	}
	return false
}

func (r *Runner) failure(l *looking, err error) {
	if r.Ctx.Err() == nil {
		l.fail(err)
	}
}

// adminRelationships records the status of each GDAP relationship with the customer (the
// active and waiting ones first), or none, and when the last one that ended did.
func (r *Runner) adminRelationships(l *looking, id string) {
	rels, err := r.Graph.AdminRelationships(l.ctx, id)
	if err != nil {
		r.failure(l, err)
		return
	}
	list := slices.Clone(rels.Relationships)
	rank := func(a microsoft.AdminRelationship) int {
		switch v := a.Status.Value; {
		case v == "active" || v == "expiring":
			return 0
		case v == "approval_pending" || v == "created" || v == "approved" || v == "activating":
			return 1
		}
		return 2
	}
	slices.SortStableFunc(list, func(a, b microsoft.AdminRelationship) int { return rank(a) - rank(b) })
	if len(list) == 0 && !rels.Truncated {
		l.add(diagnose.SourceGraph, diagnose.FactAdminRelationship, diagnose.LookupNone)
	}
	var ended time.Time
	for i, rel := range list {
		if i < maxRelationshipRecords {
			l.add(diagnose.SourceGraph, diagnose.FactAdminRelationship, rel.Status.Value)
		}
		end := rel.End
		if end.IsZero() {
			end = rel.LastModified
		}
		switch rel.Status.Value {
		case "terminated", "expired", "terminating", "termination_requested":
			if end.After(ended) {
				ended = end
			}
		}
	}
	if !ended.IsZero() {
		l.add(diagnose.SourceGraph, diagnose.FactAdminRelationshipEnds, ended.UTC().Format(time.RFC3339))
	}
}

// contracts records the type of each contract with the customer, or none.
func (r *Runner) contracts(l *looking, id string) {
	cs, err := r.Graph.Contracts(l.ctx, id)
	if err != nil {
		r.failure(l, err)
		return
	}
	if len(cs.Contracts) == 0 && !cs.Truncated {
		l.add(diagnose.SourceGraph, diagnose.FactContract, diagnose.LookupNone)
	}
	for i, c := range cs.Contracts {
		if i < maxRelationshipRecords {
			l.add(diagnose.SourceGraph, diagnose.FactContract, c.Type.Value)
		}
	}
}

// partnerCenter asks Partner Center for the customer's relationship to the reseller. A refusal
// (401, 403, and 403 with code 20002, "no commerce relationship") is a failure in words, never
// a fact: Partner Center is not open to every partner, and its refusal says nothing about the
// customer.
func (r *Runner) partnerCenter(l *looking, id string) {
	cu, err := r.PartnerCenter.Customer(l.ctx, id)
	switch {
	case err == nil:
		v := cu.Relationship.Value
		if v == "" {
			v = microsoft.Unknown
		}
		l.add(diagnose.SourcePartnerCenter, diagnose.FactCustomerRelationship, v)
	case microsoft.KindOf(err) == microsoft.KindNotFound:
		l.add(diagnose.SourcePartnerCenter, diagnose.FactCustomerRelationship, diagnose.LookupValueNotFound)
	default:
		r.failure(l, err)
	}
}

// notPartnerTenant: the signed-in tenant is no partner tenant, so the reseller's own
// relationships were not looked up.
type notPartnerTenant struct{ tenant string }

func (e *notPartnerTenant) Error() string { return e.Message(scenarios.Embedded(), scenarios.EN) }

func (e *notPartnerTenant) Message(cat *scenarios.Catalog, lang scenarios.Lang) string {
	return cat.Text(txt.LookupsNotPartnerTenant, lang, "tenant", sanitize.Exact(e.tenant))
}

// memo runs each lookup once per key and run: callers for the same key at the same time wait
// for the first one's answer. A lookup stopped by the run's end is forgotten.
type memo[T any] struct {
	mu      sync.Mutex
	entries map[string]*memoEntry[T]
}

type memoEntry[T any] struct {
	done chan struct{}
	val  T
	err  error
}

// maxMemo bounds what a run keeps, so that memory stays flat on a huge batch.
const maxMemo = 10000

func (m *memo[T]) do(ctx context.Context, key string, fn func() (T, error)) (T, error) {
	m.mu.Lock()
	if m.entries == nil {
		m.entries = map[string]*memoEntry[T]{}
	}
	if e, ok := m.entries[key]; ok {
		m.mu.Unlock()
		select {
		case <-e.done:
			return e.val, e.err
		case <-ctx.Done():
			var zero T
			return zero, context.Cause(ctx)
		}
	}
	if len(m.entries) >= maxMemo {
		for k, e := range m.entries {
			select {
			case <-e.done:
				delete(m.entries, k)
			default:
			}
		}
	}
	e := &memoEntry[T]{done: make(chan struct{})}
	m.entries[key] = e
	m.mu.Unlock()
	e.val, e.err = fn()
	if ctx.Err() != nil {
		m.mu.Lock()
		delete(m.entries, key)
		m.mu.Unlock()
	}
	close(e.done)
	return e.val, e.err
}

// discoveryFailure is a lookup at the public sign-in services that gave no answer: which one
// (the tenant by its ID, or the domain's), and why.
type discoveryFailure struct {
	lookup microsoft.Lookup // LookupTenantByID or LookupTenantByDomain
	value  string
	err    error
}

func (e *discoveryFailure) Error() string { return e.Message(scenarios.Embedded(), scenarios.EN) }

func (e *discoveryFailure) Unwrap() error { return e.err }

func (e *discoveryFailure) Message(cat *scenarios.Catalog, lang scenarios.Lang) string {
	what := txt.MicrosoftLookupTenantByID
	if e.lookup == microsoft.LookupTenantByDomain {
		what = txt.MicrosoftLookupTenantByDomain
	}
	return cat.Text(txt.LookupsDiscoveryFailed, lang, "lookup", cat.Text(what, lang),
		"value", cat.Quote(e.value, sanitize.MaxID, lang), "reason", diagnose.LookupFailureText(cat, e.err, lang))
}
