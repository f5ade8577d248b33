package monitor

import (
	"time"

	"lookout/config"
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
