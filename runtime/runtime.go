package runtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"lookout/config"
	"lookout/engine"
	"lookout/engine/alert"
	"lookout/engine/expose"
	"lookout/engine/history"
	"lookout/internal/paths"
	"lookout/notifier"
)

// Options say what differs between the front ends. Every field is
// optional.
type Options struct {
	// ConfigPath is the configuration file; "" is paths' default
	// ($LOOKOUT_CONFIG, else the config directory's config.toml).
	ConfigPath string
	// Config, when set, is the configuration to run, already loaded from
	// ConfigPath (the window loads it first to show its errors, and runs
	// on the defaults when it has some). When nil, Open loads ConfigPath
	// and a file that does not load is an error.
	Config *config.Config
	// Dirs are the directories to use; the zero value is paths.Resolve().
	Dirs *paths.Dirs
	// Tolerant keeps Lookout watching when a part cannot start: the
	// history, or the alerts and channels (another Lookout holds this
	// state directory). The window runs tolerant and shows Problems;
	// lookoutd does not, and exits with the error.
	Tolerant bool
	// Desktop shows a desktop notification (the window's; nil in lookoutd).
	Desktop func(title, body string)
	// OnStatus is told of every channel's delivery state.
	OnStatus func(channel string, s notifier.Status)
	// OnEvents is told of every round's alert events after they were queued.
	OnEvents func([]alert.Event)
	// Observe is told of every poll on the polling goroutine, after the
	// sample was stored (it must not block).
	Observe engine.Observer
	// Listen is the address of /metrics and /healthz ("" for none), e.g.
	// "127.0.0.1:9109"; Listening is told the address once it listens.
	Listen    string
	Listening func(addr string)
	// StopTimeout bounds the HTTP shutdown and the channels' stop
	// (default 10 s).
	StopTimeout time.Duration
	Log         *slog.Logger
}

// Runtime is one running Lookout: the window's and lookoutd's are the same.
type Runtime struct {
	// Monitor polls the hosts; Monitor.Store is what views, rules and
	// reports read.
	Monitor *Monitor
	// Service runs the rules, the channels and the reports (nil when it
	// could not start in a tolerant runtime: see Problems).
	Service *Service
	// History is the history database (nil when off or not opened).
	History *history.Store
	// Registry and Mux serve /metrics and /healthz.
	Registry *prometheus.Registry
	Mux      *http.ServeMux
	// Dirs are the directories in use.
	Dirs paths.Dirs

	log      *slog.Logger
	opts     Options
	health   *expose.Health
	path     string
	srv      *http.Server
	release  func() // the state directory's claim
	problems []error

	mu  sync.Mutex
	cfg config.Config

	closeOnce sync.Once
	closeErr  error
}

// Open loads the configuration (unless given), claims the state
// directory, opens the history, starts the rules, the channels, the
// scheduled reports and the /metrics endpoint, and starts polling.
// Stop it with Close.
func Open(ctx context.Context, o Options) (*Runtime, error) {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.StopTimeout <= 0 {
		o.StopTimeout = 10 * time.Second
	}
	var dirs paths.Dirs
	if o.Dirs != nil {
		dirs = *o.Dirs
	} else {
		d, err := paths.Resolve()
		if err != nil {
			return nil, err
		}
		dirs = d
	}
	path := o.ConfigPath
	if path == "" {
		path = dirs.ConfigFile
	}
	var cfg config.Config
	if o.Config != nil {
		cfg = *o.Config
	} else {
		c, err := config.Load(path, true)
		if err != nil {
			return nil, err
		}
		cfg = c
		for _, w := range config.Warnings(path, cfg) {
			o.Log.Warn("config", "warning", w)
		}
	}
	r := &Runtime{Dirs: dirs, log: o.Log, opts: o, path: path, cfg: cfg, health: expose.NewHealth(),
		Registry: expose.NewRegistry(), Mux: http.NewServeMux()}

	release, claimErr := ClaimState(dirs.State, path)
	if claimErr != nil {
		if !o.Tolerant {
			return nil, claimErr
		}
		r.problem(claimErr)
	}
	r.release = release

	if cfg.History.Enabled && claimErr == nil {
		h, err := history.Open(HistoryOptions(cfg, dirs, o.Log))
		switch {
		case err != nil && !o.Tolerant:
			r.releaseState()
			return nil, err
		case err != nil:
			r.problem(fmt.Errorf("history on disk is off: %w", err))
		default:
			r.History = h
			o.Log.Info("history opened", "path", h.Path())
		}
	}
	var disk engine.Store
	if r.History != nil {
		disk = r.History
	}
	r.Monitor = NewWithHistory(cfg, o.Log, disk)
	r.Monitor.Sampler.Observe(r.health.Observe)
	if o.Observe != nil {
		r.Monitor.Sampler.Observe(o.Observe)
	}

	if claimErr == nil {
		svc, err := StartService(ctx, r.Monitor, cfg, ServiceOptions{StateDir: dirs.State, OutboxDir: dirs.Outbox(),
			Desktop: o.Desktop, OnStatus: o.OnStatus, OnEvents: o.OnEvents, Log: o.Log})
		switch {
		case err != nil && !o.Tolerant:
			r.closeParts()
			return nil, err
		case err != nil:
			r.problem(fmt.Errorf("alerts and channels are off: %w", err))
		default:
			r.Service = svc
		}
	}

	if err := r.registerMetrics(); err != nil {
		r.closeParts()
		return nil, err
	}
	r.Mux.Handle("/metrics", expose.Handler(r.Registry))
	r.Mux.HandleFunc("/healthz", r.healthz)
	if o.Listen != "" {
		if err := r.listen(o.Listen); err != nil {
			r.closeParts()
			return nil, err
		}
	}
	if err := r.Monitor.Start(ctx); err != nil {
		r.closeParts()
		return nil, err
	}
	o.Log.Info("lookout running", "hosts", len(cfg.HostsOrLocal()), "config", path, "state", dirs.State)
	return r, nil
}

func (r *Runtime) problem(err error) {
	r.log.Error("lookout runs without a part", "err", err)
	r.problems = append(r.problems, err)
}

// Problems are the parts a tolerant runtime runs without, and why.
func (r *Runtime) Problems() []error { return append([]error(nil), r.problems...) }

// ConfigPath is the configuration file the runtime reads and saves.
func (r *Runtime) ConfigPath() string { return r.path }

// Config returns the configuration in force.
func (r *Runtime) Config() config.Config {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cfg
}

// Run keeps the runtime until ctx ends: it reloads the configuration file
// on each value of reload (SIGHUP) and prunes the history every ten
// minutes. It closes the runtime before it returns.
func (r *Runtime) Run(ctx context.Context, reload <-chan os.Signal) error {
	prune := time.NewTicker(10 * time.Minute)
	defer prune.Stop()
	for {
		select {
		case <-ctx.Done():
			r.log.Info("stopping", "reason", context.Cause(ctx))
			return r.Close()
		case <-reload:
			if err := r.ReloadFile(ctx); err != nil {
				r.log.Error("new configuration rejected; the running one is kept", "config", r.path, "err", err)
			}
		case <-prune.C:
			if r.History != nil {
				if err := r.History.Prune(ctx); err != nil {
					r.log.Error("history prune", "err", err)
				}
			}
		}
	}
}

// ReloadFile reads the configuration file again and puts it in force; a
// file that does not load is reported with every error and the running
// configuration is kept.
func (r *Runtime) ReloadFile(ctx context.Context) error {
	r.log.Info("reloading configuration", "config", r.path)
	cfg, err := config.Load(r.path, true)
	if err != nil {
		var es config.Errors
		if errors.As(err, &es) {
			for _, e := range es {
				r.log.Error("config error", "file", e.File, "line", e.Line, "key", e.Key, "err", e.Msg)
			}
		}
		return err
	}
	for _, w := range config.Warnings(r.path, cfg) {
		r.log.Warn("config", "warning", w)
	}
	return r.Reload(ctx, cfg)
}

// ErrChannelsKept wraps the error of channels that did not restart on a
// reload: the rest of the configuration is in force, the channels keep
// their old settings.
var ErrChannelsKept = errors.New("the channels kept their old settings")

// Reload puts cfg in force without a restart: polling, rules, channels
// and reports. Alerts that still hold stay open (no resolved-then-firing
// pair). A configuration whose hosts cannot be built is refused and the
// running one kept; when only the channels fail, everything else is
// applied and the error wraps ErrChannelsKept.
func (r *Runtime) Reload(ctx context.Context, cfg config.Config) error {
	if err := r.Monitor.Reload(ctx, cfg); err != nil {
		return err
	}
	r.mu.Lock()
	old := r.cfg
	r.cfg = cfg
	r.mu.Unlock()
	if old.History != cfg.History {
		r.log.Warn("history settings change at the next start", "section", "history")
	}
	keep := map[string]bool{}
	for _, h := range r.Monitor.Hosts() {
		keep[h] = true
	}
	r.health.Forget(keep)
	r.log.Info("configuration reloaded", "hosts", len(cfg.HostsOrLocal()))
	if r.Service != nil {
		if err := r.Service.Reload(cfg); err != nil {
			r.log.Error("channels not reloaded", "err", err)
			return fmt.Errorf("%w: %w", ErrChannelsKept, err)
		}
	}
	return nil
}

// Save writes cfg to the configuration file (keeping its comments) and
// puts it in force. A configuration whose hosts cannot be built is
// neither written nor applied. It does network-free work only, but it
// waits for the polls in flight to stop: call it off the UI goroutine.
func (r *Runtime) Save(ctx context.Context, cfg config.Config) error {
	if _, err := Targets(cfg); err != nil {
		return err
	}
	if err := config.Save(r.path, cfg); err != nil {
		return err
	}
	return r.Reload(ctx, cfg)
}

// Close stops in order: the endpoint, polling, the rules, channels and
// reports (what is queued stays in the outbox for the next start), the
// history, and the claim on the state directory. It may be called more
// than once.
func (r *Runtime) Close() error {
	r.closeOnce.Do(func() {
		r.closeErr = r.closeParts()
		if r.closeErr != nil {
			r.log.Error("stopped with errors", "err", r.closeErr)
		} else {
			r.log.Info("stopped")
		}
	})
	return r.closeErr
}

func (r *Runtime) closeParts() error {
	var errs []error
	if r.srv != nil {
		sctx, cancel := context.WithTimeout(context.Background(), r.opts.StopTimeout)
		errs = append(errs, r.srv.Shutdown(sctx))
		cancel()
	}
	if r.Monitor != nil {
		r.Monitor.Stop()
	}
	if r.Service != nil {
		errs = append(errs, r.Service.Close())
	}
	if r.History != nil {
		errs = append(errs, r.History.Close())
	}
	r.releaseState()
	return errors.Join(errs...)
}

func (r *Runtime) releaseState() {
	if r.release != nil {
		r.release()
		r.release = nil
	}
}

func (r *Runtime) listen(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	r.srv = &http.Server{Handler: r.Mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := r.srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			r.log.Error("http endpoint", "err", err)
		}
	}()
	r.log.Info("serving /metrics and /healthz", "addr", l.Addr().String())
	if r.opts.Listening != nil {
		r.opts.Listening(l.Addr().String())
	}
	return nil
}
