package runtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"lookout/entity"

	"lookout/config"
	"lookout/engine"
	"lookout/engine/alert"
	"lookout/engine/report"
	"lookout/notifier"
	"lookout/notifier/outbox"
	"lookout/notifier/setup"
)

// Service is everything that reacts to the polls of a Monitor: the alert
// rules, the channels with their outbox, and the scheduled reports. The
// window and lookoutd each run one.
type Service struct {
	Monitor *Monitor
	Alerts  *alert.Engine

	log  *slog.Logger
	opts ServiceOptions

	mu       sync.Mutex
	cfg      config.Config
	notifier *setup.Notifier
	stopN    context.CancelFunc // stops the notifier's delivery
	doneN    chan struct{}
	stopS    context.CancelFunc // stops the report scheduler
	ctx      context.Context
}

// ServiceOptions are what the application adds.
type ServiceOptions struct {
	// Desktop shows a desktop notification (nil in the daemon).
	Desktop func(title, body string)
	// OnStatus is told of every channel's delivery state (the window's
	// alerts screen).
	OnStatus func(channel string, s notifier.Status)
	// OnEvents is told of every round's events after they were queued.
	OnEvents func([]alert.Event)
	// StateDir holds the event log and silences, OutboxDir the outbox
	// (the Runtime passes its paths.Dirs; "" is paths' default).
	StateDir, OutboxDir string
	// MaxCharts bounds the alert charts drawn per round (default 3): a
	// bad minute with fifty alerts still costs little.
	MaxCharts int
	Log       *slog.Logger
}

// StartService starts the rules, the channels and the scheduled reports
// for m, which must be (or later be) polling. Stop with Close.
func StartService(ctx context.Context, m *Monitor, cfg config.Config, o ServiceOptions) (*Service, error) {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.MaxCharts == 0 {
		o.MaxCharts = 3
	}
	s := &Service{Monitor: m, log: o.Log, opts: o, cfg: cfg, ctx: ctx}
	if err := s.startNotifier(cfg); err != nil {
		return nil, err
	}
	eng, err := alert.New(AlertSettings(cfg), m.Store, alert.SinkFunc(s.emit), alert.Options{Log: o.Log, Dir: o.StateDir})
	if err != nil {
		s.stopNotifier()
		return nil, err
	}
	s.mu.Lock()
	s.Alerts = eng // refreshLoop reads it under mu
	s.mu.Unlock()
	m.Sampler.Observe(eng.Observe)
	go eng.Run(ctx, time.Second)
	s.startScheduler(cfg)
	return s, nil
}

func (s *Service) startNotifier(cfg config.Config) error {
	n, err := setup.Build(cfg, setup.Options{OutboxDir: s.opts.OutboxDir, Desktop: s.opts.Desktop,
		Log: s.log, OnStatus: s.opts.OnStatus})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(s.ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		var wg sync.WaitGroup
		if every := n.RefreshEvery(); every > 0 {
			wg.Go(func() { s.refreshLoop(ctx, n, every) })
		}
		if err := n.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
			s.log.Error("notifier stopped", "err", err)
		}
		wg.Wait()
	}()
	s.notifier, s.stopN, s.doneN = n, cancel, done
	return nil
}

func (s *Service) stopNotifier() {
	if s.stopN == nil {
		return
	}
	s.stopN()
	<-s.doneN
	s.notifier.Outbox.Close()
	s.stopN = nil
}

func (s *Service) startScheduler(cfg config.Config) {
	ctx, cancel := context.WithCancel(s.ctx)
	s.stopS = cancel
	var alerts report.AlertSource
	if s.Alerts != nil {
		alerts = alertSource{s.Alerts}
	}
	sched := ReportScheduler(cfg, s.Monitor.Store, alerts, func(ctx context.Context, r *report.Report, pages [][]byte, channels []string) error {
		_, err := s.sendReport(ctx, r, pages, channels...)
		return err
	}, s.log)
	go sched.Run(ctx)
}

// Notifier returns the channels in force.
func (s *Service) Notifier() *setup.Notifier {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.notifier
}

// Reload applies a new configuration: rules at once; channels and the
// report schedule are rebuilt (the outbox keeps what is queued).
func (s *Service) Reload(cfg config.Config) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Alerts.Reload(AlertSettings(cfg))
	s.stopS()
	s.stopNotifier()
	if err := s.startNotifier(cfg); err != nil {
		// Keep delivering on the old channels rather than none.
		if err2 := s.startNotifier(s.cfg); err2 != nil {
			s.log.Error("channels could not restart", "err", err2)
		}
		s.startScheduler(s.cfg)
		return err
	}
	s.cfg = cfg
	s.startScheduler(cfg)
	return nil
}

// Close stops delivery and the rules; queued messages stay in the
// outbox for the next start.
func (s *Service) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopS()
	s.stopNotifier()
	return s.Alerts.Close()
}

// emit is the alert engine's sink: a round's events become one message
// per channel, queued on disk before it returns.
func (s *Service) emit(ctx context.Context, events []alert.Event) {
	s.mu.Lock()
	n, cfg := s.notifier, s.cfg
	s.mu.Unlock()
	alerts := make([]notifier.Alert, 0, len(events))
	charts := 0
	for _, ev := range events {
		a := ToNotifierAlert(ev, s.Monitor.Store)
		if !a.Resolved && charts < s.opts.MaxCharts && ev.Metric != "" {
			if png, err := report.AlertPNG(s.Monitor.Store, ev.Host, ev.At, AlertChartOptions(cfg, ev)); err == nil {
				a.Chart = png
				charts++
			} else {
				s.log.Warn("alert chart", "host", ev.Host, "err", err)
			}
		}
		alerts = append(alerts, a)
	}
	if _, err := n.Notify(ctx, alerts); err != nil {
		s.log.Error("queue alerts", "err", err, "alerts", len(alerts))
	}
	if s.opts.OnEvents != nil {
		s.opts.OnEvents(events)
	}
}

// AlertChartOptions draws an alert's five minutes: CPU, memory and swap
// with the alert's own series when it is a percentage, else that series
// alone.
func AlertChartOptions(cfg config.Config, ev alert.Event) report.AlertChartOptions {
	o := report.AlertChartOptions{Lang: cfg.Language, Grades: cfg.Grades}
	if entity.IsPercent(ev.Metric) {
		o.Metrics = []entity.Metric{entity.MetricCPU, entity.MetricMem, entity.MetricSwap}
		if !slices.Contains(o.Metrics, ev.Metric) {
			o.Metrics = append(o.Metrics, ev.Metric)
		}
	} else {
		o.Metrics = []entity.Metric{ev.Metric}
	}
	return o
}

// ToNotifierAlert maps an alert event to the notifier's message input,
// with the host's figures at that moment from store.
func ToNotifierAlert(ev alert.Event, store engine.Store) notifier.Alert {
	sev := ev.Severity
	if sev == alert.SeverityNone {
		sev = ev.PrevSeverity
	}
	a := notifier.Alert{Host: ev.Host, Rule: ev.Key, Metric: ev.Metric, Severity: notifier.Warning,
		Resolved: ev.Kind == alert.KindResolved, Value: ev.Value, Threshold: ev.Threshold, Peak: ev.Peak,
		Unit: ev.Unit, Start: ev.Start, At: ev.At, Note: ev.Note}
	if sev == alert.SeverityCritical {
		a.Severity = notifier.Critical
	}
	a.Reminder = ev.Kind == alert.KindRepeat
	if ev.Kind == alert.KindFiring && ev.PrevSeverity != alert.SeverityNone && ev.PrevSeverity != sev {
		a.Was = notifier.Warning
		if ev.PrevSeverity == alert.SeverityCritical {
			a.Was = notifier.Critical
		}
	}
	if ev.Kind == alert.KindFlapping {
		a.Note = joinNote("flapping: held until it settles", a.Note)
	}
	if ev.SilenceEnded != "" {
		a.Note = joinNote("sent now: the silence ended", a.Note)
	}
	for _, p := range ev.TopCPU {
		a.TopCPU = append(a.TopCPU, notifier.Proc{PID: int(p.PID), Name: p.Name, CPU: p.CPUPercent, RSS: p.RSSBytes})
	}
	for _, p := range ev.TopMem {
		a.TopMem = append(a.TopMem, notifier.Proc{PID: int(p.PID), Name: p.Name, CPU: p.CPUPercent, RSS: p.RSSBytes})
	}
	if snap, ok := store.Latest(ev.Host); ok {
		u := &notifier.Usage{CPU: snap.CPU.Percent, Mem: snap.Mem.Percent, Swap: snap.Swap.Percent,
			Disk: math.NaN(), Load: math.NaN()}
		if l, ok := snap.Value(entity.MetricLoadPerCore); ok {
			u.Load = l // none where the system keeps no load average (Windows)
		}
		if d, ok := snap.FullestDisk(); ok {
			u.Disk, u.DiskMount = d.Percent, d.Mount
		}
		a.Usage = u
	}
	return a
}

func joinNote(a, b string) string {
	if b == "" {
		return a
	}
	return a + "; " + b
}

// SendReport builds the report of the configured period now and sends it
// to channels (every channel that takes reports when none are named).
// It returns the outbox IDs of the queued messages.
func (s *Service) SendReport(ctx context.Context, channels ...string) ([]string, error) {
	s.mu.Lock()
	cfg := s.cfg
	s.mu.Unlock()
	opts := ReportOptions(cfg)
	opts.Alerts = alertSource{s.Alerts}
	r, err := report.Build(ctx, s.Monitor.Store, opts)
	if err != nil {
		return nil, err
	}
	pages, err := report.RenderPages(r, ReportImageOptions(cfg))
	if err != nil {
		return nil, err
	}
	return s.sendReport(ctx, r, pages, channels...)
}

func (s *Service) sendReport(ctx context.Context, r *report.Report, pages [][]byte, channels ...string) ([]string, error) {
	nr := ToNotifierReport(r, pages)
	ids, err := s.Notifier().SendReport(ctx, nr, channels...)
	if err != nil {
		return ids, fmt.Errorf("send report: %w", err)
	}
	if len(ids) == 0 {
		return nil, ErrNoReportChannel
	}
	return ids, nil
}

// ErrNoReportChannel is returned when a report has nowhere to go.
var ErrNoReportChannel = errors.New("no channel takes reports: add a chat channel (Settings, or [[channels]] in the configuration)")

// Delivery is what became of one queued message.
type Delivery struct {
	ID, Channel string
	// Delivered: the service accepted it. Dead: it was given up (Err is
	// the service's last word). Neither: still queued (Err, if any, is why
	// the last attempt failed; it will be retried).
	Delivered, Dead bool
	Err             string
}

// WaitDelivered waits until every message of ids is delivered or given up,
// or ctx ends, and says what became of each.
func (s *Service) WaitDelivered(ctx context.Context, ids []string) []Delivery {
	ob := s.Notifier().Outbox
	out := make([]Delivery, len(ids))
	for i, id := range ids {
		out[i].ID = id
	}
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		pending := 0
		for i := range out {
			d := &out[i]
			if d.Delivered || d.Dead {
				continue
			}
			e, err := ob.Find(d.ID)
			switch {
			case errors.Is(err, outbox.ErrNotFound):
				d.Delivered = true
			case err != nil:
				d.Err = err.Error()
				pending++
			default:
				d.Channel, d.Err, d.Dead = e.Channel, e.LastError, e.Dead()
				if !d.Dead {
					pending++
				}
			}
		}
		if pending == 0 {
			return out
		}
		select {
		case <-ctx.Done():
			return out
		case <-tick.C:
		}
	}
}

// ToNotifierReport maps a built report and its images (report.RenderPages,
// first to last) to the notifier's report message.
func ToNotifierReport(r *report.Report, pages [][]byte) notifier.Report {
	nr := notifier.Report{From: r.From, To: r.To}
	if len(pages) > 0 {
		nr.Chart, nr.Pages = pages[0], pages[1:]
	}
	for _, h := range r.Hosts {
		hr := notifier.HostReport{Host: h.Name, CPU: notifier.NaNStat, Mem: notifier.NaNStat,
			Swap: notifier.NaNStat, Disk: notifier.NaNStat, Load: notifier.NaNStat, DiskMount: h.DiskMount, Error: h.Error}
		if h.Stale && hr.Error == "" {
			hr.Error = "no data since " + h.LastSeen.Local().Format("15:04")
		}
		for _, st := range h.Stats {
			v := notifier.Stat{Cur: st.Current, Avg: st.Average, Peak: st.Peak}
			switch st.Metric {
			case entity.MetricCPU:
				hr.CPU = v
			case entity.MetricMem:
				hr.Mem = v
			case entity.MetricSwap:
				hr.Swap = v
			case entity.MetricDiskMax:
				hr.Disk = v
			default: // load: per core, as the notifier shows it
				if h.Cores > 0 {
					v = notifier.Stat{Cur: st.Current / float64(h.Cores), Avg: st.Average / float64(h.Cores), Peak: st.Peak / float64(h.Cores)}
				}
				hr.Load = v
			}
		}
		hr.Procs = procCosts(h)
		nr.Hosts = append(nr.Hosts, hr)
	}
	// One line per incident, from its start to its end (or the period's
	// end: still open), so the text says how long each lasted.
	for _, in := range r.Alerts.Incidents {
		na := notifier.Alert{Host: in.Host, Rule: in.Key, Metric: metricOf(in.Key), Value: in.Peak, Peak: in.Peak,
			Start: in.Start, At: in.End, Resolved: !in.Open, Severity: notifier.Warning}
		if entity.IsPercent(na.Metric) {
			na.Unit = "%"
		}
		if in.Severity == "critical" {
			na.Severity = notifier.Critical
		}
		nr.Alerts = append(nr.Alerts, na)
	}
	return nr
}

// procCosts maps h's count_processes keywords to the message: the count
// range, the fitted cost per process (CPU in percentage points, memory in
// bytes) and the count at the period's CPU and memory peaks.
func procCosts(h report.Host) []notifier.ProcCost {
	var out []notifier.ProcCost
	for _, pc := range h.Procs {
		c := notifier.ProcCost{Keyword: pc.Keyword, Min: pc.Min, Max: pc.Max, AtCPUPeak: -1, AtMemPeak: -1}
		if f, ok := pc.FitOf(entity.MetricCPU); ok {
			c.CPU = &notifier.ProcFit{PerProc: f.PerProc, R2: f.RSquared, Samples: f.Samples}
		}
		if f, ok := pc.FitOf(entity.MetricMem); ok && pc.MemTotal > 0 {
			c.Mem = &notifier.ProcFit{PerProc: pc.PerProcBytes(), R2: f.RSquared, Samples: f.Samples}
		}
		for _, st := range h.Stats {
			if st.PeakAt.IsZero() {
				continue
			}
			n, ok := pc.CountAt(st.PeakAt)
			if !ok {
				continue
			}
			switch st.Metric {
			case entity.MetricCPU:
				c.AtCPUPeak = n
			case entity.MetricMem:
				c.AtMemPeak = n
			}
		}
		out = append(out, c)
	}
	return out
}

// metricOf is the series a rule key watches ("" for conditions such as
// unreachable or a missing process).
func metricOf(key string) string {
	name, _, _ := strings.Cut(key, ":")
	switch name {
	case "unreachable", "key_changed", "process":
		return ""
	}
	return key
}

// alertSource lists a host's alert events of a period for reports.
type alertSource struct{ e *alert.Engine }

func (a alertSource) Alerts(host string, from, to time.Time) []report.Alert {
	var out []report.Alert
	seen := map[string]bool{}
	for _, ev := range a.e.Recent(0) {
		if ev.Host != host || ev.At.Before(from) || ev.At.After(to) || ev.Kind == alert.KindRepeat || ev.Kind == alert.KindAcknowledged ||
			ev.SilenceEnded != "" { // sent late: already listed when it happened
			continue
		}
		seen[ev.ID] = true
		out = append(out, toReportAlert(ev))
	}
	// Alerts still open that fired before the period (or whose firing
	// fell out of Recent): open incidents all the same.
	for _, ev := range a.e.Active() {
		if ev.Host != host || seen[ev.ID] || ev.Start.After(to) {
			continue
		}
		out = append(out, toReportAlert(ev))
	}
	return out
}

func toReportAlert(ev alert.Event) report.Alert {
	sev := string(ev.Severity)
	if ev.Kind == alert.KindResolved {
		sev = "resolved"
	}
	return report.Alert{ID: ev.ID, At: ev.At, Start: ev.Start, Metric: ev.Key, Severity: sev, Value: ev.Value, Peak: ev.Peak, Message: ev.String()}
}

// OutboxDepth is the number of messages waiting in the outbox.
func (s *Service) OutboxDepth() int {
	queued, _, err := s.Notifier().Outbox.List()
	if err != nil {
		return 0
	}
	return len(queued)
}
