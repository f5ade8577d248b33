package prom

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"lookout/entity"

	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"

	"lookout/engine"
)

// Expr returns the PromQL expression of a Lookout metric for the series
// selected by sel (a label matcher such as instance="web:9100"). It covers
// node_exporter's names and lookoutd's own exposition.
func (f *Fleet) Expr(metric entity.Metric, sel string) (string, error) {
	r := "[" + model.Duration(f.opt.RateWindow).String() + "]"
	name, member, _ := strings.Cut(metric, ":")
	q := strconv.Quote(member)
	cpuModes := func(modes, lookoutMode string) string {
		return `100 * sum(rate(node_cpu_seconds_total{mode=~"` + modes + `",` + sel + `}` + r + `)) / count(node_cpu_seconds_total{mode="idle",` + sel + `})` +
			` or max(lookout_cpu_mode_percent{mode="` + lookoutMode + `",` + sel + `})`
	}
	fsIgnore := `fstype!~"` + strings.Join(f.opt.IgnoreFSTypes, "|") + `"`
	fsPct := func(extra string) string {
		m := extra + sel
		return `max by (mountpoint) (lookout_filesystem_used_percent{` + m + `}) or ` +
			`100 * max by (mountpoint) (node_filesystem_size_bytes{` + m + `} - node_filesystem_free_bytes{` + m + `}) / ` +
			`max by (mountpoint) (node_filesystem_size_bytes{` + m + `} - node_filesystem_free_bytes{` + m + `} + node_filesystem_avail_bytes{` + m + `})`
	}
	switch name {
	case "cpu":
		return `100 * (1 - avg(sum by (cpu) (rate(node_cpu_seconds_total{mode=~"idle|iowait",` + sel + `}` + r + `)))) or max(lookout_cpu_usage_percent{` + sel + `})`, nil
	case "cpu_user":
		return cpuModes("user|nice", "user"), nil
	case "cpu_system":
		return cpuModes("system|irq|softirq", "system"), nil
	case "cpu_iowait":
		return cpuModes("iowait", "iowait"), nil
	case "cpu_steal":
		return cpuModes("steal", "steal"), nil
	case "cpu_core":
		return `100 * (1 - sum(rate(node_cpu_seconds_total{cpu=` + q + `,mode=~"idle|iowait",` + sel + `}` + r + `)))` +
			` or max(lookout_cpu_core_usage_percent{cpu=` + q + `,` + sel + `})`, nil
	case "mem":
		return `100 * (1 - max(node_memory_MemAvailable_bytes{` + sel + `}) / max(node_memory_MemTotal_bytes{` + sel + `}))`, nil
	case "swap":
		return `100 * (1 - max(node_memory_SwapFree_bytes{` + sel + `}) / (max(node_memory_SwapTotal_bytes{` + sel + `}) > 0)) or max(lookout_swap_used_percent{` + sel + `})`, nil
	case "load1", "load5", "load15":
		return `max(node_` + name + `{` + sel + `})`, nil
	case "load_per_core":
		return `max(node_load1{` + sel + `}) / (count(node_cpu_seconds_total{mode="idle",` + sel + `}) or max(lookout_cpu_cores{` + sel + `}))`, nil
	case "disk":
		return `max(` + fsPct(`mountpoint=`+q+`,`) + `)`, nil
	case "disk_max":
		return `max(` + fsPct(fsIgnore+`,`) + `)`, nil
	case "disk_read":
		return `sum(rate(node_disk_read_bytes_total{` + sel + `}` + r + `)) or max(lookout_disk_read_bytes_per_second{` + sel + `})`, nil
	case "disk_write":
		return `sum(rate(node_disk_written_bytes_total{` + sel + `}` + r + `)) or max(lookout_disk_written_bytes_per_second{` + sel + `})`, nil
	case "net_rx", "net_tx":
		dir := "receive"
		if name == "net_tx" {
			dir = "transmit"
		}
		dev := `device!="lo"`
		if member != "" {
			dev = `device=` + q
		}
		return `sum(rate(node_network_` + dir + `_bytes_total{` + dev + `,` + sel + `}` + r + `))`, nil
	case "temp_max":
		return `max(node_hwmon_temp_celsius{` + sel + `})`, nil
	case "procs":
		return `max(lookout_processes{` + sel + `})`, nil
	}
	return "", fmt.Errorf("metric %q cannot be read from Prometheus", metric)
}

// Range reads one host's metric from Prometheus with query_range, at a step
// that gives about maxPoints points (Prometheus' own limit is 11 000).
func (f *Fleet) Range(ctx context.Context, host string, metric entity.Metric, from, to time.Time, maxPoints int) ([]entity.Point, error) {
	f.mu.Lock()
	sel, ok := f.sel[host]
	f.mu.Unlock()
	if !ok {
		if _, err := f.refreshOnce(ctx); err != nil {
			return nil, err
		}
		f.mu.Lock()
		sel, ok = f.sel[host]
		f.mu.Unlock()
		if !ok {
			return nil, engine.ErrUnknownHost
		}
	}
	expr, err := f.Expr(metric, sel)
	if err != nil {
		return nil, err
	}
	if maxPoints <= 0 || maxPoints > 11000 {
		maxPoints = 11000
	}
	step := max(to.Sub(from)/time.Duration(maxPoints), time.Second).Round(time.Second)
	val, _, _, err := f.api.QueryRange(ctx, expr, v1.Range{Start: from, End: to, Step: step})
	if err != nil {
		return nil, classify(fmt.Errorf("prometheus %s: %w", redact(f.opt.URL), err))
	}
	mat, ok := val.(model.Matrix)
	if !ok {
		return nil, fmt.Errorf("prometheus %s: query_range returned %s, want a matrix", redact(f.opt.URL), val.Type())
	}
	if len(mat) == 0 {
		return nil, nil
	}
	// Prometheus leaves out the steps without data; a missing step is a gap.
	var pts []entity.Point
	for i, sp := range mat[0].Values {
		t := sp.Timestamp.Time()
		if i > 0 && t.Sub(pts[len(pts)-1].T) > step {
			pts = append(pts, entity.Point{T: pts[len(pts)-1].T.Add(step), V: nan()})
		}
		pts = append(pts, entity.Point{T: t, V: float64(sp.Value)})
	}
	return pts, nil
}
