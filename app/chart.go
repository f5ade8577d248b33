package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"lookout/engine/chart"
	"lookout/engine/series"
	"lookout/internal/atomicfile"
)

func init() {
	c := command{name: "chart",
		usage:   "--input FILE --out FILE.png [--kind bars|smooth] [--width 900] [--height 400] [--title TEXT] [--theme light|dark]",
		summary: "draw a chart PNG from a time,value CSV file (RFC 3339 or Unix seconds)"}
	c.run = func(_ context.Context, env *Env, args []string) error {
		fs := newFlags(env, c)
		input := fs.String("input", "", "CSV `file` of time,value rows (- for standard input)")
		out := fs.String("out", "", "PNG `file` to write (- for standard output)")
		kind := fs.String("kind", "bars", "chart form: bars (coloured by level) or smooth (monotone curve)")
		width := fs.Int("width", 900, "image width in pixels")
		height := fs.Int("height", 400, "image height in pixels")
		title := fs.String("title", "", "chart title (any language)")
		theme := fs.String("theme", "light", "light or dark")
		unit := fs.String("unit", "percent", "value axis: percent (0–100), bytes (bytes per second) or number")
		scale := fs.Float64("scale", 1, "text and line scale (2 for a phone or a HiDPI screen)")
		low := fs.Float64("low", 30, "blue/orange bound of the level colours, in percent")
		high := fs.Float64("high", 80, "orange/red bound of the level colours, in percent")
		utc := fs.Bool("utc", false, "label times in UTC instead of the local time zone")
		sortRows := fs.Bool("sort", false, "sort rows by time instead of rejecting unsorted input")
		dedupe := fs.Bool("dedupe", false, "keep the last of rows with the same time instead of rejecting them")
		gaps := fs.Bool("gaps", false, "read NaN or an empty value as a gap instead of rejecting it")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if *input == "" || *out == "" {
			fs.Usage()
			return exitError(2)
		}
		k, err := chart.ParseKind(*kind)
		if err != nil {
			return err
		}
		th, err := chart.ThemeNamed(*theme)
		if err != nil {
			return err
		}
		u, err := parseUnit(*unit)
		if err != nil {
			return err
		}
		if !(*low > 0 && *low < *high && *high < 100) {
			return fmt.Errorf("need 0 < --low < --high < 100, got %g and %g", *low, *high)
		}
		var r io.Reader = env.Stdin
		if *input != "-" {
			f, err := os.Open(*input)
			if err != nil {
				return err
			}
			defer f.Close()
			r = f
		}
		pts, err := series.ReadCSV(r, series.Options{Sort: *sortRows, Dedupe: *dedupe, Gaps: *gaps})
		if err != nil {
			var es series.Errors
			if errors.As(err, &es) {
				for _, e := range es {
					fmt.Fprintf(env.Stderr, "%s:%d: %s\n", *input, e.Line, e.Msg)
				}
				return exitError(1)
			}
			return fmt.Errorf("%s: %w", *input, err)
		}
		ch := chart.Chart{Title: *title, Kind: k, Unit: u, Theme: &th, Scale: *scale,
			Series: []chart.Series{{Points: pts}}}
		ch.Grades.Low, ch.Grades.High = *low, *high
		if *utc {
			ch.Location = time.UTC
		}
		img, err := ch.Render(*width, *height)
		if err != nil {
			return err
		}
		b, err := chart.PNG(img)
		if err != nil {
			return err
		}
		if *out == "-" {
			_, err = env.Stdout.Write(b)
			return err
		}
		return atomicfile.WriteFile(*out, b, 0o644)
	}
	register(c)
}

func parseUnit(s string) (chart.Unit, error) {
	switch s {
	case "percent", "%":
		return chart.UnitPercent, nil
	case "bytes", "bytes/s", "rate":
		return chart.UnitBytesPerSecond, nil
	case "number", "plain":
		return chart.UnitNumber, nil
	}
	return 0, fmt.Errorf("unknown unit %q (want percent, bytes or number)", s)
}
