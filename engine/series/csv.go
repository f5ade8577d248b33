package series

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"lookout/entity"
)

// Options choose the fixes ReadCSV may apply instead of failing.
type Options struct {
	// Sort puts rows in time order instead of rejecting a row older than
	// the one before it.
	Sort bool
	// Dedupe keeps the last of several rows with the same time instead of
	// rejecting the repeats.
	Dedupe bool
	// Gaps reads "NaN" or an empty value as a gap (drawn as a break)
	// instead of rejecting it.
	Gaps bool
}

// LineError is a problem with one row.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Errors is every problem found, in line order (at most MaxErrors).
type Errors []*LineError

// MaxErrors is how many problems ReadCSV reports before it stops.
const MaxErrors = 10

func (es Errors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// ErrEmpty is returned for input with no data rows.
var ErrEmpty = errors.New("no data rows (expected time,value lines)")

// ReadCSV reads points from r. On any problem it returns an Errors listing
// each bad line (or ErrEmpty), and no points.
func ReadCSV(r io.Reader, opts Options) ([]entity.Point, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.Comment = '#'
	cr.ReuseRecord = true
	var (
		pts   []entity.Point
		lines []int
		errs  Errors
	)
	fail := func(line int, format string, a ...any) {
		errs = append(errs, &LineError{Line: line, Msg: fmt.Sprintf(format, a...)})
	}
	first := true
	for len(errs) < MaxErrors {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			fail(pe.Line, "%v", pe.Err)
			if errors.Is(pe.Err, csv.ErrFieldCount) {
				continue
			}
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read: %w", err)
		}
		line, _ := cr.FieldPos(0)
		isFirst := first
		first = false
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != 2 {
			fail(line, "expected 2 fields (time,value), got %d", len(rec))
			continue
		}
		t, terr := ParseTime(rec[0])
		if terr != nil && isFirst && isHeader(rec) {
			continue
		}
		if terr != nil {
			fail(line, "time %q: %v", rec[0], terr)
			continue
		}
		v, verr := parseValue(rec[1], opts.Gaps)
		if verr != nil {
			fail(line, "value %q: %v", rec[1], verr)
			continue
		}
		pts = append(pts, entity.Point{T: t, V: v})
		lines = append(lines, line)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(pts) == 0 {
		return nil, ErrEmpty
	}
	return order(pts, lines, opts)
}

// order checks or fixes time order and repeated times.
func order(pts []entity.Point, lines []int, opts Options) ([]entity.Point, error) {
	if opts.Sort {
		idx := make([]int, len(pts))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return pts[idx[a]].T.Before(pts[idx[b]].T) })
		sp, sl := make([]entity.Point, len(pts)), make([]int, len(pts))
		for i, j := range idx {
			sp[i], sl[i] = pts[j], lines[j]
		}
		pts, lines = sp, sl
	}
	var errs Errors
	out := pts[:0:0]
	for i, p := range pts {
		if i > 0 {
			prev := pts[i-1]
			switch {
			case p.T.Before(prev.T):
				errs = append(errs, &LineError{Line: lines[i], Msg: fmt.Sprintf(
					"time %s is before line %d's %s (rows must be in time order; --sort fixes this)",
					p.T.Format(time.RFC3339Nano), lines[i-1], prev.T.Format(time.RFC3339Nano))})
			case p.T.Equal(prev.T) && opts.Dedupe:
				out[len(out)-1] = p // keep the last
				continue
			case p.T.Equal(prev.T):
				errs = append(errs, &LineError{Line: lines[i], Msg: fmt.Sprintf(
					"time %s repeats line %d's (--dedupe keeps the last)", p.T.Format(time.RFC3339Nano), lines[i-1])})
			}
			if len(errs) >= MaxErrors {
				break
			}
		}
		out = append(out, p)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

func isHeader(rec []string) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(rec[1]), 64)
	return err != nil
}

// ParseTime reads RFC 3339 (with any offset and an optional fraction of a
// second) or Unix seconds (with an optional fraction).
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("empty")
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return time.Time{}, errors.New("expected RFC 3339 (2024-05-01T06:00:00Z) or Unix seconds")
	}
	if f < 0 || f > 1e11 {
		return time.Time{}, errors.New("Unix seconds out of range (milliseconds? divide by 1000)")
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(math.Round(frac*1e9))), nil
}

func parseValue(s string, gaps bool) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "nan") {
		if gaps {
			return math.NaN(), nil
		}
		if s == "" {
			return 0, errors.New("empty value (--gaps reads it as a gap)")
		}
		return 0, errors.New("NaN (--gaps reads it as a gap)")
	}
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil {
		return 0, errors.New("not a number")
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, errors.New("not a finite number")
	}
	return v, nil
}

// WriteCSV writes pts as `time,value` rows with a header, times in RFC
// 3339 (UTC, milliseconds when there are any) and gaps as NaN: the format
// ReadCSV reads back with Options.Gaps.
func WriteCSV(w io.Writer, pts []entity.Point) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"time", "value"}); err != nil {
		return err
	}
	for _, p := range pts {
		v := "NaN"
		if !math.IsNaN(p.V) {
			v = strconv.FormatFloat(p.V, 'f', -1, 64)
		}
		if err := cw.Write([]string{p.T.UTC().Format("2006-01-02T15:04:05.999Z07:00"), v}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
