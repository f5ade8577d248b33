package i18n

import (
	"fmt"
	"strings"
	"time"
)

// The human names of rules, series and durations: what the window, the
// tray, messages, reports and the command line show instead of the raw
// keys (`mem`, `load_per_core`, `disk:/data`, `process:nginx`).

// ruleNames are the names of rule and series keys without a member.
var ruleNames = map[string][2]string{
	"cpu":           {"CPU", "CPU"},
	"cpu_user":      {"CPU user", "CPU 用户态"},
	"cpu_system":    {"CPU system", "CPU 内核态"},
	"cpu_iowait":    {"CPU I/O wait", "CPU I/O 等待"},
	"cpu_steal":     {"CPU steal", "CPU 被窃取"},
	"mem":           {"Memory", "内存"},
	"swap":          {"Swap", "交换"},
	"disk":          {"Disk", "磁盘"},
	"disk_max":      {"Fullest disk", "最满磁盘"},
	"disk_read":     {"Disk read", "磁盘读"},
	"disk_write":    {"Disk write", "磁盘写"},
	"load1":         {"Load", "负载"},
	"load5":         {"Load (5 min)", "负载（5 分钟）"},
	"load15":        {"Load (15 min)", "负载（15 分钟）"},
	"load_per_core": {"Load per core", "每核负载"},
	"net_rx":        {"Network in", "网络接收"},
	"net_tx":        {"Network out", "网络发送"},
	"temp":          {"Temperature", "温度"},
	"temp_max":      {"Temperature", "温度"},
	"procs":         {"Processes", "进程数"},
	"unreachable":   {"Unreachable", "无法连接"},
	"key_changed":   {"Host key changed", "主机密钥已变更"},
	"process":       {"Process missing", "进程缺失"},
}

// RuleName returns the human name of a rule or series key in lang:
// "cpu" → "CPU", "mem" → "Memory" (内存), "disk:/data" → "Disk /data"
// (磁盘 /data), "process:nginx" → "Process nginx missing" (进程 nginx
// 未运行), "net_rx:eth0" → "Network in eth0". An unknown key is returned
// as it is.
func RuleName(lang Lang, key string) string {
	name, member, hasMember := strings.Cut(key, ":")
	pick := func(n [2]string) string {
		if lang == ZH {
			return n[1]
		}
		return n[0]
	}
	if name == "process" && hasMember {
		if lang == ZH {
			return "进程 " + member + " 未运行"
		}
		return "Process " + member + " missing"
	}
	if name == "cpu_core" && hasMember {
		if lang == ZH {
			return "CPU 核 " + member
		}
		return "CPU core " + member
	}
	n, ok := ruleNames[name]
	if !ok {
		return key
	}
	if hasMember {
		return pick(n) + " " + member
	}
	return pick(n)
}

// Duration writes d for people in lang, in at most two units: "45 s",
// "2 min", "3 h 20 min", "1 day", "5 days 2 h"; in Chinese "45 秒",
// "2 分钟", "3 小时 20 分钟", "1 天", "5 天 2 小时".
func Duration(lang Lang, d time.Duration) string {
	d = d.Round(time.Second)
	if d < 0 {
		d = -d
	}
	type unit struct {
		size     time.Duration
		one, few string // English singular and plural
		zh       string
	}
	units := []unit{
		{24 * time.Hour, "day", "days", "天"},
		{time.Hour, "h", "h", "小时"},
		{time.Minute, "min", "min", "分钟"},
		{time.Second, "s", "s", "秒"},
	}
	word := func(n int64, u unit) string {
		if lang == ZH {
			return fmt.Sprintf("%d %s", n, u.zh)
		}
		if n == 1 {
			return fmt.Sprintf("%d %s", n, u.one)
		}
		return fmt.Sprintf("%d %s", n, u.few)
	}
	for i, u := range units {
		if d < u.size && u.size != time.Second {
			continue
		}
		n := int64(d / u.size)
		out := word(n, u)
		if i+1 < len(units) && u.size >= time.Minute {
			next := units[i+1]
			if rest := int64((d % u.size) / next.size); rest > 0 {
				out += " " + word(rest, next)
			}
		}
		return out
	}
	return word(0, units[len(units)-1])
}

// For says how long a condition has held: "for 2 min", "已持续 2 分钟".
func For(lang Lang, d time.Duration) string {
	if lang == ZH {
		return "已持续 " + Duration(lang, d)
	}
	return "for " + Duration(lang, d)
}

// Colon is the colon between a label and what it says: ": " in English,
// the full-width "：" in Chinese.
func Colon(lang Lang) string {
	if lang == ZH {
		return "："
	}
	return ": "
}

// ListSep separates the names of a list: ", " in English, "、" in
// Chinese.
func ListSep(lang Lang) string {
	if lang == ZH {
		return "、"
	}
	return ", "
}
