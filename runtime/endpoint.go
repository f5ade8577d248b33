package runtime

import (
	"fmt"
	"net/http"
	"sort"

	"lookout/engine/expose"
	"lookout/entity"
)

// The /metrics and /healthz endpoint of the runtime (lookoutd --listen).

func (r *Runtime) registerMetrics() error {
	if err := r.health.Register(r.Registry); err != nil {
		return err
	}
	if err := r.Registry.Register(expose.NewSnapshots(r.snapshots)); err != nil {
		return err
	}
	if r.Service != nil {
		if err := r.Registry.Register(expose.NewAlerts(r.activeAlerts)); err != nil {
			return err
		}
		if err := expose.GaugeFunc(r.Registry, "lookout_outbox_depth", "Messages waiting in the outbox.",
			func() float64 { return float64(r.Service.OutboxDepth()) }); err != nil {
			return err
		}
	}
	if r.History != nil {
		return expose.GaugeFunc(r.Registry, "lookout_history_bytes", "Bytes the history database takes on disk.", func() float64 {
			info, err := r.History.Size()
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
func (r *Runtime) snapshots() []entity.Snapshot {
	var out []entity.Snapshot
	for _, st := range r.Monitor.Sampler.Status() {
		if st.State != entity.StateOK {
			continue
		}
		if s, ok := r.Monitor.Store.Latest(st.Host); ok {
			out = append(out, s)
		}
	}
	return out
}

// healthz answers 200 with one line per host while the daemon runs.
func (r *Runtime) healthz(w http.ResponseWriter, _ *http.Request) {
	st := r.Monitor.Sampler.Status()
	sort.Slice(st, func(i, j int) bool { return st[i].Host < st[j].Host })
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "ok")
	for _, s := range st {
		fmt.Fprintf(w, "%s %s\n", s.Host, s.State)
	}
}

// activeAlerts are the open alerts for lookout_alert_active.
func (r *Runtime) activeAlerts() []expose.ActiveAlert {
	var out []expose.ActiveAlert
	for _, ev := range r.Service.Alerts.Active() {
		out = append(out, expose.ActiveAlert{Host: ev.Host, Rule: ev.Key, Severity: string(ev.Severity)})
	}
	return out
}
