package render

import "fmt"

// Lang is the language of a message: "en" or "zh" (Simplified Chinese).
type Lang string

// Languages.
const (
	EN Lang = "en"
	ZH Lang = "zh"
)

type phrases struct {
	critical, warning, info, resolved string
	alertsOn                          string // "%d alerts on %s"
	since, lasted, peak, threshold    string
	topCPU, topMem                    string
	report, period, alertsInPeriod    string
	now, avg, unreachable             string
	more                              string // "…and %d more"
	test                              string
	open                              string
	list                              string // list separator
	colon                             string
	bracket                           [2]string
}

var dict = map[Lang]phrases{
	EN: {
		critical: "CRITICAL", warning: "WARNING", info: "INFO", resolved: "RESOLVED",
		alertsOn: "%d alerts on %s", since: "since %s (%s)", lasted: "lasted %s (%s–%s)",
		peak: "peak", threshold: "threshold", topCPU: "Top CPU", topMem: "Top memory",
		report: "Lookout report", period: "Period", alertsInPeriod: "Alerts in the period",
		now: "now", avg: "avg", unreachable: "no figures", more: "…and %d more",
		test: "This is a test message from Lookout.", list: ", ", colon: ": ",
		bracket: [2]string{"[", "]"},
	},
	ZH: {
		critical: "严重", warning: "警告", info: "提示", resolved: "已恢复",
		alertsOn: "%d 条告警：%s", since: "开始于 %s（已持续 %s）", lasted: "持续 %s（%s–%s）",
		peak: "峰值", threshold: "阈值", topCPU: "CPU 占用最高", topMem: "内存占用最高",
		report: "Lookout 监控报告", period: "统计时段", alertsInPeriod: "时段内告警",
		now: "当前", avg: "平均", unreachable: "无数据", more: "…还有 %d 条",
		test: "这是一条来自 Lookout 的测试消息。", list: "、", colon: "：",
		bracket: [2]string{"【", "】"},
	},
}

func (l Lang) p() phrases {
	if p, ok := dict[l]; ok {
		return p
	}
	return dict[EN]
}

// More is the line that replaces n items that did not fit.
func (l Lang) More(n int) string { return fmt.Sprintf(l.p().more, n) }
