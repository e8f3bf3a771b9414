package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/lookups"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/sanitize"
	"github.com/cspfix/cspfix/internal/signin"
	"github.com/cspfix/cspfix/scenarios"
	"github.com/cspfix/cspfix/scenarios/txt"
)

// The lookups of diagnose --online and of the walkthrough's offer (README "Looking facts up in
// Microsoft's systems"): the runner with the run's clients, a batch's lookups ahead of its
// diagnoses, and the progress of a batch on stderr.

// onlineRunner is the runner of a run's lookups: Microsoft's public sign-in services (every
// cloud's, or CSPFIX_AUTHORITY), and with a sign-in or tokens in the environment Microsoft Graph
// and Partner Center, at their roots or CSPFIX_GRAPH_URL and CSPFIX_PARTNER_CENTER_URL. One
// limiter bounds the requests of them all. Settings or variables cspfix refuses are errors
// before any request; a sign-in that cannot be used is no error: its lookups then fail in
// words, and the diagnosis goes on.
func (e *env) onlineRunner(g *globalOptions, now func() time.Time) (*lookups.Runner, error) {
	lang := g.texts()
	limiter := microsoft.NewLimiter(microsoft.DefaultConcurrency)
	disc, err := e.lookupClient(lang)
	if err != nil {
		return nil, err
	}
	me, err := e.readMicrosoftEnv(lang)
	if err != nil {
		return nil, err
	}
	s, err := loginSettings(g, nil, lang)
	if err != nil {
		return nil, err
	}
	r := &lookups.Runner{Ctx: e.ctx, Discovery: disc, Limiter: limiter, Now: now}
	src := signin.Sources{Graph: me.tokensOr(microsoft.ServiceGraph), PartnerCenter: me.tokensOr(microsoft.ServicePartnerCenter)}
	if ep, ok := microsoft.CloudEndpoints(s.Cloud); ok {
		src.Endpoints = ep
	}
	if me.tokens.Graph == nil || me.tokens.PartnerCenter == nil {
		// A sign-in record that cannot be read leaves the tokens of the environment, if any.
		if m, err := e.signinManager(lang); err == nil {
			if signed, err := m.Sources(s, me.tokens); err == nil {
				src = signed
			}
		}
	}
	signedIn := src.Record != nil
	rootOr := func(root *url.URL, fallback string) *url.URL {
		if root == nil {
			root, _ = microsoft.ParseRoot(fallback)
		}
		return root
	}
	connect := e.connect(limiter)
	if signedIn || me.tokens.Graph != nil {
		if r.Graph, err = connect.Graph(rootOr(me.graphRoot, src.Endpoints.Graph), src.Graph); err != nil {
			return nil, err
		}
	}
	if signedIn || me.tokens.PartnerCenter != nil {
		if r.PartnerCenter, err = connect.PartnerCenter(rootOr(me.pcRoot, src.Endpoints.PartnerCenter), src.PartnerCenter); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// tokensOr is the token source of a service from the environment's token, or one that says
// nobody signed in.
func (me microsoftEnv) tokensOr(service microsoft.Service) microsoft.TokenSource {
	tok := me.tokens.Graph
	if service == microsoft.ServicePartnerCenter {
		tok = me.tokens.PartnerCenter
	}
	if tok == nil {
		return noToken{service}
	}
	return microsoft.StaticToken{T: *tok}
}

// noToken is the token source of a service nobody signed in to.
type noToken struct{ service microsoft.Service }

func (n noToken) Token(context.Context) (microsoft.Token, error) {
	return microsoft.Token{}, &microsoft.Error{Service: n.service, Lookup: microsoft.LookupToken, Kind: microsoft.KindSignInRequired}
}

// lookupWindow is how many cases of a batch are looked up ahead of the one being diagnosed:
// enough to keep the limiter's slots busy while a slow lookup holds one case back.
const lookupWindow = 4 * microsoft.DefaultConcurrency

// aheadLooker looks up the cases of a batch while earlier ones are diagnosed and written: each
// case read starts its lookups at once (within the runner's limiter), and Look, called for the
// cases in input order, hands the diagnosis the lookups of the case it is at. At most
// lookupWindow cases are read ahead.
type aheadLooker struct {
	runner  *lookups.Runner
	pending chan *lookedAhead // the valid cases read, in input order
}

type lookedAhead struct {
	done   chan struct{}
	looked diagnose.Looked
}

func newAheadLooker(r *lookups.Runner) *aheadLooker {
	return &aheadLooker{runner: r, pending: make(chan *lookedAhead, lookupWindow+1)}
}

// Look is the lookups of the next valid case: those started when it was read.
func (a *aheadLooker) Look(*diagnose.Case) diagnose.Looked {
	la := <-a.pending
	<-la.done
	return la.looked
}

// caseReader reads the next case of a batch into c, with its record number.
type caseReader func(c *diagnose.Case) (record int, err error)

// readAhead reads the cases of next in a goroutine of its own, starting each valid case's
// lookups as it is read; it returns the reader of the cases in order, and the function that
// stops reading (the caller defers it).
func (a *aheadLooker) readAhead(ctx context.Context, next caseReader) (caseReader, func()) {
	type read struct {
		c      *diagnose.Case
		record int
		err    error
	}
	reads := make(chan read, lookupWindow)
	stop := make(chan struct{})
	var stopOnce sync.Once
	go func() {
		defer close(reads)
		for {
			c := new(diagnose.Case)
			record, err := next(c)
			if err == nil {
				la := &lookedAhead{done: make(chan struct{})}
				go func() {
					la.looked = a.runner.Look(c)
					close(la.done)
				}()
				select {
				case a.pending <- la:
				case <-stop:
					return
				case <-ctx.Done():
					return
				}
			}
			select {
			case reads <- read{c, record, err}:
			case <-stop:
				return
			case <-ctx.Done():
				return
			}
			var ie *diagnose.InputError
			if err != nil && !errors.As(err, &ie) {
				return // the end of the input, or one the batch stops at
			}
		}
	}()
	reader := func(c *diagnose.Case) (int, error) {
		rd, ok := <-reads
		if !ok {
			if cause := context.Cause(ctx); cause != nil {
				return 0, cause
			}
			return 0, io.EOF
		}
		*c = *rd.c
		return rd.record, rd.err
	}
	return reader, func() { stopOnce.Do(func() { close(stop) }) }
}

// aheadReader is the reader of eachResult: the decoder's own, or for an engine that looks cases
// up ahead, one that reads ahead.
func aheadReader(ctx context.Context, engine *diagnose.Engine, next caseReader) (caseReader, func()) {
	if a, ok := engine.Looker.(*aheadLooker); ok {
		return a.readAhead(ctx, next)
	}
	return next, func() {}
}

// progressEvery is how often a batch online says how far it got: on a terminal its line is
// redrawn in place, in a log a line is added.
const (
	progressTerminal = time.Second
	progressLog      = 10 * time.Second
)

// batchProgress says on stderr that a batch looks its cases up, how far it got while it runs,
// and what it cost at the end, so that nobody waits on a silent command. On a terminal the line
// of how far it got is redrawn in place, and whatever else is written to stderr meanwhile (a
// signal's note) first takes it away. It returns the function that ends it.
func batchProgress(e *env, r *lookups.Runner, lang scenarios.Lang) func() {
	cat := e.model().Catalog
	services := []string{cat.Text(txt.MicrosoftServiceSignIn, lang)}
	if r.Graph != nil {
		services = append(services, cat.Text(txt.MicrosoftServiceGraph, lang))
	}
	if r.PartnerCenter != nil {
		services = append(services, cat.Text(txt.MicrosoftServicePartnerCenter, lang))
	}
	e.note(cat.Text(txt.LookupsBatchStart, lang, "services", strings.Join(services, ", "), "n", strconv.Itoa(microsoft.DefaultConcurrency)), "")
	if !r.SignedIn() {
		e.note(cat.Text(txt.LookupsPublicOnly, lang), "")
	}
	line := func() string {
		return cat.Text(txt.LookupsBatchProgress, lang, "cases", strconv.FormatInt(r.Cases(), 10),
			"requests", strconv.FormatInt(r.Limiter.Started(), 10), "waiting", strconv.FormatInt(r.Limiter.Waiting(), 10))
	}
	every := progressLog
	progress := &progressLine{w: e.stderr}
	if e.stderrTerminal {
		every, progress.width = progressTerminal, e.textWidth()
		e.stderr = progress
	}
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				progress.show(line(), e.stderrTerminal)
			case <-done:
				return
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		progress.clear()
		e.stderr = progress.w
		e.note(cat.Text(txt.LookupsBatchEnd, lang, "cases", strconv.FormatInt(r.Cases(), 10),
			"requests", strconv.FormatInt(r.Limiter.Started(), 10), "failed", strconv.FormatInt(r.Failed(), 10)), "")
	}
}

// progressLine is stderr with a line of progress at its end: on a terminal the line is drawn
// in place (cut to the terminal's width, so that it stays one line), and taken away before
// anything else is written; in a log each line is added.
type progressLine struct {
	mu    sync.Mutex
	w     io.Writer
	width int
	drawn bool
}

func (p *progressLine) Write(b []byte) (int, error) {
	p.clear()
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.w.Write(b)
}

func (p *progressLine) show(line string, terminal bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !terminal {
		fmt.Fprintln(p.w, line)
		return
	}
	if head, more := sanitize.Cut(line, p.width-1); more > 0 {
		line = head
	}
	fmt.Fprint(p.w, "\r\x1b[K"+line)
	p.drawn = true
}

func (p *progressLine) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}
