package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"lookout/entity"

	"lookout/config"
	"lookout/engine"
	"lookout/internal/human"
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
		h, err := pickHost(cfg, *hostName)
		if err != nil {
			return err
		}
		col, err := runtime.NewCollector(cfg, h)
		if err != nil {
			return err
		}
		snap, err := snapshotTwice(ctx, col, cfg.HostTimeout(h))
		if err != nil {
			return fmt.Errorf("host %s: %w", h.Name, err)
		}
		if *asJSON {
			enc := json.NewEncoder(env.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(snap)
		}
		return WriteTable(env.Stdout, snap)
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

// WriteTable prints a snapshot for people.
func WriteTable(w io.Writer, s entity.Snapshot) error {
	// Process names and mount points come from the host: no raw control
	// sequence reaches the terminal.
	tw := tabwriter.NewWriter(termsafe.Writer{W: w}, 0, 4, 2, ' ', 0)
	p := func(format string, a ...any) { fmt.Fprintf(tw, format+"\n", a...) }
	p("host\t%s\t%s", s.Host, s.Time.Local().Format(time.RFC3339))
	p("uptime\t%s", human.Duration(time.Duration(s.UptimeS*float64(time.Second))))
	p("cpu\t%s\tuser %.1f  system %.1f  iowait %.1f  steal %.1f\t%d cores  %s",
		human.Percent(s.CPU.Percent), s.CPU.User, s.CPU.System, s.CPU.IOWait, s.CPU.Steal, s.CPU.Cores, s.CPU.Model)
	var cores []string
	for i, c := range s.CPU.PerCore {
		cores = append(cores, fmt.Sprintf("%d:%.0f", i, c))
	}
	p("per core\t%s", strings.Join(cores, " "))
	p("load\t%.2f %.2f %.2f\t%.2f per core", s.Load.Load1, s.Load.Load5, s.Load.Load15, s.LoadPerCore())
	p("memory\t%s\t%s of %s used, %s available, %s buffers/cache", human.Percent(s.Mem.Percent),
		human.Bytes(float64(s.Mem.UsedBytes)), human.Bytes(float64(s.Mem.TotalBytes)),
		human.Bytes(float64(s.Mem.AvailableBytes)), human.Bytes(float64(s.Mem.BuffersCacheBytes)))
	p("swap\t%s\t%s of %s", human.Percent(s.Swap.Percent), human.Bytes(float64(s.Swap.UsedBytes)), human.Bytes(float64(s.Swap.TotalBytes)))
	for _, d := range s.Disks {
		p("disk %s\t%s\t%s of %s\t%s %s", d.Mount, human.Percent(d.Percent), human.Bytes(float64(d.UsedBytes)),
			human.Bytes(float64(d.TotalBytes)), d.FSType, d.Device)
	}
	p("disk i/o\tread %s\twrite %s", human.Rate(s.DiskIO.ReadBytesPerS), human.Rate(s.DiskIO.WriteBytesPerS))
	for _, n := range s.Net {
		p("net %s\trx %s\ttx %s", n.Iface, human.Rate(n.RxBytesPerS), human.Rate(n.TxBytesPerS))
	}
	for _, t := range s.Temps {
		p("temp %s\t%.1f °C", t.Sensor, t.Celsius)
	}
	p("processes\t%d", s.Procs.Total)
	for _, pr := range s.Procs.TopCPU {
		p("  top cpu\t%.1f %%\t%s (%d)\t%s", pr.CPUPercent, pr.Name, pr.PID, human.Bytes(float64(pr.RSSBytes)))
	}
	for _, pr := range s.Procs.TopMem {
		p("  top mem\t%s\t%s (%d)\t%.1f %%", human.Bytes(float64(pr.RSSBytes)), pr.Name, pr.PID, pr.CPUPercent)
	}
	for _, k := range sortedKeys(s.Procs.Counts) {
		p("  count %s\t%d", k, s.Procs.Counts[k])
	}
	if len(s.Procs.Missing) > 0 {
		p("  missing\t%s", strings.Join(s.Procs.Missing, ", "))
	}
	for _, part := range s.ErrorParts() {
		p("error %s\t%s", part, s.Errors[part])
	}
	return tw.Flush()
}
