package amapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	promcfg "github.com/prometheus/common/config"
)

// MaxBody is the most of a reply that is read (an Alertmanager with a
// hundred thousand alerts answers in a few tens of MB; more is refused).
const MaxBody = 64 << 20

// Alert is a postableAlert: what a client sends. Alertmanager identifies
// an alert by its label set.
type Alert struct {
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations,omitempty"`
	StartsAt     time.Time         `json:"startsAt,omitzero"`
	EndsAt       time.Time         `json:"endsAt,omitzero"`
	GeneratorURL string            `json:"generatorURL,omitempty"`
}

// AlertStatus is an alert's state in Alertmanager: "active",
// "suppressed" (silenced or inhibited) or "unprocessed", with the
// silences and alerts that suppress it.
type AlertStatus struct {
	State       string   `json:"state"`
	SilencedBy  []string `json:"silencedBy"`
	InhibitedBy []string `json:"inhibitedBy"`
}

// GettableAlert is an alert as GET /api/v2/alerts lists it.
type GettableAlert struct {
	Alert
	Fingerprint string      `json:"fingerprint"`
	UpdatedAt   time.Time   `json:"updatedAt"`
	Status      AlertStatus `json:"status"`
	Receivers   []struct {
		Name string `json:"name"`
	} `json:"receivers"`
}

// Matcher selects alerts by one label. IsEqual false negates it (!= or
// !~); Alertmanager before 0.22 ignores it, so Lookout only makes
// equality matchers.
type Matcher struct {
	Name    string `json:"name"`
	Value   string `json:"value"`
	IsRegex bool   `json:"isRegex"`
	IsEqual *bool  `json:"isEqual,omitempty"`
}

// Silence is a postableSilence; ID is empty to create one.
type Silence struct {
	ID        string    `json:"id,omitempty"`
	Matchers  []Matcher `json:"matchers"`
	StartsAt  time.Time `json:"startsAt"`
	EndsAt    time.Time `json:"endsAt"`
	CreatedBy string    `json:"createdBy"`
	Comment   string    `json:"comment"`
}

// GettableSilence is a silence as GET /api/v2/silences lists it; its
// Status.State is "active", "pending" or "expired".
type GettableSilence struct {
	Silence
	Status struct {
		State string `json:"state"`
	} `json:"status"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// StatusError is a reply other than 2xx.
type StatusError struct {
	Status int
	// Msg is the start of the body, as Alertmanager explained itself.
	Msg string
}

func (e *StatusError) Error() string {
	if e.Msg == "" {
		return fmt.Sprintf("alertmanager: HTTP %d", e.Status)
	}
	return fmt.Sprintf("alertmanager: HTTP %d: %s", e.Status, e.Msg)
}

// Options say how to reach one Alertmanager.
type Options struct {
	// URL is its base address, "http://alertmanager:9093" (a path prefix,
	// as with --web.route-prefix, is kept).
	URL string
	// HTTP is the authentication and TLS of its requests (bearer token,
	// basic auth, CA and client certificates), as Prometheus writes them.
	HTTP promcfg.HTTPClientConfig
	// Client replaces the client built from HTTP (tests).
	Client *http.Client
	// Timeout bounds one request when ctx has no deadline (default 10 s).
	Timeout time.Duration
}

// Client talks to one Alertmanager. It is safe for concurrent use.
type Client struct {
	base    *url.URL
	http    *http.Client
	timeout time.Duration
}

// New checks o and returns its client.
func New(o Options) (*Client, error) {
	u, err := url.Parse(o.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("alertmanager: url: expected an http(s) URL such as http://alertmanager:9093")
	}
	if u.User != nil {
		return nil, errors.New("alertmanager: url: put the user name and password in username and password, not in the URL")
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	c := &Client{base: u, http: o.Client, timeout: o.Timeout}
	if c.timeout <= 0 {
		c.timeout = 10 * time.Second
	}
	if c.http == nil {
		hc := o.HTTP
		hc.FollowRedirects = false
		if err := hc.Validate(); err != nil {
			return nil, fmt.Errorf("alertmanager: %w", err)
		}
		cl, err := promcfg.NewClientFromConfig(hc, "lookout")
		if err != nil {
			return nil, fmt.Errorf("alertmanager: %w", err)
		}
		c.http = cl
	}
	return c, nil
}

// URL is the Alertmanager's base address.
func (c *Client) URL() string { return c.base.String() }

// PostAlerts sends alerts (POST /api/v2/alerts). Alertmanager keeps a
// firing alert until its EndsAt (or its resolve_timeout when EndsAt is
// zero): a client re-posts what still fires.
func (c *Client) PostAlerts(ctx context.Context, alerts []Alert) error {
	return c.do(ctx, http.MethodPost, "/api/v2/alerts", nil, alerts, nil)
}

// Alerts lists the alerts that are active, or also silenced or inhibited
// ones when asked (GET /api/v2/alerts). filter are label matchers in
// Alertmanager's syntax (`severity="critical"`), all of which must match.
func (c *Client) Alerts(ctx context.Context, silenced, inhibited bool, filter ...string) ([]GettableAlert, error) {
	q := url.Values{"active": {"true"}, "silenced": {fmt.Sprint(silenced)}, "inhibited": {fmt.Sprint(inhibited)}}
	for _, f := range filter {
		q.Add("filter", f)
	}
	var out []GettableAlert
	err := c.do(ctx, http.MethodGet, "/api/v2/alerts", q, nil, &out)
	return out, err
}

// CreateSilence creates s (POST /api/v2/silences) and returns its ID.
func (c *Client) CreateSilence(ctx context.Context, s Silence) (string, error) {
	var out struct {
		SilenceID string `json:"silenceID"`
	}
	if err := c.do(ctx, http.MethodPost, "/api/v2/silences", nil, s, &out); err != nil {
		return "", err
	}
	if out.SilenceID == "" {
		return "", errors.New("alertmanager: the reply named no silence")
	}
	return out.SilenceID, nil
}

// ExpireSilence ends the silence id now (DELETE /api/v2/silence/{id}).
func (c *Client) ExpireSilence(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, "/api/v2/silence/"+url.PathEscape(id), nil, nil, nil)
}

// Silences lists every silence Alertmanager still holds (GET
// /api/v2/silences), expired ones included.
func (c *Client) Silences(ctx context.Context) ([]GettableSilence, error) {
	var out []GettableSilence
	err := c.do(ctx, http.MethodGet, "/api/v2/silences", nil, nil, &out)
	return out, err
}

func (c *Client) do(ctx context.Context, method, path string, q url.Values, in, out any) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	u := *c.base
	u.Path += path
	u.RawQuery = q.Encode()
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("alertmanager: %w", err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return fmt.Errorf("alertmanager: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "Lookout")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is in the configuration; errors say what went wrong
		}
		return fmt.Errorf("alertmanager %s: %w", c.base.Host, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err != nil {
		return fmt.Errorf("alertmanager %s: reading the reply: %w", c.base.Host, err)
	}
	if len(b) > MaxBody {
		return fmt.Errorf("alertmanager %s: the reply is larger than %d MB", c.base.Host, MaxBody>>20)
	}
	if resp.StatusCode/100 != 2 {
		msg := strings.TrimSpace(string(b))
		if len(msg) > 300 {
			msg = msg[:300] + "…"
		}
		return &StatusError{Status: resp.StatusCode, Msg: msg}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("alertmanager %s: the reply is not the API's JSON: %w", c.base.Host, err)
	}
	return nil
}

// Auth is the credentials and TLS files of a client, their secrets
// already expanded.
type Auth struct {
	// Token is a bearer token; Username and Password basic auth.
	Token, Username, Password string
	// CAFile, CertFile and KeyFile are PEM files; InsecureSkipVerify
	// trusts any certificate.
	CAFile, CertFile, KeyFile string
	InsecureSkipVerify        bool
}

// HTTPConfig is a's client configuration as Prometheus writes it; the
// secrets are config.Secret, which never print.
func HTTPConfig(a Auth) promcfg.HTTPClientConfig {
	hc := promcfg.DefaultHTTPClientConfig
	if a.Token != "" {
		hc.Authorization = &promcfg.Authorization{Type: "Bearer", Credentials: promcfg.Secret(a.Token)}
	}
	if a.Username != "" {
		hc.BasicAuth = &promcfg.BasicAuth{Username: a.Username, Password: promcfg.Secret(a.Password)}
	}
	hc.TLSConfig = promcfg.TLSConfig{CAFile: a.CAFile, CertFile: a.CertFile, KeyFile: a.KeyFile, InsecureSkipVerify: a.InsecureSkipVerify}
	return hc
}
