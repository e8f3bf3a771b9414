package discovery

import (
	"context"
	"errors"
	"testing"

	"github.com/cspfix/cspfix/diagnose"
)

// fakeCloud answers every lookup with one result and counts them.
type fakeCloud struct {
	res diagnose.Resolution
	err error
	n   int
}

func (f *fakeCloud) ResolveContext(context.Context, string) (diagnose.Resolution, error) {
	f.n++
	return f.res, f.err
}

func (f *fakeCloud) ResolveTenantContext(context.Context, string) (diagnose.Resolution, error) {
	f.n++
	return f.res, f.err
}

func TestClouds(t *testing.T) {
	found := func(cloud string) *fakeCloud {
		return &fakeCloud{res: diagnose.Resolution{TenantID: "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31", CloudInstance: cloud}}
	}
	notFound := func() *fakeCloud { return &fakeCloud{err: &diagnose.LookupError{Kind: diagnose.LookupNotFound}} }
	down := func() *fakeCloud { return &fakeCloud{err: &diagnose.LookupError{Kind: diagnose.LookupTimeout}} }
	invalid := func() *fakeCloud { return &fakeCloud{err: &diagnose.LookupError{Kind: diagnose.LookupInvalidDomain}} }
	tests := []struct {
		name   string
		clouds []*fakeCloud
		want   diagnose.LookupKind // "" for found
		asked  int
		cloud  string
	}{
		{"public knows it", []*fakeCloud{found("microsoftonline.com"), found("x"), found("y")}, "", 1, "microsoftonline.com"},
		{"only China knows it", []*fakeCloud{notFound(), notFound(), found("partner.microsoftonline.cn")}, "", 3, "partner.microsoftonline.cn"},
		{"nowhere", []*fakeCloud{notFound(), notFound(), notFound()}, diagnose.LookupNotFound, 3, ""},
		{"not public, China down", []*fakeCloud{notFound(), notFound(), down()}, diagnose.LookupTimeout, 3, ""},
		{"public down, found later", []*fakeCloud{down(), found("microsoftonline.us"), notFound()}, "", 2, "microsoftonline.us"},
		{"invalid everywhere", []*fakeCloud{invalid(), found("x"), found("y")}, diagnose.LookupInvalidDomain, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cs Clouds
			for _, c := range tt.clouds {
				cs = append(cs, c)
			}
			for _, resolve := range []func() (diagnose.Resolution, error){
				func() (diagnose.Resolution, error) { return cs.ResolveContext(context.Background(), "contoso.com") },
				func() (diagnose.Resolution, error) {
					return cs.ResolveTenantContext(context.Background(), "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31")
				},
			} {
				for _, c := range tt.clouds {
					c.n = 0
				}
				res, err := resolve()
				var le *diagnose.LookupError
				switch {
				case tt.want == "" && (err != nil || res.CloudInstance != tt.cloud):
					t.Errorf("got %+v, %v", res, err)
				case tt.want != "" && (!errors.As(err, &le) || le.Kind != tt.want):
					t.Errorf("error %v, want %s", err, tt.want)
				}
				asked := 0
				for _, c := range tt.clouds {
					asked += c.n
				}
				if asked != tt.asked {
					t.Errorf("asked %d services, want %d", asked, tt.asked)
				}
			}
		})
	}
}
