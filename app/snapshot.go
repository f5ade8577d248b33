package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"lookout/entity"

	"lookout/config"
	"lookout/engine"
	"lookout/internal/human"
	"lookout/internal/i18n"
	"lookout/internal/termsafe"
	"lookout/runtime"
)

// cpuGap is the time between the two reads a snapshot needs for CPU and
// rates.
const cpuGap = 250 * time.Millisecond

func init() {
	c := command{name: "snapshot", usage: "[--json] [--host NAME]",
		summary: "collect one snapshot of a host and print it (a table, or JSON)"}
	c.run = func(ctx context.Context, env *Env, args []string) error {
		fs := newFlags(env, c)
		asJSON := fs.Bool("json", false, "print Lookout's JSON wire format")
		hostName := fs.String("host", "", "host `NAME` from the configuration (default: this machine)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		cfg, _, err := env.LoadConfig()
		if err != nil {
			return err
		}
		col, name, timeout, err := snapshotCollector(cfg, *hostName)
		if err != nil {
			return err
		}
		if cl, ok := col.(io.Closer); ok {
			defer cl.Close()
		}
		snap, err := snapshotTwice(ctx, col, timeout)
		if err != nil {
			return fmt.Errorf("host %s: %w", name, err)
		}
		if *asJSON {
			enc := json.NewEncoder(env.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(snap)
		}
		return WriteTable(env.Stdout, snap, i18n.Lang(cfg.Language))
	}
	register(c)
}

// pickHost finds a host by name; "" means the local machine, or the first
// host when none is local.
func pickHost(cfg config.Config, name string) (config.Host, error) {
	hosts := cfg.HostsOrLocal()
	var names []string
	for _, h := range hosts {
		if h.Name == name || (name == "" && h.Local) {
			return h, nil
		}
		names = append(names, h.Name)
	}
	if name == "" {
		name, _ := os.Hostname()
		return config.Host{Name: name, Local: true}, nil
	}
	return config.Host{}, fmt.Errorf("no host %q in the configuration (hosts: %s)", name, strings.Join(names, ", "))
}

// snapshotCollector finds the collector of the host named name, its name
// and deadline: a configured host, or else an instance of a Prometheus
// fleet (promql), as lookout hosts lists them.
func snapshotCollector(cfg config.Config, name string) (engine.Collector, string, time.Duration, error) {
	h, err := pickHost(cfg, name)
	if err == nil {
		col, err := runtime.NewCollector(cfg, h)
		return col, h.Name, cfg.HostTimeout(h), err
	}
	for _, f := range cfg.Hosts {
		if f.PromQL == "" {
			continue
		}
		for _, t := range runtime.FleetTargets(cfg, f, slog.New(slog.DiscardHandler)) {
			if t.Name == name && t.Name != f.Name {
				return t.Collector, t.Name, t.Timeout, nil
			}
		}
	}
	return nil, "", 0, err
}

// snapshotTwice reads twice, cpuGap apart, so that CPU percentages and
// rates have a delta. Each read has its own deadline.
func snapshotTwice(ctx context.Context, col engine.Collector, timeout time.Duration) (entity.Snapshot, error) {
	read := func() (entity.Snapshot, error) {
		c, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		return col.Collect(c)
	}
	if _, err := read(); err != nil {
		return entity.Snapshot{}, err
	}
	select {
	case <-ctx.Done():
		return entity.Snapshot{}, ctx.Err()
	case <-time.After(cpuGap):
	}
	return read()
}

// WriteTable prints a snapshot for people in lang: each row named as the
// window names it ("CPU", "Memory", "Disk /data", "Process nginx
// missing"), the uptime as a person writes it ("3 days 2 h").
func WriteTable(w io.Writer, s entity.Snapshot, lang i18n.Lang) error {
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	name := func(key string) string { return i18n.RuleName(lang, key) }
	// Process names and mount points come from the host: no raw control
	// sequence reaches the terminal.
	tw := tabwriter.NewWriter(termsafe.Writer{W: w}, 0, 4, 2, ' ', 0)
	p := func(format string, a ...any) { fmt.Fprintf(tw, format+"\n", a...) }
	p("%s\t%s\t%s", t("Host"), s.Host, s.Time.Local().Format(time.RFC3339))
	p("%s\t%s", t("Uptime"), i18n.Duration(lang, time.Duration(s.UptimeS*float64(time.Second))))
	p("%s\t%s\t%s\t%s  %s", name(entity.MetricCPU), human.Percent(s.CPU.Percent),
		t("user %.1f  system %.1f  iowait %.1f  steal %.1f", s.CPU.User, s.CPU.System, s.CPU.IOWait, s.CPU.Steal),
		t("%d cores", s.CPU.Cores), s.CPU.Model)
	var cores []string
	for i, c := range s.CPU.PerCore {
		cores = append(cores, fmt.Sprintf("%d:%.0f", i, c))
	}
	p("%s\t%s", t("Per core"), strings.Join(cores, " "))
	if s.Load.Absent {
		p("%s\t–\t%s", name(entity.MetricLoad1), t("no load average on this system"))
	} else {
		p("%s\t%.2f %.2f %.2f\t%s %.2f", name(entity.MetricLoad1), s.Load.Load1, s.Load.Load5, s.Load.Load15,
			name(entity.MetricLoadPerCore), s.LoadPerCore())
	}
	p("%s\t%s\t%s", name(entity.MetricMem), human.Percent(s.Mem.Percent),
		t("%s of %s used, %s available, %s buffers/cache", human.Bytes(float64(s.Mem.UsedBytes)), human.Bytes(float64(s.Mem.TotalBytes)),
			human.Bytes(float64(s.Mem.AvailableBytes)), human.Bytes(float64(s.Mem.BuffersCacheBytes))))
	p("%s\t%s\t%s", name(entity.MetricSwap), human.Percent(s.Swap.Percent),
		t("%s of %s", human.Bytes(float64(s.Swap.UsedBytes)), human.Bytes(float64(s.Swap.TotalBytes))))
	for _, d := range s.Disks {
		p("%s\t%s\t%s\t%s %s", name("disk:"+d.Mount), human.Percent(d.Percent),
			t("%s of %s", human.Bytes(float64(d.UsedBytes)), human.Bytes(float64(d.TotalBytes))), d.FSType, d.Device)
	}
	p("%s\t%s %s\t%s %s", t("Disk I/O"), name(entity.MetricDiskRead), human.Rate(s.DiskIO.ReadBytesPerS),
		name(entity.MetricDiskWrite), human.Rate(s.DiskIO.WriteBytesPerS))
	for _, n := range s.Net {
		p("%s %s\t%s %s\t%s %s", t("Network"), n.Iface, t("in"), human.Rate(n.RxBytesPerS), t("out"), human.Rate(n.TxBytesPerS))
	}
	for _, tp := range s.Temps {
		p("%s %s\t%.1f °C", name("temp"), tp.Sensor, tp.Celsius)
	}
	p("%s\t%d", name("procs"), s.Procs.Total)
	for _, pr := range s.Procs.TopCPU {
		p("  %s\t%.1f %%\t%s (%d)\t%s", t("top CPU"), pr.CPUPercent, pr.Name, pr.PID, human.Bytes(float64(pr.RSSBytes)))
	}
	for _, pr := range s.Procs.TopMem {
		p("  %s\t%s\t%s (%d)\t%.1f %%", t("top memory"), human.Bytes(float64(pr.RSSBytes)), pr.Name, pr.PID, pr.CPUPercent)
	}
	for _, k := range sortedKeys(s.Procs.Counts) {
		p("  %s\t%d", t("count %s", k), s.Procs.Counts[k])
	}
	for _, m := range s.Procs.Missing {
		p("  %s", name("process:"+m))
	}
	for _, part := range s.ErrorParts() {
		p("%s\t%s", t("error %s", part), s.Errors[part])
	}
	return tw.Flush()
}
