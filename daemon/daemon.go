package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sort"
	"sync"
	"time"

	"lookout/entity"

	"github.com/prometheus/client_golang/prometheus"

	"lookout/config"
	"lookout/engine"
	"lookout/engine/expose"
	"lookout/engine/history"
	"lookout/monitor"
)

// Hooks are where the parts built elsewhere join the daemon. Every field
// is optional.
type Hooks struct {
	// Observe is told of every poll, on the polling goroutine (it must not
	// block): the rules engine's input.
	Observe engine.Observer
	// Start runs once the monitor polls and the endpoint listens; an error
	// stops the daemon.
	Start func(ctx context.Context, d *Daemon) error
	// Reload runs after a new configuration was accepted and put in force.
	Reload func(ctx context.Context, d *Daemon, cfg config.Config) error
	// Stop runs on shutdown after polling stopped and before the history
	// closes, with a context that expires after Options.StopTimeout: flush
	// the outbox, or keep what is queued for the next start.
	Stop func(ctx context.Context, d *Daemon) error
	// OutboxDepth, when set, is exposed as lookout_outbox_depth.
	OutboxDepth func() int
}

// Options configure Run.
type Options struct {
	// ConfigPath is the configuration file (it must exist).
	ConfigPath string
	// Listen is the address of /metrics and /healthz ("" for none), e.g.
	// "127.0.0.1:9109".
	Listen string
	// Reload receives a value for each SIGHUP.
	Reload <-chan os.Signal
	// Log is where the daemon logs (slog.Default if nil).
	Log *slog.Logger
	// StopTimeout bounds the Stop hook and the HTTP shutdown (default 10 s).
	StopTimeout time.Duration
	Hooks       Hooks
	// Listening, when set, is called with the endpoint's address once it
	// listens (tests use it with Listen "127.0.0.1:0").
	Listening func(addr string)
}

// Daemon is the running daemon as the hooks see it.
type Daemon struct {
	// Monitor polls the hosts; Monitor.Store is the store to read.
	Monitor *monitor.Monitor
	// History is the history database (nil when disabled).
	History *history.Store
	// Registry is the /metrics registry: hooks may register their own
	// collectors.
	Registry *prometheus.Registry
	// Mux serves the endpoint: hooks may add handlers.
	Mux *http.ServeMux

	log    *slog.Logger
	health *expose.Health
	mu     sync.Mutex
	cfg    config.Config
}

// Config returns the configuration in force.
func (d *Daemon) Config() config.Config {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cfg
}

// Run runs the daemon until ctx is cancelled (SIGTERM), then stops in
// order: the endpoint, polling, the Stop hook, the history.
func Run(ctx context.Context, opt Options) error {
	log := opt.Log
	if log == nil {
		log = slog.Default()
	}
	if opt.StopTimeout <= 0 {
		opt.StopTimeout = 10 * time.Second
	}
	cfg, err := config.Load(opt.ConfigPath, true)
	if err != nil {
		return err
	}
	for _, w := range config.Warnings(opt.ConfigPath, cfg) {
		log.Warn("config", "warning", w)
	}
	d := &Daemon{log: log, cfg: cfg, Registry: expose.NewRegistry(), Mux: http.NewServeMux(), health: expose.NewHealth()}

	if cfg.History.Enabled {
		d.History, err = history.Open(historyOptions(cfg, log))
		if err != nil {
			return err
		}
		log.Info("history opened", "path", d.History.Path())
	}
	var disk engine.Store
	if d.History != nil {
		disk = d.History
	}
	d.Monitor = monitor.NewWithHistory(cfg, log, disk)
	d.Monitor.Sampler.Observe(d.health.Observe)
	if opt.Hooks.Observe != nil {
		d.Monitor.Sampler.Observe(opt.Hooks.Observe)
	}
	if err := d.registerMetrics(opt.Hooks); err != nil {
		d.closeHistory()
		return err
	}
	d.Mux.Handle("/metrics", expose.Handler(d.Registry))
	d.Mux.HandleFunc("/healthz", d.healthz)

	var srv *http.Server
	if opt.Listen != "" {
		l, err := net.Listen("tcp", opt.Listen)
		if err != nil {
			d.closeHistory()
			return fmt.Errorf("listen: %w", err)
		}
		srv = &http.Server{Handler: d.Mux, ReadHeaderTimeout: 10 * time.Second}
		go func() {
			if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error("http endpoint", "err", err)
			}
		}()
		log.Info("serving /metrics and /healthz", "addr", l.Addr().String())
		if opt.Listening != nil {
			opt.Listening(l.Addr().String())
		}
	}

	if err := d.Monitor.Start(ctx); err != nil {
		d.stop(srv, opt)
		return err
	}
	log.Info("lookoutd running", "hosts", len(cfg.HostsOrLocal()), "config", opt.ConfigPath)
	if opt.Hooks.Start != nil {
		if err := opt.Hooks.Start(ctx, d); err != nil {
			d.stop(srv, opt)
			return fmt.Errorf("start: %w", err)
		}
	}

	prune := time.NewTicker(10 * time.Minute)
	defer prune.Stop()
	for {
		select {
		case <-ctx.Done():
			log.Info("stopping", "reason", context.Cause(ctx))
			return d.stop(srv, opt)
		case <-opt.Reload:
			d.reload(ctx, opt)
		case <-prune.C:
			if d.History != nil {
				if err := d.History.Prune(ctx); err != nil {
					log.Error("history prune", "err", err)
				}
			}
		}
	}
}

// reload reads the configuration again and puts it in force; a file that
// does not load is reported with every error and the running one is kept.
func (d *Daemon) reload(ctx context.Context, opt Options) {
	log := d.log
	log.Info("reloading configuration", "config", opt.ConfigPath)
	cfg, err := config.Load(opt.ConfigPath, true)
	if err != nil {
		var es config.Errors
		if errors.As(err, &es) {
			for _, e := range es {
				log.Error("config error", "file", e.File, "line", e.Line, "key", e.Key, "err", e.Msg)
			}
		} else {
			log.Error("config error", "err", err)
		}
		log.Error("new configuration rejected; the running one is kept", "config", opt.ConfigPath)
		return
	}
	if err := d.Monitor.Reload(ctx, cfg); err != nil {
		log.Error("new configuration rejected; the running one is kept", "err", err)
		return
	}
	old := d.Config()
	d.mu.Lock()
	d.cfg = cfg
	d.mu.Unlock()
	if old.History != cfg.History {
		log.Warn("history settings change at the next start", "section", "history")
	}
	keep := map[string]bool{}
	for _, h := range d.Monitor.Hosts() {
		keep[h] = true
	}
	d.health.Forget(keep)
	log.Info("configuration reloaded", "hosts", len(cfg.HostsOrLocal()))
	if opt.Hooks.Reload != nil {
		if err := opt.Hooks.Reload(ctx, d, cfg); err != nil {
			log.Error("reload hook", "err", err)
		}
	}
}

func (d *Daemon) stop(srv *http.Server, opt Options) error {
	sctx, cancel := context.WithTimeout(context.Background(), opt.StopTimeout)
	defer cancel()
	var errs []error
	if srv != nil {
		errs = append(errs, srv.Shutdown(sctx))
	}
	d.Monitor.Stop()
	if opt.Hooks.Stop != nil {
		if err := opt.Hooks.Stop(sctx, d); err != nil {
			errs = append(errs, fmt.Errorf("stop hook: %w", err))
		}
	}
	errs = append(errs, d.closeHistory())
	err := errors.Join(errs...)
	if err != nil {
		d.log.Error("stopped with errors", "err", err)
	} else {
		d.log.Info("stopped")
	}
	return err
}

func (d *Daemon) closeHistory() error {
	if d.History == nil {
		return nil
	}
	return d.History.Close()
}

// historyOptions maps [history] onto the store. An empty dir under systemd
// is the unit's StateDirectory ($STATE_DIRECTORY), else history's default.
func historyOptions(cfg config.Config, log *slog.Logger) history.Options {
	return monitor.HistoryOptions(cfg, log)
}

func (d *Daemon) registerMetrics(h Hooks) error {
	if err := d.health.Register(d.Registry); err != nil {
		return err
	}
	if err := d.Registry.Register(expose.NewSnapshots(d.snapshots)); err != nil {
		return err
	}
	if h.OutboxDepth != nil {
		if err := expose.GaugeFunc(d.Registry, "lookout_outbox_depth", "Messages waiting in the outbox.",
			func() float64 { return float64(h.OutboxDepth()) }); err != nil {
			return err
		}
	}
	if d.History != nil {
		return expose.GaugeFunc(d.Registry, "lookout_history_bytes", "Bytes the history database takes on disk.", func() float64 {
			info, err := d.History.Size()
			if err != nil {
				return 0
			}
			return float64(info.File)
		})
	}
	return nil
}

// snapshots are the newest snapshots of the hosts whose last poll
// succeeded: a host that stopped answering is not exposed with stale
// figures (lookout_host_up says it is down).
func (d *Daemon) snapshots() []entity.Snapshot {
	var out []entity.Snapshot
	for _, st := range d.Monitor.Sampler.Status() {
		if st.State != entity.StateOK {
			continue
		}
		if s, ok := d.Monitor.Store.Latest(st.Host); ok {
			out = append(out, s)
		}
	}
	return out
}

// healthz answers 200 with one line per host while the daemon runs.
func (d *Daemon) healthz(w http.ResponseWriter, _ *http.Request) {
	st := d.Monitor.Sampler.Status()
	sort.Slice(st, func(i, j int) bool { return st[i].Host < st[j].Host })
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "ok")
	for _, s := range st {
		fmt.Fprintf(w, "%s %s\n", s.Host, s.State)
	}
}
