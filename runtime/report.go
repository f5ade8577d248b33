package runtime

import (
	"context"
	"log/slog"
	"time"

	"lookout/config"
	"lookout/engine"
	"lookout/engine/report"
)

// ReportOptions are the report settings of cfg: period, hosts, grades.
func ReportOptions(cfg config.Config) report.Options {
	return report.Options{Period: time.Duration(cfg.Report.Period), Hosts: cfg.Report.Hosts, Grades: cfg.Grades}
}

// ReportImageOptions are the report image settings of cfg: language and
// the metrics charted per host.
func ReportImageOptions(cfg config.Config) report.ImageOptions {
	return report.ImageOptions{Lang: cfg.Language, Charts: append([]string(nil), cfg.Report.Charts...)}
}

// ReportSchedule is when scheduled reports go out, from cfg's [report]
// every and at (validated by config, so bad times cannot occur here).
func ReportSchedule(cfg config.Config) report.Schedule {
	s := report.Schedule{Every: time.Duration(cfg.Report.Every)}
	for _, at := range cfg.Report.At {
		if t, err := report.ParseTimeOfDay(at); err == nil {
			s.At = append(s.At, t)
		}
	}
	s.At = report.SortTimes(s.At)
	return s
}

// ReportSendFunc delivers a report and its images (one PNG per page, see
// report.RenderPages) to channels (every channel when channels is empty).
// The notifier provides it.
type ReportSendFunc func(ctx context.Context, r *report.Report, pages [][]byte, channels []string) error

// ReportScheduler returns the scheduler of cfg's periodic reports: at each
// slot it builds the report of the period ending then from store (with
// the period's alerts from alerts, which may be nil), draws its pages and
// hands them to send with [report] channels. Run it with `go s.Run(ctx)`;
// it returns at once when no schedule is configured.
func ReportScheduler(cfg config.Config, store engine.Store, alerts report.AlertSource, send ReportSendFunc, log *slog.Logger) *report.Scheduler {
	return &report.Scheduler{
		Schedule: ReportSchedule(cfg),
		Log:      log,
		Fire: func(ctx context.Context, at time.Time) error {
			opts := ReportOptions(cfg)
			opts.Now = at
			opts.Alerts = alerts
			r, err := report.Build(ctx, store, opts)
			if err != nil {
				return err
			}
			pages, err := report.RenderPages(r, ReportImageOptions(cfg))
			if err != nil {
				return err
			}
			return send(ctx, r, pages, cfg.Report.Channels)
		},
	}
}
