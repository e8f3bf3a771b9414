package render

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/lazy"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/internal/signin"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// LoginStatus writes where the sign-in to Microsoft stands (`cspfix login status`): who is
// signed in where and how, where the tokens are kept, and per service where its token comes
// from, which lookups it allows and what the service answered. Never a token.
func LoginStatus(w io.Writer, st signin.Status, format Format, opts Options) error {
	if format == JSON {
		return writeJSONLine(w, loginStatusJSON(st, opts))
	}
	_, err := io.WriteString(w, loginStatusText(st, opts))
	return err
}

func loginStatusText(st signin.Status, opts Options) string {
	lang, cat, th := opts.Lang, opts.Catalog, opts.Theme
	var b strings.Builder
	width := opts.width()
	field := func(label, value string) {
		b.WriteString(Wrap(fmt.Sprintf("    %-10s", label), strings.Repeat(" ", 14), value, width))
	}
	b.WriteString(Style(th.Heading, cat.Text(txt.LoginStatusSignIn, lang)) + "\n")
	switch rec := st.Record; {
	case rec != nil:
		user := rec.Username
		if user == "" {
			user = "—"
		}
		method := cat.Text(methodTexts.Get()[rec.Method], lang)
		when := rec.SignedInAt.UTC().Format("2006-01-02 15:04") + " UTC"
		b.WriteString(Wrap("  "+Style(th.Strong, "✓")+" ", "    ", cat.Text(txt.LoginStatusSignedInAs, lang, "user", sanitize.Exact(user),
			"method", method, "when", when), width))
		tenant := sanitize.Exact(rec.TenantID)
		if rec.Pinned != "" {
			tenant += " (" + cat.Text(txt.LoginStatusPinned, lang, "tenant", sanitize.Exact(rec.Pinned)) + ")"
		}
		field(cat.Text(txt.LoginStatusTenant, lang), tenant)
		field(cat.Text(txt.LoginStatusCloud, lang), cloudLabel(cat, rec.Cloud, lang))
		if rec.ClientID != "" {
			field(cat.Text(txt.LoginStatusApp, lang), sanitize.Exact(rec.ClientID))
		}
		field(cat.Text(txt.LoginStatusTokens, lang), storeLabel(st, opts))
	case st.RecordErr != nil:
		path := ""
		var re *signin.RecordError
		if errors.As(st.RecordErr, &re) {
			path = re.Path
		}
		b.WriteString(Wrap("  "+Style(th.Bad, "✗")+" ", "    ", cat.Text(txt.LoginStatusBroken, lang, "path", sanitize.Exact(path)), width))
	default:
		b.WriteString(Wrap("  "+Style(th.Warn, "!")+" ", "    ", cat.Text(txt.LoginStatusNotSignedIn, lang), width))
		b.WriteString(Wrap("    ", "    ", cat.Text(txt.LoginStatusNotSignedInHint, lang), width))
	}
	for _, svc := range st.Services {
		b.WriteString("\n" + Style(th.Heading, cat.Text(microsoft.ServiceTexts.Get()[svc.Service], lang)) + "  " +
			Style(th.Dim, sanitize.Exact(svc.Root)) + "\n")
		writeServiceStatus(&b, svc, opts)
	}
	return b.String()
}

func writeServiceStatus(b *strings.Builder, svc signin.ServiceStatus, opts Options) {
	lang, cat, th := opts.Lang, opts.Catalog, opts.Theme
	width := opts.width()
	line := func(mark, text string) { b.WriteString(Wrap("  "+mark+" ", "    ", text, width)) }
	var origin string
	switch svc.Origin {
	case signin.OriginNone:
		line(Style(th.Warn, "!"), cat.Text(txt.LoginStatusNoToken, lang))
		return
	case signin.OriginEnvironment:
		name := map[microsoft.Service]string{microsoft.ServiceGraph: "CSPFIX_GRAPH_TOKEN", microsoft.ServicePartnerCenter: "CSPFIX_PARTNER_CENTER_TOKEN"}[svc.Service]
		origin = cat.Text(txt.LoginStatusFromEnvironment, lang, "name", name)
	default:
		origin = cat.Text(txt.LoginStatusFromSignIn, lang)
	}
	if svc.TenantID != "" {
		origin += ", " + cat.Text(txt.LoginStatusForTenant, lang, "tenant", sanitize.Exact(svc.TenantID))
	}
	if svc.MFA != nil {
		origin += ", " + cat.Text(map[bool]txt.Key{true: txt.LoginStatusWithMFA, false: txt.LoginStatusWithoutMFA}[*svc.MFA], lang)
	}
	if svc.TokenErr != nil {
		line(Style(th.Bad, "✗"), origin)
		writeError(b, svc.TokenErr, opts)
		return
	}
	line(" ", origin)
	if c := svc.Checked; c != nil {
		switch {
		case c.Err != nil:
			line(Style(th.Bad, "✗"), cat.Text(txt.LoginStatusChecked, lang))
			writeError(b, c.Err, opts)
		case c.Organization != nil:
			org := c.Organization
			kind := org.PartnerTenantType.Value
			if kind == "" {
				kind = cat.Text(txt.LoginStatusNoPartnerType, lang)
			} else if kind == microsoft.Unknown {
				kind = sanitize.Exact(org.PartnerTenantType.Raw)
			}
			line(Style(th.Strong, "✓"), cat.Text(txt.LoginStatusYourTenant, lang, "name", sanitize.Text(org.DisplayName),
				"tenant", sanitize.Exact(org.TenantID), "type", kind))
		case c.Providers != nil:
			names := make([]string, len(c.Providers))
			for i, n := range c.Providers {
				names[i] = sanitize.Text(n)
			}
			line(Style(th.Strong, "✓"), cat.Text(txt.LoginStatusProviders, lang, "names", strings.Join(names, ", ")))
		default:
			line(Style(th.Strong, "✓"), cat.Text(txt.LoginStatusNoProviders, lang))
		}
		if c.Warning != nil {
			line(Style(th.Warn, "!"), c.Warning.Message(cat, lang))
			b.WriteString(Wrap("    ", "    ", c.Warning.Hint(cat, lang), width))
		}
	}
	// The lookups, each with what the token says of its permission.
	names := make([]string, len(svc.Lookups))
	pad := 0
	for i, l := range svc.Lookups {
		names[i] = cat.Text(lookupTexts.Get()[l.Lookup], lang)
		pad = max(pad, len([]rune(names[i])))
	}
	for i, l := range svc.Lookups {
		mark, note := " ", ""
		switch l.Access {
		case signin.AccessAllowed:
			mark, note = Style(th.Strong, "✓"), cat.Text(txt.LoginStatusAllowed, lang, "permission", l.Permission)
		case signin.AccessMissing:
			mark, note = Style(th.Bad, "✗"), cat.Text(txt.LoginStatusMissing, lang, "permission", l.Permission)
		default:
			mark, note = Style(th.Dim, "?"), cat.Text(txt.LoginStatusUnknown, lang, "permission", l.Permission)
		}
		if width-(pad+6) < minNoteWidth {
			// Too narrow for a column: the note goes under the lookup's name.
			b.WriteString("  " + mark + " " + names[i] + "\n")
			b.WriteString(Wrap("      ", "      ", note, width))
			continue
		}
		name := names[i] + strings.Repeat(" ", pad-len([]rune(names[i])))
		b.WriteString(Wrap("  "+mark+" "+name+"  ", strings.Repeat(" ", pad+6), note, width))
	}
}

// minNoteWidth is the room a lookup's note needs beside its name; with less, it goes below.
const minNoteWidth = 40

// writeError writes a failed token or check: the sentence and its hint.
func writeError(b *strings.Builder, err error, opts Options) {
	lang, cat := opts.Lang, opts.Catalog
	width := opts.width()
	type explained interface {
		Message(*scenarios.Catalog, scenarios.Lang) string
		Hint(*scenarios.Catalog, scenarios.Lang) string
	}
	if e, ok := err.(explained); ok {
		b.WriteString(Wrap("    ", "    ", e.Message(cat, lang), width))
		b.WriteString(Wrap("    ", "    ", e.Hint(cat, lang), width))
		return
	}
	b.WriteString(Wrap("    ", "    ", sanitize.Text(err.Error()), width))
}

func cloudLabel(cat *scenarios.Catalog, c diagnose.Cloud, lang scenarios.Lang) string {
	if c == "" {
		c = diagnose.CloudPublic
	}
	if k, ok := CloudTexts.Get()[c]; ok {
		return cat.Text(k, lang)
	}
	return sanitize.Exact(string(c))
}

// methodTexts name the ways of signing in, lookupTexts the lookups.
var methodTexts = lazy.Value[map[signin.Method]txt.Key]{Make: func() map[signin.Method]txt.Key {
	return map[signin.Method]txt.Key{
		signin.MethodAzureCLI:   txt.LoginStatusMethodAzureCLI,
		signin.MethodBrowser:    txt.LoginStatusMethodBrowser,
		signin.MethodDeviceCode: txt.LoginStatusMethodDeviceCode,
	}
}}

var lookupTexts = lazy.Value[map[microsoft.Lookup]txt.Key]{Make: func() map[microsoft.Lookup]txt.Key {
	return map[microsoft.Lookup]txt.Key{
		microsoft.LookupAdminRelationships:    txt.LoginStatusLookupAdminRelationships,
		microsoft.LookupContracts:             txt.LoginStatusLookupContracts,
		microsoft.LookupCustomer:              txt.LoginStatusLookupCustomer,
		microsoft.LookupCustomerRelationships: txt.LoginStatusLookupCustomerRelationships,
		microsoft.LookupIndirectProviders:     txt.LoginStatusLookupIndirectProviders,
		microsoft.LookupOrganization:          txt.LoginStatusLookupOrganization,
		microsoft.LookupTenantByDomain:        txt.LoginStatusLookupTenantByDomain,
		microsoft.LookupTenantByID:            txt.LoginStatusLookupTenantByID,
	}
}}

// CloudTexts name the clouds a tenant may be in.
var CloudTexts = lazy.Value[map[diagnose.Cloud]txt.Key]{Make: func() map[diagnose.Cloud]txt.Key {
	return map[diagnose.Cloud]txt.Key{
		diagnose.CloudChina:        txt.OnlineCloudChina,
		diagnose.CloudPublic:       txt.OnlineCloudPublic,
		diagnose.CloudUSGovernment: txt.OnlineCloudUSGovernment,
	}
}}

// StoreTexts name the places the sign-in keeps its tokens (signin.Status.Store); another is
// shown as it is.
var StoreTexts = lazy.Value[map[string]txt.Key]{Make: func() map[string]txt.Key {
	return map[string]txt.Key{
		"azure_cli": txt.OnlineStoreAzureCLI,
		"dpapi":     txt.OnlineStoreDPAPI,
		"keychain":  txt.OnlineStoreKeychain,
		"keyring":   txt.OnlineStoreKeyring,
	}
}}

// storeLabel says where the tokens are kept, or why only in memory.
func storeLabel(st signin.Status, opts Options) string {
	if st.StoreErr != nil {
		return st.StoreErr.Message(opts.Catalog, opts.Lang)
	}
	if k, ok := StoreTexts.Get()[st.Store]; ok {
		return opts.Catalog.Text(k, opts.Lang)
	}
	return sanitize.Exact(st.Store)
}

type statusErrorJSON struct {
	Kind    string `json:"kind"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

type lookupAccessJSON struct {
	Lookup     string `json:"lookup"`
	Permission string `json:"permission"`
	Access     string `json:"access"`
}

type serviceStatusJSON struct {
	Service  string             `json:"service"`
	Root     string             `json:"root"`
	Token    *string            `json:"token"`
	Problem  *statusErrorJSON   `json:"problem"`
	TenantID *string            `json:"tenant_id"`
	MFA      *bool              `json:"mfa"`
	Lookups  []lookupAccessJSON `json:"lookups"`
	Check    *checkJSON         `json:"check,omitempty"`
}

type checkJSON struct {
	OK           bool                    `json:"ok"`
	Problem      *statusErrorJSON        `json:"problem,omitempty"`
	Warning      *statusErrorJSON        `json:"warning,omitempty"`
	Organization *microsoft.Organization `json:"organization,omitempty"`
	Providers    []string                `json:"indirect_providers,omitempty"`
}

func errorJSON(err error, opts Options) *statusErrorJSON {
	if err == nil {
		return nil
	}
	var out statusErrorJSON
	switch e := err.(type) {
	case *microsoft.Error:
		out = statusErrorJSON{Kind: string(e.Kind), Code: e.Code, Message: e.Message(opts.Catalog, opts.Lang), Hint: e.Hint(opts.Catalog, opts.Lang)}
	case *signin.Error:
		out = statusErrorJSON{Kind: string(e.Reason), Code: e.Code, Message: e.Message(opts.Catalog, opts.Lang), Hint: e.Hint(opts.Catalog, opts.Lang)}
	case *signin.RecordError:
		out = statusErrorJSON{Kind: "broken_record", Message: opts.Catalog.Text(txt.LoginStatusBroken, opts.Lang, "path", sanitize.Exact(e.Path))}
	default:
		out = statusErrorJSON{Kind: "failed", Message: sanitize.Text(err.Error())}
	}
	return &out
}

func loginStatusJSON(st signin.Status, opts Options) any {
	doc := struct {
		SignedIn   bool                `json:"signed_in"`
		Method     *string             `json:"method"`
		Cloud      *string             `json:"cloud"`
		TenantID   *string             `json:"tenant_id"`
		Pinned     *string             `json:"pinned"`
		Username   *string             `json:"username"`
		ClientID   *string             `json:"client_id"`
		SignedInAt *string             `json:"signed_in_at"`
		Store      *string             `json:"token_store"`
		Problem    *statusErrorJSON    `json:"problem"`
		Services   []serviceStatusJSON `json:"services"`
	}{Services: []serviceStatusJSON{}}
	str := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	if rec := st.Record; rec != nil {
		doc.SignedIn = true
		doc.Method, doc.Cloud, doc.TenantID, doc.Pinned = str(string(rec.Method)), str(string(rec.Cloud)), str(rec.TenantID), str(rec.Pinned)
		doc.Username, doc.ClientID, doc.SignedInAt = str(rec.Username), str(rec.ClientID), str(rec.SignedInAt.UTC().Format("2006-01-02T15:04:05Z"))
		doc.Store = str(st.Store)
	}
	switch {
	case st.RecordErr != nil:
		doc.Problem = errorJSON(st.RecordErr, opts)
	case st.Record != nil && st.StoreErr != nil:
		doc.Problem = errorJSON(st.StoreErr, opts)
	}
	for _, svc := range st.Services {
		sj := serviceStatusJSON{Service: string(svc.Service), Root: svc.Root, Token: str(string(svc.Origin)), Problem: errorJSON(svc.TokenErr, opts),
			TenantID: str(svc.TenantID), MFA: svc.MFA, Lookups: []lookupAccessJSON{}}
		for _, l := range svc.Lookups {
			sj.Lookups = append(sj.Lookups, lookupAccessJSON{Lookup: string(l.Lookup), Permission: l.Permission, Access: string(l.Access)})
		}
		if c := svc.Checked; c != nil {
			sj.Check = &checkJSON{OK: c.Err == nil, Problem: errorJSON(c.Err, opts), Organization: c.Organization, Providers: c.Providers}
			if c.Warning != nil {
				sj.Check.Warning = errorJSON(c.Warning, opts)
			}
		}
		doc.Services = append(doc.Services, sj)
	}
	return doc
}
