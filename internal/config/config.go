// Package config keeps the desk's own settings: the partner's facts, the contact person for
// tickets and messages, and the languages (README "Configuration"). It is a small JSON file,
// written atomically and readable by its owner only, changed under a lock (Update) so that two
// runs never lose each other's settings, and read only when no other user could have written
// it (trust_unix.go). The diagnosis never reads it: it only fills in tickets and messages, and
// what the walkthrough would otherwise ask every time.
package config

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cspfix/cspfix/diagnose"
	"github.com/cspfix/cspfix/internal/microsoft"
	"github.com/cspfix/cspfix/internal/safefile"
	"github.com/cspfix/cspfix/internal/suggest"
	"github.com/cspfix/cspfix/scenarios"
)

// Config is the settings file's content. An empty string is a setting that is not set.
type Config struct {
	Partner      Partner `json:"partner,omitzero"`
	Contact      Contact `json:"contact,omitzero"`
	Lang         string  `json:"lang,omitempty"`
	TicketLang   string  `json:"ticket_lang,omitempty"`
	CustomerLang string  `json:"customer_lang,omitempty"`
	Login        Login   `json:"login,omitzero"`
}

// Login is how cspfix signs in to Microsoft for its lookups (docs/microsoft-access.md).
type Login struct {
	ClientID string `json:"client_id,omitempty"` // the app registration's application (client) ID
	Tenant   string `json:"tenant,omitempty"`    // the partner tenant to sign in to: its ID or a domain
	Cloud    string `json:"cloud,omitempty"`     // public, us_government or china
}

// Partner is the reseller's own company.
type Partner struct {
	Name             string `json:"name,omitempty"`
	PartnerID        string `json:"partner_id,omitempty"`
	IndirectProvider string `json:"indirect_provider,omitempty"`
	Country          string `json:"country,omitempty"`
	// InvitationURL is the reseller's invitation link, which messages to customers carry.
	InvitationURL string `json:"invitation_url,omitempty"`
}

// Contact is the person who signs tickets and messages.
type Contact struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// Kind says what a setting holds, and so how it is checked.
type Kind string

const (
	KindText      Kind = "text"           // a name: one line, not too long
	KindPartnerID Kind = "partner_id"     // digits only
	KindCountry   Kind = "country"        // an ISO 3166-1 alpha-2 code of a CSP market
	KindEmail     Kind = "email"          // local@domain
	KindPhone     Kind = "phone"          // digits, spaces and + ( ) - / .
	KindLang      Kind = "lang"           // de or en
	KindLink      Kind = "invitation_url" // an invitation link: https, on a Microsoft admin host
	KindGUID      Kind = "guid"           // an application's ID: 8-4-4-4-12 hexadecimal digits
	KindTenant    Kind = "tenant"         // a tenant ID, or a domain of the tenant
	KindCloud     Kind = "cloud"          // public, us_government or china
)

// Clouds are the values of login.cloud.
var Clouds = []string{"public", "us_government", "china"}

// Key is one setting: its name on the command line and in the file, and what it holds.
type Key struct {
	Name string
	Kind Kind
	get  func(c *Config) *string
}

// Keys are the settings, in the order `config list` shows them.
var Keys = []Key{
	{"partner.name", KindText, func(c *Config) *string { return &c.Partner.Name }},
	{"partner.partner_id", KindPartnerID, func(c *Config) *string { return &c.Partner.PartnerID }},
	{"partner.indirect_provider", KindText, func(c *Config) *string { return &c.Partner.IndirectProvider }},
	{"partner.country", KindCountry, func(c *Config) *string { return &c.Partner.Country }},
	{"partner.invitation_url", KindLink, func(c *Config) *string { return &c.Partner.InvitationURL }},
	{"contact.name", KindText, func(c *Config) *string { return &c.Contact.Name }},
	{"contact.email", KindEmail, func(c *Config) *string { return &c.Contact.Email }},
	{"contact.phone", KindPhone, func(c *Config) *string { return &c.Contact.Phone }},
	{"lang", KindLang, func(c *Config) *string { return &c.Lang }},
	{"ticket_lang", KindLang, func(c *Config) *string { return &c.TicketLang }},
	{"customer_lang", KindLang, func(c *Config) *string { return &c.CustomerLang }},
	{"login.client_id", KindGUID, func(c *Config) *string { return &c.Login.ClientID }},
	{"login.tenant", KindTenant, func(c *Config) *string { return &c.Login.Tenant }},
	{"login.cloud", KindCloud, func(c *Config) *string { return &c.Login.Cloud }},
}

// Names are the keys' names.
func Names() []string {
	names := make([]string, len(Keys))
	for i, k := range Keys {
		names[i] = k.Name
	}
	return names
}

// KeyError is a key that is not a setting, with the one it most likely meant ("" when none).
type KeyError struct {
	Name, Suggest string
}

func (e *KeyError) Error() string { return "unknown key " + e.Name }

// ValueError is a value a setting cannot hold.
type ValueError struct {
	Key   string
	Kind  Kind
	Value string
}

func (e *ValueError) Error() string { return e.Key + ": not a valid " + string(e.Kind) }

// Problem is what is wrong inside a settings file that the system could read.
type Problem struct {
	Kind   ProblemKind
	Key    string // the key concerned, when there is one
	Detail string // the JSON parser's own words, for a syntax error
}

// ProblemKind names a problem of a settings file's content.
type ProblemKind string

const (
	ProblemSyntax     ProblemKind = "syntax"      // not JSON
	ProblemUnknownKey ProblemKind = "unknown_key" // a key that is not a setting
	ProblemType       ProblemKind = "type"        // a setting that is not a string
	ProblemSeveral    ProblemKind = "several"     // more than one JSON value
	ProblemTooLarge   ProblemKind = "too_large"   // larger than any settings file
)

func (p *Problem) Error() string { return string(p.Kind) + " " + p.Key + " " + p.Detail }

// FileError is a settings file that cannot be read or written: its path and why (a *Problem,
// a *ValueError, or the system's error).
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// Find returns the key with the given name.
func Find(name string) (Key, error) {
	for _, k := range Keys {
		if k.Name == name {
			return k, nil
		}
	}
	return Key{}, &KeyError{Name: name, Suggest: suggest.Closest(name, Names())}
}

// Get is the key's value in c ("" when not set).
func (k Key) Get(c *Config) string { return *k.get(c) }

// Set checks value and stores it in c in its normal form (a country in capitals, a language as
// "de" or "en"). An empty value unsets the key. A country is one cat knows the region of.
func (k Key) Set(cat *scenarios.Catalog, c *Config, value string) error {
	v, err := k.normalise(cat, value)
	if err != nil {
		return err
	}
	*k.get(c) = v
	return nil
}

// maxText bounds a setting: it ends up in every ticket.
const maxText = 200

func (k Key) normalise(cat *scenarios.Catalog, value string) (string, error) {
	v := strings.TrimSpace(value)
	bad := &ValueError{Key: k.Name, Kind: k.Kind, Value: value}
	if v == "" {
		return "", nil
	}
	if k.Kind == KindLink {
		// Checked as message --invitation-url checks it (docs/sources.md names the hosts).
		if _, err := diagnose.CheckInvitationURL(v); err != nil {
			return "", bad
		}
		return v, nil
	}
	if utf8.RuneCountInString(v) > maxText || !utf8.ValidString(v) || strings.IndexFunc(v, func(r rune) bool {
		return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
	}) >= 0 {
		return "", bad
	}
	switch k.Kind {
	case KindPartnerID:
		if len(v) > 20 || !diagnose.IsPartnerID(v) {
			return "", bad
		}
	case KindCountry:
		v = strings.ToUpper(v)
		if _, ok := cat.RegionOf(v); !ok {
			return "", bad
		}
	case KindEmail:
		if !validEmail(v) {
			return "", bad
		}
	case KindPhone:
		digits := 0
		for _, r := range v {
			switch {
			case r >= '0' && r <= '9':
				digits++
			case strings.ContainsRune(" +()-/.", r):
			default:
				return "", bad
			}
		}
		if digits < 5 {
			return "", bad
		}
	case KindLang:
		l, err := scenarios.ParseLang(v)
		if err != nil || string(l) != strings.ToLower(v) {
			return "", bad
		}
		v = string(l)
	case KindGUID:
		v = strings.ToLower(v)
		if !isGUID(v) || v == nilGUID {
			return "", bad
		}
	case KindTenant:
		v = strings.TrimSuffix(strings.ToLower(v), ".")
		// A tenant to sign in to: one tenant, never the multi-tenant names of the sign-in
		// service, the empty GUID or the one for personal accounts.
		if isGUID(v) && v != nilGUID && v != consumersGUID || !isGUID(v) && isDomain(v) {
			break
		}
		return "", bad
	case KindCloud:
		v = strings.NewReplacer("-", "_", " ", "_").Replace(strings.ToLower(v))
		if !slices.Contains(Clouds, v) {
			return "", bad
		}
	}
	return v, nil
}

const nilGUID, consumersGUID = microsoft.NilTenant, microsoft.ConsumersTenant

// isGUID reports whether s is a lower-case 8-4-4-4-12 GUID (values are lower-cased first).
func isGUID(s string) bool {
	c, ok := microsoft.CanonicalGUID(s)
	return ok && c == s
}

// isDomain reports whether s is a lower-case ASCII domain name of at least two labels.
func isDomain(s string) bool {
	labels := strings.Split(s, ".")
	if len(labels) < 2 || len(s) > 253 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' ||
			strings.Trim(l, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return false
		}
	}
	return strings.Trim(labels[len(labels)-1], "0123456789") != ""
}

// validEmail checks the shape of an address: one @, something before it, a domain with a dot
// after it, no spaces. Whether it is delivered is for the mail server to say.
func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.ContainsAny(s, " \t<>,;\"") || strings.Contains(domain, "@") {
		return false
	}
	dot := strings.LastIndexByte(domain, '.')
	return dot > 0 && dot < len(domain)-1 && !strings.Contains(domain, "..")
}

// maxFile bounds what is read of a settings file: a real one has a few hundred bytes.
const maxFile = 64 << 10

// Load reads the settings file at path. A file that does not exist is an empty configuration;
// one that cannot be read, is not JSON, has unknown keys or values a setting cannot hold is a
// *FileError naming the file: a broken file is never taken for an empty one. Its values are
// checked as Set checks them, against cat.
func Load(cat *scenarios.Catalog, path string) (*Config, error) {
	c, _, err := load(cat, path)
	return c, err
}

// load reads the settings file and says what it was when read, for Update.
func load(cat *scenarios.Catalog, path string) (*Config, safefile.Stamp, error) {
	// A link to a file is read (dotfile managers link them); a pipe or a device is not, and is
	// refused before anything could wait on it.
	f, err := safefile.OpenRegular(path, true)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Config{}, safefile.Stamp{}, nil
	case err != nil:
		return nil, safefile.Stamp{}, &FileError{Path: path, Err: err}
	}
	defer f.Close()
	// Settings that another user could have written are not this user's: they could send the
	// desk's mail to someone else.
	if err := checkTrust(path, f); err != nil {
		return nil, safefile.Stamp{}, &FileError{Path: path, Err: err}
	}
	stamp, err := safefile.StampOf(path)
	if err != nil {
		return nil, stamp, &FileError{Path: path, Err: err}
	}
	c, err := read(cat, path, f)
	return c, stamp, err
}

func read(cat *scenarios.Catalog, path string, f io.Reader) (*Config, error) {
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	if len(data) > maxFile {
		return nil, &FileError{Path: path, Err: &Problem{Kind: ProblemTooLarge}}
	}
	var c Config
	if len(bytes.TrimSpace(data)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return nil, &FileError{Path: path, Err: classify(err)}
		}
		if dec.More() {
			return nil, &FileError{Path: path, Err: &Problem{Kind: ProblemSeveral}}
		}
	}
	for _, k := range Keys {
		if err := k.Set(cat, &c, k.Get(&c)); err != nil {
			return nil, &FileError{Path: path, Err: err}
		}
	}
	return &c, nil
}

// classify names what encoding/json found wrong.
func classify(err error) *Problem {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &Problem{Kind: ProblemType, Key: te.Field}
	}
	if key, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		key = strings.Trim(key, `"`)
		return &Problem{Kind: ProblemUnknownKey, Key: key}
	}
	return &Problem{Kind: ProblemSyntax, Detail: strings.TrimPrefix(err.Error(), "json: ")}
}

// Save writes c to path atomically, readable by its owner only, creating its directory. It
// replaces whatever is there: Update is how a command changes the settings.
func Save(path string, c *Config) error {
	data, err := encode(c)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return &FileError{Path: path, Err: err}
	}
	if err := safefile.WriteFile(path, data, 0o600); err != nil {
		return &FileError{Path: path, Err: err}
	}
	return nil
}

// encode is the settings file's text: indented JSON, with & < > as they are (a name such as
// "Fabrikam & Co" reads as typed, not as \u0026), and a final line end.
func encode(c *Config) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// LockWait is how long Update waits for another cspfix that is changing the settings: far
// longer than a change takes, short enough that a stuck run is reported.
const LockWait = 10 * time.Second

// Update changes the settings file at path with change, as one step that no other cspfix
// interleaves with: under the file's lock it reads the file as it is now (so that what another
// run set meanwhile is kept), applies change, and writes it, only while it is still the file
// read. A lock held for longer than LockWait is a *safefile.BusyError; ctx (a signal) ends the
// wait. Errors about the file are *FileErrors. The file is read as Load reads it, against cat.
func Update(ctx context.Context, cat *scenarios.Catalog, path string, change func(*Config) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return &FileError{Path: path, Err: err}
	}
	if err := checkDirTrust(path); err != nil {
		return &FileError{Path: path, Err: err}
	}
	lock, err := safefile.WaitLock(ctx, path, LockWait)
	if err != nil {
		return &FileError{Path: path, Err: err}
	}
	defer lock.Unlock()
	c, stamp, err := load(cat, path)
	if err != nil {
		return err
	}
	if err := change(c); err != nil {
		return err
	}
	data, err := encode(c)
	if err != nil {
		return err
	}
	if _, err := safefile.Replace(path, data, 0o600, stamp); err != nil {
		return &FileError{Path: path, Err: err}
	}
	return nil
}

// DefaultPath is where the settings live when neither --config nor CSPFIX_CONFIG names a file:
// the user's configuration directory as the system knows it ($XDG_CONFIG_HOME or ~/.config on
// Linux, ~/Library/Application Support on macOS, %AppData% on Windows), under cspfix. goos is
// runtime.GOOS; getenv reads the environment. It returns "" when no home is known.
func DefaultPath(goos string, getenv func(string) string) string {
	var dir string
	switch goos {
	case "windows":
		dir = getenv("AppData")
	case "darwin", "ios":
		if home := getenv("HOME"); home != "" {
			dir = filepath.Join(home, "Library", "Application Support")
		}
	default:
		dir = getenv("XDG_CONFIG_HOME")
		if dir == "" || !filepath.IsAbs(dir) {
			if home := getenv("HOME"); home != "" {
				dir = filepath.Join(home, ".config")
			} else {
				dir = ""
			}
		}
	}
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "cspfix", "config.json")
}
