package cli

import (
	"errors"
	"net/url"
	"runtime"
	"strconv"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/config"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/render"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/internal/signin"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// microsoftEnv is what the environment says about the lookups in Microsoft's systems (SPEC
// §19): tokens given as they are, and service roots that replace Microsoft's (for tests).
type microsoftEnv struct {
	tokens            signin.EnvTokens
	graphRoot, pcRoot *url.URL // nil when not replaced
}

// readMicrosoftEnv reads CSPFIX_GRAPH_TOKEN, CSPFIX_PARTNER_CENTER_TOKEN, CSPFIX_GRAPH_URL and
// CSPFIX_PARTNER_CENTER_URL. A value cspfix refuses is a usage error before any request, and
// the error never shows a token.
func (e *env) readMicrosoftEnv(tr scenarios.Texts) (microsoftEnv, error) {
	var me microsoftEnv
	for _, v := range []struct {
		name string
		dst  **microsoft.Token
	}{{"CSPFIX_GRAPH_TOKEN", &me.tokens.Graph}, {"CSPFIX_PARTNER_CENTER_TOKEN", &me.tokens.PartnerCenter}} {
		raw := e.getenv(v.name)
		if raw == "" {
			continue
		}
		tok, err := microsoft.NewToken(raw)
		if err != nil {
			var te *microsoft.TokenError
			errors.As(err, &te)
			reason := tr.T(microsoft.TokenTexts.Get()[te.Reason], "pos", strconv.Itoa(te.Pos))
			return microsoftEnv{}, usageError(tr.T(txt.OnlineBadTokenHint), "%s", tr.T(txt.OnlineBadVariable, "name", v.name, "reason", reason))
		}
		*v.dst = &tok
	}
	for _, v := range []struct {
		name string
		dst  **url.URL
	}{{"CSPFIX_GRAPH_URL", &me.graphRoot}, {"CSPFIX_PARTNER_CENTER_URL", &me.pcRoot}} {
		raw := e.getenv(v.name)
		if raw == "" {
			continue
		}
		u, err := microsoft.ParseRoot(raw)
		if err != nil {
			var re *microsoft.RootError
			errors.As(err, &re)
			reason := tr.T(microsoft.RootTexts.Get()[re.Reason])
			return microsoftEnv{}, usageError(tr.T(txt.OnlineBadRootHint), "%s", tr.T(txt.OnlineBadVariable, "name", v.name, "reason", reason))
		}
		*v.dst = u
	}
	return me, nil
}

// signinManager is the sign-in with the environment's credentials and store, its record beside
// the usual settings file.
func (e *env) signinManager(tr scenarios.Texts) (*signin.Manager, error) {
	path := signin.RecordPath(runtime.GOOS, e.getenv)
	if path == "" {
		return nil, usageError(tr.T(txt.CLIConfigNoPlaceHint), "%s", tr.T(txt.OnlineNoRecordPlace))
	}
	return &signin.Manager{Factory: e.signinFactory, Store: e.signinStore, RecordPath: path, Now: e.now}, nil
}

// loginSettings are the settings of a sign-in: login.client_id, login.tenant and login.cloud,
// each replaced by its flag when given (and checked as `config set` checks it).
func loginSettings(g *globalOptions, flags map[string]*string, tr scenarios.Texts) (signin.Settings, error) {
	cfg := *g.settings.cfg
	for key, value := range flags {
		if value == nil || *value == "" {
			continue
		}
		k, err := config.Find(key)
		if err == nil {
			err = k.Set(tr.Catalog, &cfg, *value)
		}
		if err != nil {
			return signin.Settings{}, configError(err, tr)
		}
	}
	cloud, _ := microsoft.ParseCloud(cfg.Login.Cloud)
	return signin.Settings{ClientID: cfg.Login.ClientID, Tenant: cfg.Login.Tenant, Cloud: cloud}, nil
}

// cloudName is a cloud's name in tr's language.
func cloudName(c diagnose.Cloud, tr scenarios.Texts) string {
	if c == "" {
		c = diagnose.CloudPublic
	}
	if k, ok := render.CloudTexts.Get()[c]; ok {
		return tr.T(k)
	}
	return sanitize.Exact(string(c))
}
