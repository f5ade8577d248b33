package runtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"lookout/config"
	"lookout/internal/amapi"
)

// SourceAlert is one alert of an outside source (an Alertmanager) as the
// window and the tray show it beside Lookout's own.
type SourceAlert struct {
	// Source is the source's name from the configuration.
	Source string
	// Fingerprint is the alert's identity in its Alertmanager.
	Fingerprint string
	// Name is its alertname; Host its host label, else its instance.
	Name, Host string
	// Severity is "critical", "warning" or "info", from its severity label
	// (page, error and high count as critical; none, low as info; an alert
	// without one as warning).
	Severity string
	// Summary is its summary annotation (else its description).
	Summary string
	Labels  map[string]string
	Start   time.Time
	// SilencedBy are the silences that hold it (empty: it is active).
	SilencedBy []string
	// Err, when set, says that the source could not be read: the entry
	// stands for the whole source (no fingerprint, no labels).
	Err string
}

// Silenced tells whether a silence holds the alert.
func (a SourceAlert) Silenced() bool { return len(a.SilencedBy) > 0 }

// Sources reads the alerts of the configured Alertmanagers, each every
// its interval, and creates and expires silences there.
type Sources struct {
	log      *slog.Logger
	onChange func()
	list     []*source
	cancel   context.CancelFunc
	done     sync.WaitGroup

	mu sync.Mutex
	// snoozed are the silences the last Snooze created, by source.
	snoozed map[string][]string
}

type source struct {
	cfg      config.Source
	api      *amapi.Client
	mu       sync.Mutex
	alerts   []SourceAlert
	err      error
	readOnce bool
	sig      string
}

// SourceBy is what a silence made from Lookout says created it.
const SourceBy = "lookout"

// NewSources builds the sources of cfg (their secrets expanded). Nothing
// is read until Start.
func NewSources(cfg config.Config, log *slog.Logger, onChange func()) (*Sources, error) {
	if log == nil {
		log = slog.Default()
	}
	s := &Sources{log: log, onChange: onChange, snoozed: map[string][]string{}}
	var errs []error
	for _, sc := range cfg.Sources {
		api, err := newAMClient(sc.AMClient())
		if err != nil {
			errs = append(errs, fmt.Errorf("source %q: %w", sc.Name, err))
			continue
		}
		s.list = append(s.list, &source{cfg: sc, api: api})
	}
	return s, errors.Join(errs...)
}

// newAMClient builds the client of one Alertmanager, expanding its
// ${ENV_VAR} secrets.
func newAMClient(c config.AMClient) (*amapi.Client, error) {
	var firstErr error
	x := func(key, v string) string {
		out, err := config.ExpandSecret(v)
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("%s: %w", key, err)
		}
		return out
	}
	auth := amapi.Auth{Token: x("token", c.Token), Username: c.Username, Password: x("password", c.Password),
		CAFile: c.CAFile, CertFile: c.CertFile, KeyFile: c.KeyFile, InsecureSkipVerify: c.InsecureSkipVerify}
	u := x("url", c.URL)
	if firstErr != nil {
		return nil, firstErr
	}
	return amapi.New(amapi.Options{URL: u, HTTP: amapi.HTTPConfig(auth)})
}

// Start reads every source now and then every its interval until Close.
func (s *Sources) Start(ctx context.Context) {
	ctx, s.cancel = context.WithCancel(ctx)
	for _, src := range s.list {
		s.done.Add(1)
		go func() {
			defer s.done.Done()
			tick := time.NewTicker(src.cfg.SourceInterval())
			defer tick.Stop()
			for {
				s.read(ctx, src)
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				}
			}
		}()
	}
}

// Close stops reading.
func (s *Sources) Close() {
	if s.cancel != nil {
		s.cancel()
	}
	s.done.Wait()
}

// Refresh reads every source now (after a silence, say), then tells.
func (s *Sources) Refresh(ctx context.Context) {
	for _, src := range s.list {
		s.read(ctx, src)
	}
}

// read asks one source for its alerts (the silenced ones too, so the
// window can show them as silenced and offer Clear) and tells onChange
// when what it shows changed.
func (s *Sources) read(ctx context.Context, src *source) {
	got, err := src.api.Alerts(ctx, true, false, src.cfg.Filter...)
	if ctx.Err() != nil {
		return
	}
	var alerts []SourceAlert
	if err != nil {
		s.log.Warn("alertmanager source not read", "source", src.cfg.Name, "err", err)
	}
	for _, g := range got {
		alerts = append(alerts, toSourceAlert(src.cfg.Name, g))
	}
	sortSourceAlerts(alerts)
	sig := signature(alerts, err)
	src.mu.Lock()
	changed := sig != src.sig || !src.readOnce
	src.alerts, src.err, src.sig, src.readOnce = alerts, err, sig, true
	src.mu.Unlock()
	if changed && s.onChange != nil {
		s.onChange()
	}
}

func signature(as []SourceAlert, err error) string {
	var b strings.Builder
	for _, a := range as {
		fmt.Fprintf(&b, "%s %s %s %v|", a.Fingerprint, a.Severity, a.Summary, a.SilencedBy)
	}
	if err != nil {
		b.WriteString(err.Error())
	}
	return b.String()
}

func toSourceAlert(source string, g amapi.GettableAlert) SourceAlert {
	a := SourceAlert{Source: source, Fingerprint: g.Fingerprint, Name: g.Labels["alertname"], Host: g.Labels["host"],
		Severity: sourceSeverity(g.Labels["severity"]), Summary: g.Annotations["summary"], Labels: g.Labels,
		Start: g.StartsAt, SilencedBy: g.Status.SilencedBy}
	if a.Host == "" {
		a.Host = g.Labels["instance"]
	}
	if a.Summary == "" {
		a.Summary = g.Annotations["description"]
	}
	if g.Status.State != "suppressed" {
		a.SilencedBy = nil
	}
	return a
}

func sourceSeverity(s string) string {
	switch strings.ToLower(s) {
	case "critical", "page", "error", "high", "emergency", "alert", "fatal":
		return "critical"
	case "info", "none", "low", "informational", "notice":
		return "info"
	}
	return "warning"
}

// sortSourceAlerts orders alerts critical first, then by host and name.
func sortSourceAlerts(as []SourceAlert) {
	rank := map[string]int{"critical": 0, "warning": 1, "info": 2}
	sort.SliceStable(as, func(i, j int) bool {
		a, b := as[i], as[j]
		if rank[a.Severity] != rank[b.Severity] {
			return rank[a.Severity] < rank[b.Severity]
		}
		if a.Host != b.Host {
			return a.Host < b.Host
		}
		return a.Name < b.Name
	})
}

// Alerts returns every source's alerts as last read, and one entry with
// Err set for each source that could not be read.
func (s *Sources) Alerts() []SourceAlert {
	var out []SourceAlert
	for _, src := range s.list {
		src.mu.Lock()
		if src.err != nil {
			out = append(out, SourceAlert{Source: src.cfg.Name, Name: "unreachable", Severity: "warning", Err: src.err.Error()})
		}
		out = append(out, src.alerts...)
		src.mu.Unlock()
	}
	return out
}

// Len is how many sources there are.
func (s *Sources) Len() int { return len(s.list) }

func (s *Sources) find(name string) (*source, error) {
	for _, src := range s.list {
		if src.cfg.Name == name {
			return src, nil
		}
	}
	return nil, fmt.Errorf("no source is named %q", name)
}

func (src *source) alert(fingerprint string) (SourceAlert, bool) {
	src.mu.Lock()
	defer src.mu.Unlock()
	for _, a := range src.alerts {
		if a.Fingerprint == fingerprint {
			return a, true
		}
	}
	return SourceAlert{}, false
}

// silenceFor is a silence matching exactly a's label set, from now for d.
func silenceFor(a SourceAlert, d time.Duration, comment string) amapi.Silence {
	now := time.Now()
	names := make([]string, 0, len(a.Labels))
	for k := range a.Labels {
		names = append(names, k)
	}
	slices.Sort(names)
	sil := amapi.Silence{StartsAt: now, EndsAt: now.Add(d), CreatedBy: SourceBy, Comment: comment}
	yes := true
	for _, k := range names {
		sil.Matchers = append(sil.Matchers, amapi.Matcher{Name: k, Value: a.Labels[k], IsEqual: &yes})
	}
	return sil
}

// Silence creates a silence in the alert's Alertmanager that matches its
// labels exactly, for d, and reads the source again. It returns the
// silence's ID.
func (s *Sources) Silence(ctx context.Context, source, fingerprint string, d time.Duration) (string, error) {
	src, err := s.find(source)
	if err != nil {
		return "", err
	}
	a, ok := src.alert(fingerprint)
	if !ok {
		return "", fmt.Errorf("source %q has no alert %s (any more)", source, fingerprint)
	}
	id, err := src.api.CreateSilence(ctx, silenceFor(a, d, "silenced from Lookout"))
	if err != nil {
		return "", fmt.Errorf("source %q: silence: %w", source, err)
	}
	s.read(ctx, src)
	return id, nil
}

// Clear expires every silence that holds the alert, and reads the
// source again.
func (s *Sources) Clear(ctx context.Context, source, fingerprint string) error {
	src, err := s.find(source)
	if err != nil {
		return err
	}
	a, ok := src.alert(fingerprint)
	if !ok {
		return fmt.Errorf("source %q has no alert %s (any more)", source, fingerprint)
	}
	var errs []error
	for _, id := range a.SilencedBy {
		if err := src.api.ExpireSilence(ctx, id); err != nil {
			errs = append(errs, fmt.Errorf("source %q: expire silence %s: %w", source, id, err))
		}
	}
	s.read(ctx, src)
	return errors.Join(errs...)
}

// Snooze silences, for d, every alert of every source that is active
// now, one silence per alert matching its labels (not every future alert
// of a team's Alertmanager). Resume expires them. It returns how many it
// made.
func (s *Sources) Snooze(ctx context.Context, d time.Duration) (int, error) {
	var errs []error
	n := 0
	for _, src := range s.list {
		src.mu.Lock()
		alerts := slices.Clone(src.alerts)
		src.mu.Unlock()
		var ids []string
		for _, a := range alerts {
			if a.Silenced() {
				continue
			}
			id, err := src.api.CreateSilence(ctx, silenceFor(a, d, "snoozed from Lookout"))
			if err != nil {
				errs = append(errs, fmt.Errorf("source %q: snooze: %w", src.cfg.Name, err))
				break
			}
			ids = append(ids, id)
		}
		n += len(ids)
		s.mu.Lock()
		s.snoozed[src.cfg.Name] = append(s.snoozed[src.cfg.Name], ids...)
		s.mu.Unlock()
		s.read(ctx, src)
	}
	return n, errors.Join(errs...)
}

// Resume expires the silences Snooze made.
func (s *Sources) Resume(ctx context.Context) error {
	s.mu.Lock()
	snoozed := s.snoozed
	s.snoozed = map[string][]string{}
	s.mu.Unlock()
	var errs []error
	for _, src := range s.list {
		for _, id := range snoozed[src.cfg.Name] {
			var se *amapi.StatusError
			if err := src.api.ExpireSilence(ctx, id); err != nil && !(errors.As(err, &se) && se.Status == 404) {
				errs = append(errs, fmt.Errorf("source %q: expire silence %s: %w", src.cfg.Name, id, err))
			}
		}
		if len(snoozed[src.cfg.Name]) > 0 {
			s.read(ctx, src)
		}
	}
	return errors.Join(errs...)
}
