package history

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"time"

	"lookout/entity"
)

// TimeFormat is how exports write times: RFC 3339 in UTC, with
// milliseconds when there are any — what `lookout chart` reads.
const TimeFormat = "2006-01-02T15:04:05.999Z07:00"

// WriteCSV writes pts as "time,value" rows under that header, the format
// `lookout chart --input` reads. Gaps are left out, or written as NaN rows
// with gaps (for `lookout chart --gaps`).
func WriteCSV(w io.Writer, pts []entity.Point, gaps bool) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"time", "value"}); err != nil {
		return err
	}
	for _, p := range pts {
		v := "NaN"
		if !math.IsNaN(p.V) {
			v = strconv.FormatFloat(p.V, 'g', -1, 64)
		} else if !gaps {
			continue
		}
		if err := cw.Write([]string{p.T.UTC().Format(TimeFormat), v}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Export is the JSON form of an export: one host's series over a span.
type Export struct {
	Host   string         `json:"host"`
	From   time.Time      `json:"from"`
	To     time.Time      `json:"to"`
	Series []ExportSeries `json:"series"`
}

// ExportSeries is one metric's points; a gap is a null value.
type ExportSeries struct {
	Metric entity.Metric `json:"metric"`
	Points []ExportPoint `json:"points"`
}

// ExportPoint is one point of an export.
type ExportPoint struct {
	T time.Time `json:"t"`
	V *float64  `json:"v"`
}

// MarshalJSON writes the time as TimeFormat.
func (p ExportPoint) MarshalJSON() ([]byte, error) {
	type raw struct {
		T string   `json:"t"`
		V *float64 `json:"v"`
	}
	return json.Marshal(raw{p.T.UTC().Format(TimeFormat), p.V})
}

// NewExportSeries converts points, gaps becoming nulls.
func NewExportSeries(m entity.Metric, pts []entity.Point) ExportSeries {
	s := ExportSeries{Metric: m, Points: make([]ExportPoint, len(pts))}
	for i, p := range pts {
		s.Points[i].T = p.T
		if !math.IsNaN(p.V) {
			v := p.V
			s.Points[i].V = &v
		}
	}
	return s
}

// WriteJSON writes e as indented JSON.
func WriteJSON(w io.Writer, e Export) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(e)
}
