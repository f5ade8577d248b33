package expose

import (
	"net/http"
	"sync"

	"lookout/entity"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Health is Lookout's own state as metrics: how long polls take, how many
// fail and why, each host's polling state, and the depth of the message
// outbox. Its Observe method is an engine.Observer.
type Health struct {
	pollDuration *prometheus.HistogramVec
	polls        *prometheus.CounterVec
	pollErrors   *prometheus.CounterVec
	up           *prometheus.GaugeVec

	mu     sync.Mutex
	states map[string]entity.HostState
}

// NewHealth returns the health metrics, not yet registered.
func NewHealth() *Health {
	return &Health{
		pollDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "lookout_poll_duration_seconds",
			Help:    "How long polling a host took.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"host"}),
		polls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lookout_polls_total", Help: "Polls of a host.",
		}, []string{"host"}),
		pollErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lookout_poll_errors_total", Help: "Failed polls of a host, by kind of error.",
		}, []string{"host", "kind"}),
		up: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "lookout_host_up", Help: "1 when the host's last poll succeeded, 0 otherwise.",
		}, []string{"host"}),
		states: map[string]entity.HostState{},
	}
}

// Observe records one poll's outcome; pass it to engine.Sampler.Observe.
func (h *Health) Observe(st entity.HostStatus, _ entity.Snapshot, ok bool) {
	h.polls.WithLabelValues(st.Host).Inc()
	h.pollDuration.WithLabelValues(st.Host).Observe(st.Duration.Seconds())
	up := 0.0
	if ok {
		up = 1
	} else {
		kind := string(st.ErrorKind)
		if kind == "" {
			kind = "unknown"
		}
		h.pollErrors.WithLabelValues(st.Host, kind).Inc()
	}
	h.up.WithLabelValues(st.Host).Set(up)
	h.mu.Lock()
	h.states[st.Host] = st.State
	h.mu.Unlock()
}

// Forget drops the series of hosts no longer watched (after a reload).
func (h *Health) Forget(keep map[string]bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for host := range h.states {
		if !keep[host] {
			delete(h.states, host)
			h.up.DeleteLabelValues(host)
			h.polls.DeleteLabelValues(host)
			h.pollDuration.DeleteLabelValues(host)
			h.pollErrors.DeletePartialMatch(prometheus.Labels{"host": host})
		}
	}
}

// Register adds the health metrics to reg.
func (h *Health) Register(reg prometheus.Registerer) error {
	for _, c := range []prometheus.Collector{h.pollDuration, h.polls, h.pollErrors, h.up} {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// GaugeFunc registers a gauge read from f at every scrape: the daemon uses
// it for lookout_outbox_depth and lookout_history_bytes.
func GaugeFunc(reg prometheus.Registerer, name, help string, f func() float64) error {
	return reg.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f))
}

// NewRegistry returns a registry with the Go runtime and process
// collectors, as every Prometheus exporter has.
func NewRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// Handler serves reg at /metrics with content negotiation and gzip.
func Handler(reg *prometheus.Registry) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg, ErrorHandling: promhttp.ContinueOnError})
}
