package rest

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestLoopbackOnlyTransport(t *testing.T) {
	// 192.0.2.1 is a documentation address: the dial is refused before any packet is sent.
	c := &http.Client{Transport: NewTransport(true)}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://192.0.2.1/", nil)
	_, err := c.Do(req)
	if err == nil || !strings.Contains(err.Error(), "not a loopback address") {
		t.Errorf("a connection to 192.0.2.1: %v", err)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 20, 11, 0, 0, 0, time.UTC)
	tests := map[string]time.Duration{"1": time.Second, "315": 315 * time.Second, " 2 ": 2 * time.Second,
		"Fri, 20 Nov 2026 11:00:05 GMT": 5 * time.Second, "Fri, 20 Nov 2026 10:00:00 GMT": 0}
	for v, want := range tests {
		if got, ok := retryAfter(http.Header{"Retry-After": {v}}, now); !ok || got != want {
			t.Errorf("Retry-After %q = %v, %v", v, got, ok)
		}
	}
	for _, v := range []string{"", "-1", "soon", "1.5"} {
		if _, ok := retryAfter(http.Header{"Retry-After": {v}}, now); ok {
			t.Errorf("Retry-After %q accepted", v)
		}
	}
}
