package render

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"lookout/internal/human"
	"lookout/notifier"
)

// Level is the colour of a span or an item.
type Level int

// Levels. Low, Mid and High are the seeds' blue, orange and red grades of
// a percentage; Good is a resolved alert's green.
const (
	None Level = iota
	Good
	Low
	Mid
	High
)

// Grades are the bounds of the colour grades, in percent: ≤ Low is blue,
// ≥ High is red, orange between.
type Grades struct{ Low, High float64 }

// DefaultGrades are the seeds' bounds.
var DefaultGrades = Grades{Low: 30, High: 80}

// Grade returns the level of percentage v (None for NaN).
func (g Grades) Grade(v float64) Level {
	switch {
	case math.IsNaN(v):
		return None
	case v >= g.High:
		return High
	case v > g.Low:
		return Mid
	}
	return Low
}

// Options shape the text.
type Options struct {
	Lang   Lang
	Grades Grades
	// Location is the time zone of the times shown (time.Local when nil).
	Location *time.Location
	// Procs is how many top processes are listed per alert (default 3).
	Procs int
}

func (o Options) withDefaults() Options {
	if o.Lang == "" {
		o.Lang = EN
	}
	if o.Grades == (Grades{}) {
		o.Grades = DefaultGrades
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.Procs == 0 {
		o.Procs = 3
	}
	return o
}

// Span is a run of text with one style. Text is plain: dialects escape it.
type Span struct {
	Text  string
	Level Level
	Bold  bool
	// Code is shown in a fixed-width font where the dialect has one.
	Code bool
}

// Line is one line of text.
type Line []Span

// Plain returns the line's text without styles.
func (l Line) Plain() string {
	var b strings.Builder
	for _, s := range l {
		b.WriteString(s.Text)
	}
	return b.String()
}

// Item is what stays together when a message is cut to fit: one alert,
// one host of a report. Its first line is its headline; the others are
// details.
type Item struct {
	Level Level
	Lines []Line
	// Compact is the item on one line, shown when the message is too long
	// for every item in full: a storm names every host. Nil: the headline.
	Compact Line
}

// compact is the item's one-line form.
func (it Item) compact() Line {
	if it.Compact != nil {
		return it.Compact
	}
	if len(it.Lines) > 0 {
		return it.Lines[0]
	}
	return nil
}

// Section is a titled list of items.
type Section struct {
	Heading string
	Items   []Item
}

// Doc is a message in neutral form, ready for a dialect.
type Doc struct {
	// Title is a plain one-line summary: the e-mail subject, the
	// notification title, DingTalk's markdown title.
	Title string
	// Level colours the header (High for critical, Mid for warning, Good
	// for resolved, Low for reports and tests).
	Level    Level
	Sections []Section
	// Footer is a plain closing line.
	Footer string
	Lang   Lang
}

// Items returns the number of items in d.
func (d Doc) Items() int {
	n := 0
	for _, s := range d.Sections {
		n += len(s.Items)
	}
	return n
}

// Build turns m into a Doc.
func Build(m *notifier.Message, o Options) Doc {
	o = o.withDefaults()
	m = untrusted(m)
	switch m.Kind {
	case notifier.KindAlert:
		return buildAlerts(m, o)
	case notifier.KindReport:
		if m.Report != nil {
			return buildReport(m.Report, m.Created, o)
		}
	}
	return buildText(m, o)
}

func sevLevel(s notifier.Severity) Level {
	switch s {
	case notifier.Critical:
		return High
	case notifier.Warning:
		return Mid
	}
	return Low
}

func sevName(s notifier.Severity, p phrases) string {
	switch s {
	case notifier.Critical:
		return p.critical
	case notifier.Warning:
		return p.warning
	}
	return p.info
}

// sortAlerts puts firing alerts first, most severe first, then resolved
// ones; the order among equals is kept.
func sortAlerts(as []notifier.Alert) []notifier.Alert {
	out := slices.Clone(as)
	slices.SortStableFunc(out, func(a, b notifier.Alert) int {
		if a.Resolved != b.Resolved {
			if a.Resolved {
				return 1
			}
			return -1
		}
		return cmp.Compare(b.Severity, a.Severity)
	})
	return out
}

func buildAlerts(m *notifier.Message, o Options) Doc {
	p := o.Lang.p()
	alerts := sortAlerts(m.Alerts)
	d := Doc{Lang: o.Lang, Level: sevLevel(m.Severity())}
	state := sevName(m.Severity(), p)
	if m.Resolved() {
		d.Level, state = Good, p.resolved
	}
	if len(alerts) == 1 {
		a := alerts[0]
		if a.Reminder && !a.Resolved {
			state += " · " + p.reminderTag
		}
		d.Title = fmt.Sprintf("%s%s%s%s%s%s", p.bracket[0], state, p.bracket[1], a.Host, p.colon, ruleName(a, o.Lang))
		if w := was(a, p); w != "" {
			d.Title += fmt.Sprintf(p.paren, w)
		}
	} else {
		hosts := m.Hosts()
		list := strings.Join(hosts[:min(3, len(hosts))], p.list)
		if len(hosts) > 3 {
			list += fmt.Sprintf(" +%d", len(hosts)-3)
		}
		d.Title = p.bracket[0] + state + p.bracket[1] + fmt.Sprintf(p.alertsOn, len(alerts), list)
	}
	if m.Parts > 1 {
		d.Title += " " + fmt.Sprintf(p.part, m.Part, m.Parts)
	}
	now := m.Created
	var items []Item
	for _, a := range alerts {
		items = append(items, alertItem(a, now, o))
	}
	d.Sections = []Section{{Items: items}}
	d.Footer = footer(m.Created, o)
	return d
}

// ruleName is the human name of a's rule ("Memory", "Disk /data",
// "Process nginx missing").
func ruleName(a notifier.Alert, l Lang) string {
	if a.Rule != "" {
		return l.rule(a.Rule)
	}
	return l.rule(a.Metric)
}

// was says what a's severity was before this event ("was critical"), or
// "" when it did not change.
func was(a notifier.Alert, p phrases) string {
	if a.Resolved || a.Was == notifier.Info || a.Was == a.Severity {
		return ""
	}
	w := p.warningWord
	if a.Was == notifier.Critical {
		w = p.criticalWord
	}
	return fmt.Sprintf(p.was, w)
}

// held is how long a has held as of now (the message's time): from its
// start to its event, or to now when that is later.
func held(a notifier.Alert, now time.Time) time.Duration {
	end := a.At
	if !a.Resolved && now.After(end) {
		end = now
	}
	if a.Start.IsZero() || end.Before(a.Start) {
		return 0
	}
	return end.Sub(a.Start)
}

func footer(t time.Time, o Options) string {
	if t.IsZero() {
		return "Lookout"
	}
	return "Lookout · " + t.In(o.Location).Format("2006-01-02 15:04:05 MST")
}

// value formats v with its unit: percentages with one decimal, others
// with two.
func value(v float64, unit string) string {
	if math.IsNaN(v) {
		return "–"
	}
	if unit == "%" {
		return fmt.Sprintf("%.1f%%", v)
	}
	if unit == "" {
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.2f %s", v, unit)
}

func clock(t time.Time, o Options) string {
	return t.In(o.Location).Format("15:04")
}

// when is the line that says since when a has held and for how long, or
// how long it lasted.
func when(a notifier.Alert, now time.Time, o Options) string {
	p, l := o.Lang.p(), o.Lang
	d := held(a, now)
	switch {
	case a.Resolved:
		return fmt.Sprintf(p.lasted, l.duration(d), clock(a.Start, o), clock(a.At, o))
	case a.Reminder:
		return fmt.Sprintf(p.reminder, clock(a.Start, o), l.forDuration(d))
	case d < time.Second:
		// Just began: "for 0 s" would say nothing.
		return fmt.Sprintf(p.sinceOnly, clock(a.Start, o))
	}
	return fmt.Sprintf(p.since, clock(a.Start, o), l.forDuration(d))
}

func alertItem(a notifier.Alert, now time.Time, o Options) Item {
	p := o.Lang.p()
	lvl := sevLevel(a.Severity)
	state := sevName(a.Severity, p)
	if a.Resolved {
		lvl, state = Good, p.resolved
	}
	it := Item{Level: lvl}
	head := Line{
		{Text: state, Level: lvl, Bold: true},
		{Text: " "},
		{Text: a.Host, Bold: true},
		{Text: " · " + ruleName(a, o.Lang) + p.colon},
		{Text: value(a.Value, a.Unit), Level: lvl},
		{Text: fmt.Sprintf(p.paren, p.threshold+" "+value(a.Threshold, a.Unit))},
	}
	if a.Condition() {
		head = head[:4]
		head[3].Text = " · " + ruleName(a, o.Lang)
	}
	if w := was(a, p); w != "" {
		head = append(head, Span{Text: " · " + w})
	}
	it.Lines = append(it.Lines, head)
	if n := note(a, o.Lang); n != "" {
		it.Lines = append(it.Lines, Line{{Text: n}})
	}
	w := when(a, now, o)
	if a.Condition() {
		it.Lines = append(it.Lines, Line{{Text: w}})
	} else {
		// The peak reached the alert's severity: it has its colour.
		w += fmt.Sprintf(" · %s ", p.peak)
		it.Lines = append(it.Lines, Line{{Text: w}, {Text: value(a.Peak, a.Unit), Level: sevLevel(a.Severity)}})
	}
	if u := a.Usage; u != nil {
		// The alert's own figure keeps the headline's colour.
		it.Lines = append(it.Lines, usageLine(*u, o, a.Metric, lvl))
	}
	if l := procLine(p.topCPU, a.TopCPU, o.Procs, p); l != nil {
		it.Lines = append(it.Lines, l)
	}
	if l := procLine(p.topMem, a.TopMem, o.Procs, p); l != nil {
		it.Lines = append(it.Lines, l)
	}
	it.Compact = compactLine(a, state, lvl, now, o)
	return it
}

// compactLine is an alert on one line: "CRITICAL web-1 · Memory 96.1% ·
// for 2 min", "RESOLVED web-1 · Memory · lasted 1 h".
func compactLine(a notifier.Alert, state string, lvl Level, now time.Time, o Options) Line {
	p, l := o.Lang.p(), o.Lang
	c := Line{{Text: state, Level: lvl, Bold: true}, {Text: " "}, {Text: a.Host, Bold: true}, {Text: " · " + ruleName(a, l)}}
	if !a.Condition() {
		c = append(c, Span{Text: " "}, Span{Text: value(a.Value, a.Unit), Level: lvl})
	}
	if w := was(a, p); w != "" {
		c = append(c, Span{Text: " · " + w})
	}
	d := held(a, now)
	switch {
	case a.Resolved:
		c = append(c, Span{Text: " · " + fmt.Sprintf(p.lastedShort, l.duration(d))})
	case a.Reminder:
		c = append(c, Span{Text: " · " + p.reminderTag + " · " + l.forDuration(d)})
	case d >= time.Second:
		c = append(c, Span{Text: " · " + l.forDuration(d)})
	}
	return c
}

func grade(v float64, unit string, o Options) Level {
	if unit != "%" {
		return None
	}
	return o.Grades.Grade(v)
}

// usageLine is the seeds' "CPU / MEM / SWP / disk" line with human
// names, each figure in its grade's colour, except the figure of metric
// (the alert's own), which has level: one value, one colour.
func usageLine(u notifier.Usage, o Options, metric string, level Level) Line {
	l8 := o.Lang
	var l Line
	add := func(key string, v float64) {
		if math.IsNaN(v) {
			return
		}
		if len(l) > 0 {
			l = append(l, Span{Text: " · "})
		}
		lvl := o.Grades.Grade(v)
		if key == metric {
			lvl = level
		}
		l = append(l, Span{Text: l8.rule(key) + " "}, Span{Text: value(v, "%"), Level: lvl})
	}
	add("cpu", u.CPU)
	add("mem", u.Mem)
	add("swap", u.Swap)
	disk := "disk"
	if u.DiskMount != "" {
		disk += ":" + u.DiskMount
	}
	add(disk, u.Disk)
	if !math.IsNaN(u.Load) && u.Load != 0 {
		l = append(l, Span{Text: fmt.Sprintf(" · %s %.2f", l8.rule("load_per_core"), u.Load)})
	}
	return l
}

func procLine(title string, ps []notifier.Proc, n int, p phrases) Line {
	if len(ps) == 0 || n < 0 {
		return nil
	}
	l := Line{{Text: title + p.colon}}
	for i, pr := range ps[:min(n, len(ps))] {
		if i > 0 {
			l = append(l, Span{Text: p.comma})
		}
		l = append(l, Span{Text: pr.Name, Code: true},
			Span{Text: fmt.Sprintf(p.proc, pr.PID, pr.CPU, human.Bytes(float64(pr.RSS)))})
	}
	return l
}

func buildReport(r *notifier.Report, created time.Time, o Options) Doc {
	p := o.Lang.p()
	d := Doc{Lang: o.Lang, Level: Low, Title: r.Title}
	if d.Title == "" {
		d.Title = p.report
		if !r.From.IsZero() && !r.To.IsZero() {
			d.Title += fmt.Sprintf(" %s–%s", clock(r.From, o), clock(r.To, o))
		}
	}
	var hosts []Item
	if !r.From.IsZero() && !r.To.IsZero() {
		hosts = append(hosts, Item{Lines: []Line{{{Text: fmt.Sprintf("%s%s%s – %s"+p.paren, p.period, p.colon,
			r.From.In(o.Location).Format("2006-01-02 15:04"), r.To.In(o.Location).Format("2006-01-02 15:04"),
			o.Lang.duration(r.To.Sub(r.From)))}}}})
	}
	for _, h := range r.Hosts {
		it := Item{Level: Low}
		head := Line{{Text: h.Host, Bold: true}}
		if h.Error != "" {
			head = append(head, Span{Text: " — " + p.unreachable + p.colon + hostError(h.Error, o.Lang), Level: High})
			it.Level = High
			it.Lines = append(it.Lines, head)
			hosts = append(hosts, it)
			continue
		}
		it.Lines = append(it.Lines, head)
		disk := "disk"
		if h.DiskMount != "" {
			disk += ":" + h.DiskMount
		}
		disk = o.Lang.rule(disk)
		for _, f := range []struct {
			name string
			s    notifier.Stat
			unit string
		}{{o.Lang.rule("cpu"), h.CPU, "%"}, {o.Lang.rule("mem"), h.Mem, "%"}, {o.Lang.rule("swap"), h.Swap, "%"}, {disk, h.Disk, "%"}, {o.Lang.rule("load_per_core"), h.Load, ""}} {
			if math.IsNaN(f.s.Cur) && math.IsNaN(f.s.Avg) && math.IsNaN(f.s.Peak) {
				continue
			}
			lvl := grade(f.s.Cur, f.unit, o)
			it.Level = max(it.Level, grade(f.s.Peak, f.unit, o))
			it.Lines = append(it.Lines, Line{
				{Text: f.name + " "}, {Text: value(f.s.Cur, f.unit), Level: lvl},
				{Text: p.open() + p.avg + " "}, {Text: value(f.s.Avg, f.unit), Level: grade(f.s.Avg, f.unit, o)},
				{Text: p.comma + p.peak + " "}, {Text: value(f.s.Peak, f.unit), Level: grade(f.s.Peak, f.unit, o)},
				{Text: p.close()},
			})
		}
		for _, pc := range h.Procs {
			it.Lines = append(it.Lines, procCostLine(pc, p))
		}
		hosts = append(hosts, it)
	}
	d.Sections = append(d.Sections, Section{Items: hosts})
	if len(r.Alerts) > 0 {
		var items []Item
		for _, a := range sortAlerts(r.Alerts) {
			lvl := sevLevel(a.Severity)
			items = append(items, Item{Level: lvl, Lines: []Line{{
				{Text: sevName(a.Severity, p), Level: lvl, Bold: true},
				{Text: " " + a.Host + " · " + ruleName(a, o.Lang) + p.colon + p.peak + " "},
				{Text: value(a.Peak, a.Unit), Level: lvl},
				{Text: fmt.Sprintf(p.paren, a.Start.In(o.Location).Format("01-02 15:04")+p.comma+o.Lang.duration(a.Duration()))},
			}}})
		}
		d.Sections = append(d.Sections, Section{Heading: p.alertsInPeriod + fmt.Sprintf(p.paren, fmt.Sprint(len(r.Alerts))), Items: items})
	}
	d.Footer = footer(created, o)
	return d
}

func buildText(m *notifier.Message, o Options) Doc {
	p := o.Lang.p()
	d := Doc{Lang: o.Lang, Level: Low, Title: m.Title}
	if d.Title == "" {
		d.Title = "Lookout"
	}
	text := m.Text
	if text == "" {
		text = p.test
	}
	var items []Item
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		items = append(items, Item{Lines: []Line{{{Text: l}}}})
	}
	d.Sections = []Section{{Items: items}}
	d.Footer = footer(m.Created, o)
	return d
}

// procCostLine is seed 004's answer for one keyword of a report's host:
// "Processes python 2–12 · each ≈ 3.1% CPU (R² 0.89), 123 MiB (R² 1.00) ·
// 8 at the CPU peak, 12 at the memory peak".
func procCostLine(pc notifier.ProcCost, p phrases) Line {
	l := Line{{Text: fmt.Sprintf(p.procs, pc.Keyword, pc.Min, pc.Max)}}
	var costs []string
	if f := pc.CPU; f != nil {
		costs = append(costs, fmt.Sprintf(p.fit, fmt.Sprintf("%.1f%% CPU", f.PerProc), f.R2))
	}
	if f := pc.Mem; f != nil {
		costs = append(costs, fmt.Sprintf(p.fit, human.Bytes(f.PerProc), f.R2))
	}
	if len(costs) > 0 {
		l = append(l, Span{Text: " · " + fmt.Sprintf(p.eachProc, strings.Join(costs, p.comma))})
	} else {
		l = append(l, Span{Text: " · " + p.noFit})
	}
	var at []string
	if pc.AtCPUPeak >= 0 {
		at = append(at, fmt.Sprintf(p.atCPUPeak, pc.AtCPUPeak))
	}
	if pc.AtMemPeak >= 0 {
		at = append(at, fmt.Sprintf(p.atMemPeak, pc.AtMemPeak))
	}
	if len(at) > 0 {
		l = append(l, Span{Text: " · " + strings.Join(at, p.comma)})
	}
	return l
}
