package i18n

import (
	"fmt"
	"strings"
	"time"
)

// The human names of rules, series and durations: what the window, the
// tray, messages, reports and the command line show instead of the raw
// keys (`mem`, `load_per_core`, `disk:/data`, `process:nginx`).

// RuleName returns the human name of a rule or series key in lang:
// "cpu" → "CPU", "mem" → "Memory" (内存), "disk:/data" → "Disk /data"
// (磁盘 /data), "process:nginx" → "Process nginx missing" (进程 nginx
// 未运行), "net_rx:eth0" → "Network in eth0". An unknown key is returned
// as it is.
func RuleName(lang Lang, key string) string {
	if lang != ZH {
		lang = EN
	}
	name, member, hasMember := strings.Cut(key, ":")
	if hasMember && (name == "process" || name == "cpu_core") {
		f, _ := lookup(lang, "rule."+name+"_member")
		return fmt.Sprintf(f, member)
	}
	n, ok := lookup(lang, "rule."+name)
	if !ok {
		return key
	}
	if hasMember {
		return n + " " + member
	}
	return n
}

// Duration writes d for people in lang, in at most two units: "45 s",
// "2 min", "3 h 20 min", "1 day", "5 days 2 h"; in Chinese "45 秒",
// "2 分钟", "3 小时 20 分钟", "1 天", "5 天 2 小时".
func Duration(lang Lang, d time.Duration) string {
	d = d.Round(time.Second)
	if d < 0 {
		d = -d
	}
	units := []struct {
		size time.Duration
		id   string // duration.* in the message files
	}{
		{24 * time.Hour, "duration.day"},
		{time.Hour, "duration.h"},
		{time.Minute, "duration.min"},
		{time.Second, "duration.s"},
	}
	for i, u := range units {
		if d < u.size && u.size != time.Second {
			continue
		}
		out := plural(lang, u.id, int64(d/u.size))
		if i+1 < len(units) && u.size >= time.Minute {
			next := units[i+1]
			if rest := int64((d % u.size) / next.size); rest > 0 {
				out += " " + plural(lang, next.id, rest)
			}
		}
		return out
	}
	return plural(lang, "duration.s", 0)
}

// For says how long a condition has held: "for 2 min", "已持续 2 分钟".
func For(lang Lang, d time.Duration) string {
	if lang != ZH {
		lang = EN
	}
	f, _ := lookup(lang, "duration.for")
	return fmt.Sprintf(f, Duration(lang, d))
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
