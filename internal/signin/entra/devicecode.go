package entra

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/cspfix/cspfix/internal/signin"
)

// deviceAuthorization is the answer of the device code endpoint (docs/sources.md, "The
// sign-in").
type deviceAuthorization struct {
	DeviceCode      string
	UserCode        string
	VerificationURI string
	ExpiresIn       time.Duration
	Interval        time.Duration
}

const (
	defaultInterval = 5 * time.Second
	// defaultDeviceCodeExpiry is the device code's life when the answer does not say: the
	// sign-in service's default is 15 minutes.
	defaultDeviceCodeExpiry = 15 * time.Minute
	maxInterval             = time.Minute
	// slowDownStep is what a slow_down answer adds to the interval (RFC 8628, 3.5).
	slowDownStep = 5 * time.Second
)

// parseDeviceAuthorization reads the device code endpoint's answer. The device code is a
// secret of the sign-in: it is never shown, and no error holds a part of the answer.
func parseDeviceAuthorization(body []byte) (deviceAuthorization, error) {
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	var raw struct {
		DeviceCode      string          `json:"device_code"`
		UserCode        string          `json:"user_code"`
		VerificationURI string          `json:"verification_uri"`
		VerificationURL string          `json:"verification_url"` // the older endpoint's name
		ExpiresIn       json.RawMessage `json:"expires_in"`
		Interval        json.RawMessage `json:"interval"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return deviceAuthorization{}, errNotAnAnswer
	}
	d := deviceAuthorization{DeviceCode: raw.DeviceCode, UserCode: raw.UserCode, VerificationURI: raw.VerificationURI}
	if d.VerificationURI == "" {
		d.VerificationURI = raw.VerificationURL
	}
	u, err := url.Parse(d.VerificationURI)
	switch {
	case d.DeviceCode == "" || len(d.DeviceCode) > maxTokenLen || !printableASCII(d.DeviceCode):
		return deviceAuthorization{}, errors.New("the sign-in service gave no usable device code")
	case d.UserCode == "" || len(d.UserCode) > 64 || !printableASCII(d.UserCode):
		return deviceAuthorization{}, errors.New("the sign-in service gave no usable user code")
	case err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || len(d.VerificationURI) > 512 || !printableASCII(d.VerificationURI):
		return deviceAuthorization{}, errors.New("the sign-in service gave no usable address")
	}
	var ok bool
	if d.ExpiresIn, ok = seconds(raw.ExpiresIn, maxDeviceCodeWait); !ok {
		d.ExpiresIn = defaultDeviceCodeExpiry
	}
	if d.Interval, ok = seconds(raw.Interval, maxInterval); !ok {
		d.Interval = defaultInterval
	}
	return d, nil
}

// deviceCode signs in with a device code: the person enters the code shown on stderr at
// Microsoft's page on any device, while cspfix asks the token endpoint every interval.
func (c *credential) deviceCode(ctx context.Context, scope string) (tokenResponse, error) {
	if c.o.DeviceCode == nil {
		return tokenResponse{}, &signin.Error{Reason: signin.ReasonFailed, Detail: "no way to show the device code"}
	}
	status, body, err := c.post(ctx, c.endpoint("devicecode"), url.Values{
		"client_id": {c.o.ClientID},
		"scope":     {scope + " " + oidcScopes},
	})
	if err != nil {
		return tokenResponse{}, err
	}
	if status != http.StatusOK {
		if oe, ok := parseOAuthError(body); ok {
			return tokenResponse{}, oe.classify(signin.ReasonFailed)
		}
		return tokenResponse{}, &signin.Error{Reason: signin.ReasonFailed, Detail: answerDetail(status)}
	}
	da, err := parseDeviceAuthorization(body)
	if err != nil {
		return tokenResponse{}, &signin.Error{Reason: signin.ReasonFailed, Detail: err.Error()}
	}
	if err := c.o.DeviceCode(da.VerificationURI, da.UserCode); err != nil {
		return tokenResponse{}, err
	}
	deadline := c.cfg.Now().Add(da.ExpiresIn)
	interval := da.Interval
	form := url.Values{
		"client_id":   {c.o.ClientID},
		"grant_type":  {"urn:ietf:params:oauth:grant-type:device_code"},
		"device_code": {da.DeviceCode},
	}
	for {
		if err := c.cfg.Sleep(ctx, interval); err != nil {
			return tokenResponse{}, c.stopped(ctx, err)
		}
		if !c.cfg.Now().Before(deadline) {
			return tokenResponse{}, &signin.Error{Reason: signin.ReasonExpired}
		}
		status, body, err := c.post(ctx, c.endpoint("token"), form)
		if err != nil {
			return tokenResponse{}, err
		}
		tr, oe, err := parseTokenResponse(status, body)
		switch {
		case oe == nil && err == nil:
			return tr, nil
		case oe == nil:
			return tokenResponse{}, &signin.Error{Reason: signin.ReasonFailed, Detail: answerDetail(status)}
		case oe.Code == "authorization_pending":
			continue
		case oe.Code == "slow_down":
			interval = min(interval+slowDownStep, maxInterval)
			continue
		case oe.Code == "bad_verification_code":
			return tokenResponse{}, &signin.Error{Reason: signin.ReasonFailed, Detail: "bad_verification_code"}
		// The device flow's own errors say what happened whatever AADSTS code comes with them.
		case oe.Code == "expired_token":
			return tokenResponse{}, &signin.Error{Reason: signin.ReasonExpired, Code: firstCode(oe)}
		case oe.Code == "authorization_declined" || oe.Code == "access_denied":
			return tokenResponse{}, &signin.Error{Reason: signin.ReasonCancelled, Code: firstCode(oe)}
		}
		return tokenResponse{}, oe.classify(signin.ReasonFailed)
	}
}

// firstCode is the first AADSTS code of an error answer, "" when it has none.
func firstCode(e *oauthError) string {
	if len(e.Codes) > 0 {
		return "AADSTS" + e.Codes[0]
	}
	return ""
}
