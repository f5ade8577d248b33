package app

import (
	"io"
	"time"

	"lookout/engine/report"
	"lookout/internal/i18n"
)

// writeReport prints the text of `lookout report` in lang
// (report.WriteText): the period as a person writes it ("6 h", "1 day"),
// each figure by its human name, the process counts at each peak and the
// fitted cost per process, and every phrase translated. Times are written
// in loc (the local zone when nil).
func writeReport(w io.Writer, r *report.Report, loc *time.Location, lang i18n.Lang) error {
	return report.WriteText(w, r, loc, lang)
}
