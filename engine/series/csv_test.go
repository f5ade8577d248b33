package series

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/entity"
)

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		opts    Options
		wantN   int
		wantErr string // substring; "" means success
	}{
		{name: "good file with header, comment, blank line, percent sign and offsets", file: "good.csv", wantN: 4},
		{name: "empty file", file: "empty.csv", wantErr: "no data rows"},
		{name: "header only", file: "header_only.csv", wantErr: "no data rows"},
		{name: "unsorted", file: "unsorted.csv", wantErr: "line 3: time 2024-05-01T06:00:00Z is before line 2's"},
		{name: "unsorted, sorted", file: "unsorted.csv", opts: Options{Sort: true}, wantN: 2},
		{name: "duplicate", file: "duplicate.csv", wantErr: "line 3: time 2024-05-01T06:00:10Z repeats line 2's"},
		{name: "duplicate, deduped", file: "duplicate.csv", opts: Options{Dedupe: true}, wantN: 2},
		{name: "not a number", file: "not_number.csv", wantErr: `line 3: value "abc": not a number`},
		{name: "NaN and empty", file: "nan.csv", wantErr: "line 2: value \"NaN\": NaN (--gaps reads it as a gap)\nline 3: value \"\": empty value"},
		{name: "NaN as gaps", file: "nan.csv", opts: Options{Gaps: true}, wantN: 4},
		{name: "bad time", file: "bad_time.csv", wantErr: `line 2: time "yesterday": expected RFC 3339`},
		{name: "three fields", file: "fields.csv", wantErr: "line 2: expected 2 fields"},
		{name: "milliseconds", file: "millis.csv", wantErr: "line 1: time \"1714543200000\": Unix seconds out of range"},
		{name: "infinity", file: "inf.csv", wantErr: "line 1: value \"+Inf\": not a finite number"},
		{name: "open quote", file: "quote.csv", wantErr: "line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			pts, err := ReadCSV(f, tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				if pts != nil {
					t.Errorf("got %d points with an error", len(pts))
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if len(pts) != tt.wantN {
				t.Fatalf("got %d points, want %d", len(pts), tt.wantN)
			}
			for i := 1; i < len(pts); i++ {
				if !pts[i].T.After(pts[i-1].T) {
					t.Errorf("point %d not after point %d", i, i-1)
				}
			}
		})
	}
}

func TestReadCSVValues(t *testing.T) {
	pts, err := ReadCSV(strings.NewReader("time,value\n2024-05-01T06:00:00Z,10\n1714543210.5,20%\n2024-05-01T14:00:30+08:00,40\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []entity.Point{
		{T: time.Date(2024, 5, 1, 6, 0, 0, 0, time.UTC), V: 10},
		{T: time.Date(2024, 5, 1, 6, 0, 10, 5e8, time.UTC), V: 20},
		{T: time.Date(2024, 5, 1, 6, 0, 30, 0, time.UTC), V: 40},
	}
	for i, p := range pts {
		if !p.T.Equal(want[i].T) || p.V != want[i].V {
			t.Errorf("point %d = %v %v, want %v %v", i, p.T, p.V, want[i].T, want[i].V)
		}
	}
	_, err = ReadCSV(strings.NewReader("1,1\n1,2\n"), Options{Dedupe: true})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDedupeKeepsLast(t *testing.T) {
	pts, err := ReadCSV(strings.NewReader("20,1\n10,5\n20,2\n"), Options{Sort: true, Dedupe: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 2 || pts[0].V != 5 || pts[1].V != 2 {
		t.Fatalf("got %v", pts)
	}
}

func TestTooManyErrorsStops(t *testing.T) {
	var b strings.Builder
	for range 100 {
		b.WriteString("x,y,z\n")
	}
	_, err := ReadCSV(strings.NewReader(b.String()), Options{})
	var es Errors
	if !errors.As(err, &es) || len(es) != MaxErrors {
		t.Fatalf("got %v, want %d errors", err, MaxErrors)
	}
}

func TestRoundTrip(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 6, 0, 0, 0, time.UTC)
	in := []entity.Point{{T: t0, V: 1.5}, {T: t0.Add(time.Second), V: math.NaN()}, {T: t0.Add(2500 * time.Millisecond), V: 99}}
	var b bytes.Buffer
	if err := WriteCSV(&b, in); err != nil {
		t.Fatal(err)
	}
	out, err := ReadCSV(&b, Options{Gaps: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range in {
		if !out[i].T.Equal(in[i].T) || (out[i].V != in[i].V && !(math.IsNaN(in[i].V) && math.IsNaN(out[i].V))) {
			t.Errorf("point %d: got %v, want %v", i, out[i], in[i])
		}
	}
}

// FuzzReadCSV checks that no input makes the parser panic, and that what
// it accepts is in strict time order.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"", "time,value\n1,2\n", "1,NaN\n", "\"", "2024-05-01T06:00:00Z,1\n0,2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pts, err := ReadCSV(strings.NewReader(s), Options{Gaps: true})
		if err != nil {
			return
		}
		for i := 1; i < len(pts); i++ {
			if !pts[i].T.After(pts[i-1].T) {
				t.Fatalf("accepted out of order points: %v", pts)
			}
		}
	})
}
