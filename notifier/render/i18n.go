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

var dict = map[Lang]phrases{
	EN: {
		critical: "CRITICAL", warning: "WARNING", info: "INFO", resolved: "RESOLVED",
		criticalWord: "critical", warningWord: "warning", infoWord: "info",
		alertsOn: "%d alerts on %s", alertsList: "%d alerts: %s", since: "since %s, %s", sinceOnly: "since %s",
		reminder: "Reminder: still firing since %s, %s", reminderTag: "reminder", was: "was %s",
		lasted: "lasted %s (%s–%s)", lastedShort: "lasted %s",
		peak: "peak", threshold: "threshold", topCPU: "Top CPU", topMem: "Top memory",
		report: "Lookout report", period: "Period", alertsInPeriod: "Alerts in the period",
		now: "now", avg: "avg", unreachable: "no figures", more: "…and %d more", part: "(%d/%d)",
		test: "This is a test message from Lookout.", list: ", ", colon: ": ", comma: ", ", paren: " (%s)", proc: " (%d) %.1f%% %s",
		procs: "Processes %s %d–%d", eachProc: "each ≈ %s", fit: "%s (R² %.2f)", noFit: "too little change to fit a cost per process",
		atCPUPeak: "%d at the CPU peak", atMemPeak: "%d at the memory peak",
		bracket: [2]string{"[", "] "},
	},
	ZH: {
		critical: "严重", warning: "警告", info: "提示", resolved: "已恢复",
		criticalWord: "严重", warningWord: "警告", infoWord: "提示",
		alertsOn: "%d 条告警：%s", alertsList: "%d 条告警：%s", since: "开始于 %s，%s", sinceOnly: "开始于 %s",
		reminder: "提醒：仍在告警，开始于 %s，%s", reminderTag: "提醒", was: "此前为%s",
		lasted: "持续 %s（%s–%s）", lastedShort: "持续 %s",
		peak: "峰值", threshold: "阈值", topCPU: "CPU 占用最高", topMem: "内存占用最高",
		report: "Lookout 监控报告", period: "统计时段", alertsInPeriod: "时段内告警",
		now: "当前", avg: "平均", unreachable: "无数据", more: "…还有 %d 条", part: "（%d/%d）",
		test: "这是一条来自 Lookout 的测试消息。", list: "、", colon: "：", comma: "，", paren: "（%s）", proc: "（%d）%.1f%% %s",
		procs: "进程 %s %d–%d", eachProc: "每个进程 ≈ %s", fit: "%s（R² %.2f）", noFit: "进程数变化太少，无法估算单个进程的开销",
		atCPUPeak: "CPU 峰值时 %d 个", atMemPeak: "内存峰值时 %d 个",
		bracket: [2]string{"【", "】"},
	},
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
