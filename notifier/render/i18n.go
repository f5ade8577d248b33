package render

import (
	"fmt"
	"strings"
	"time"

	"lookout/internal/i18n"
)

// Lang is the language of a message: "en" or "zh" (Simplified Chinese).
type Lang string

// Languages.
const (
	EN Lang = "en"
	ZH Lang = "zh"
)

// phrases are the message's own words. Rule names and durations are not
// here: they come from i18n.RuleName and i18n.Duration, shared with the
// window, the tray and the reports.
type phrases struct {
	critical, warning, info, resolved string
	// lower-case severities, inside a sentence ("was critical")
	criticalWord, warningWord, infoWord string
	alertsOn                            string // "%d alerts on %s"
	alertsList                          string // "%d alerts: %s" (host and rule)
	since                               string // "since %s, %s": clock, "for 2 min"
	sinceOnly                           string // "since %s": just began
	reminder                            string // "reminder: still firing since %s, %s"
	reminderTag                         string // in the title
	was                                 string // "was %s"
	lasted                              string // "lasted %s (%s–%s)"
	lastedShort                         string // "lasted %s"
	peak, threshold                     string
	topCPU, topMem                      string
	report, period, alertsInPeriod      string
	now, avg, unreachable               string
	more                                string // "…and %d more"
	part                                string // "(%d/%d)"
	test                                string
	list                                string // list separator of names
	colon                               string
	comma                               string // between clauses: ", " or "，"
	proc                                string // " (%d) %.1f%% %s": pid, CPU, memory
	procs                               string // "Processes %s %d–%d"
	eachProc                            string // "each ≈ %s"
	fit                                 string // "%s (R² %.2f)"
	noFit                               string // too little change
	atCPUPeak, atMemPeak                string
	// paren wraps an aside: " (%s)" in English, "（%s）" in Chinese.
	paren string
	// bracket is the title's state, followed by a space in English only:
	// "[CRITICAL] web-1", "【严重】web-1".
	bracket [2]string
}

// dict holds each language's phrases, read from internal/i18n's message
// files (render.*) once.
var dict = map[Lang]phrases{EN: load(i18n.EN), ZH: load(i18n.ZH)}

func load(lang i18n.Lang) phrases {
	m := func(id string) string { return i18n.Msg(lang, "render."+id) }
	return phrases{
		critical:       m("critical"),
		warning:        m("warning"),
		info:           m("info"),
		resolved:       m("resolved"),
		criticalWord:   m("criticalWord"),
		warningWord:    m("warningWord"),
		infoWord:       m("infoWord"),
		alertsOn:       m("alertsOn"),
		alertsList:     m("alertsList"),
		since:          m("since"),
		sinceOnly:      m("sinceOnly"),
		reminder:       m("reminder"),
		reminderTag:    m("reminderTag"),
		was:            m("was"),
		lasted:         m("lasted"),
		lastedShort:    m("lastedShort"),
		peak:           m("peak"),
		threshold:      m("threshold"),
		topCPU:         m("topCPU"),
		topMem:         m("topMem"),
		report:         m("report"),
		period:         m("period"),
		alertsInPeriod: m("alertsInPeriod"),
		now:            m("now"),
		avg:            m("avg"),
		unreachable:    m("unreachable"),
		more:           m("more"),
		part:           m("part"),
		test:           m("test"),
		list:           m("list"),
		colon:          m("colon"),
		comma:          m("comma"),
		paren:          m("paren"),
		proc:           m("proc"),
		procs:          m("procs"),
		eachProc:       m("eachProc"),
		fit:            m("fit"),
		noFit:          m("noFit"),
		atCPUPeak:      m("atCPUPeak"),
		atMemPeak:      m("atMemPeak"),
		bracket:        [2]string{m("bracket_open"), m("bracket_close")},
	}
}

func (l Lang) p() phrases {
	if p, ok := dict[l]; ok {
		return p
	}
	return dict[EN]
}

func (l Lang) i18n() i18n.Lang {
	if l == ZH {
		return i18n.ZH
	}
	return i18n.EN
}

// More is the line that replaces n items that did not fit.
func (l Lang) More(n int) string { return fmt.Sprintf(l.p().more, n) }

// duration writes d for people: "2 min", "1 day", "2 分钟".
func (l Lang) duration(d time.Duration) string { return i18n.Duration(l.i18n(), d) }

// forDuration says how long a condition has held: "for 2 min", "已持续 2 分钟".
func (l Lang) forDuration(d time.Duration) string { return i18n.For(l.i18n(), d) }

// rule is the human name of a rule key: "Memory", "Disk /data",
// "Process nginx missing" (内存, 磁盘 /data, 进程 nginx 未运行).
func (l Lang) rule(key string) string { return i18n.RuleName(l.i18n(), key) }

// open and close are the halves of paren, for an aside whose middle is
// several spans.
func (p phrases) open() string {
	o, _, _ := strings.Cut(p.paren, "%s")
	return o
}

func (p phrases) close() string {
	_, c, _ := strings.Cut(p.paren, "%s")
	return c
}
