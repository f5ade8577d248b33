package chart

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"lookout/entity"

	"lookout/internal/human"
)

// Unit is what a chart's value axis measures.
type Unit int

// Units of the value axis.
const (
	// UnitPercent is 0–100 %, the axis fixed at 0–100; bars are coloured by
	// level.
	UnitPercent Unit = iota
	// UnitBytesPerSecond is a rate; labels use binary units (KiB/s, MiB/s).
	UnitBytesPerSecond
	// UnitNumber is a plain number such as a load average.
	UnitNumber
)

// UnitOf returns the natural unit of metric m.
func UnitOf(m entity.Metric) Unit {
	if entity.IsPercent(m) {
		return UnitPercent
	}
	name, _, _ := strings.Cut(m, ":")
	switch name {
	case entity.MetricNetRx, entity.MetricNetTx, entity.MetricDiskRead, entity.MetricDiskWrite:
		return UnitBytesPerSecond
	}
	return UnitNumber
}

// tick is one labelled position on an axis.
type tick struct {
	v     float64 // value, or Unix seconds on the time axis
	label string
}

// valueAxis is the vertical scale.
type valueAxis struct {
	top   float64
	ticks []tick
}

// niceStep returns 1, 2 or 5 times a power of ten, at least raw.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= raw*0.999999 {
			return m * p
		}
	}
	return 10 * p
}

var rateUnits = []string{"B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s"}

// makeValueAxis picks the scale for unit u given the data's maximum and
// how many labels fit.
func makeValueAxis(u Unit, dataMax, fixedTop float64, maxTicks int) valueAxis {
	maxTicks = max(maxTicks, 2)
	if u == UnitPercent {
		step := 20.0
		switch {
		case maxTicks < 3:
			step = 100
		case maxTicks < 5:
			step = 50
		case maxTicks < 6:
			step = 25
		}
		var ax valueAxis
		ax.top = 100
		for v := 0.0; v <= 100; v += step {
			ax.ticks = append(ax.ticks, tick{v, strconv.FormatFloat(v, 'f', -1, 64) + "%"})
		}
		return ax
	}
	top := math.Max(dataMax, fixedTop)
	if !(top > 0) || math.IsInf(top, 0) {
		top = 1
	}
	div, suffix := 1.0, ""
	if u == UnitBytesPerSecond {
		i := 0
		for top/div >= 1024 && i < len(rateUnits)-1 {
			div *= 1024
			i++
		}
		suffix = " " + rateUnits[i]
	}
	intervals := float64(min(maxTicks-1, 5))
	step := niceStep(top / div / intervals)
	n := math.Ceil(top/div/step - 1e-9)
	ax := valueAxis{top: n * step * div}
	if fixedTop > 0 && fixedTop >= dataMax {
		ax.top = fixedTop
	}
	// Round the labels to the step's own precision: 3 × 0.2 is
	// 0.6000000000000001 in floating point.
	prec := max(0, int(math.Ceil(-math.Log10(step)-1e-9)))
	for k := 0.0; k <= n; k++ {
		v := k * step
		r := math.Pow10(prec)
		ax.ticks = append(ax.ticks, tick{v * div, strconv.FormatFloat(math.Round(v*r)/r, 'f', -1, 64) + suffix})
	}
	return ax
}

// timeSteps are the spacings the time axis may use.
var timeSteps = []time.Duration{
	time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second, 30 * time.Second,
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour,
	24 * time.Hour, 2 * 24 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour, 28 * 24 * time.Hour,
}

// timeTicks returns labelled instants between from and to, at most
// maxTicks of them, aligned to round local times (whole minutes, hours,
// local midnight). A tick at local midnight shows the date.
func timeTicks(from, to time.Time, loc *time.Location, maxTicks int) []tick {
	span := to.Sub(from)
	if span <= 0 || maxTicks < 1 {
		return nil
	}
	step := timeSteps[len(timeSteps)-1]
	for _, s := range timeSteps {
		if span/s <= time.Duration(maxTicks) {
			step = s
			break
		}
	}
	_, off := from.In(loc).Zone()
	stepS := int64(step / time.Second)
	startLocal := from.Unix() + int64(off)
	first := (startLocal + stepS - 1) / stepS * stepS
	if startLocal < 0 {
		first = startLocal / stepS * stepS
	}
	var ticks []tick
	for l := first; ; l += stepS {
		t := time.Unix(l-int64(off), 0).In(loc)
		if t.After(to) {
			break
		}
		if t.Before(from) {
			continue
		}
		lt := t
		var label string
		switch {
		case step >= 24*time.Hour || (lt.Hour() == 0 && lt.Minute() == 0 && lt.Second() == 0):
			label = lt.Format("01-02")
		case step < time.Minute:
			label = lt.Format("15:04:05")
		default:
			label = lt.Format("15:04")
		}
		ticks = append(ticks, tick{float64(t.Unix()), label})
		if len(ticks) > 100 {
			break
		}
	}
	return ticks
}

// formatValue formats v for the legend in unit u.
func formatValue(u Unit, v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	switch u {
	case UnitPercent:
		return fmt.Sprintf("%.1f%%", v)
	case UnitBytesPerSecond:
		return human.Rate(v)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}
