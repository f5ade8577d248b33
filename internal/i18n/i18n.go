// Package i18n holds Lookout's user-facing words in English and Simplified
// Chinese. The language comes from the configuration (`language`), not the
// desktop locale, because a team's chat group reads one language whatever
// the admin's workstation is set to.
package i18n

import "fmt"

// Lang is a language code: "en" or "zh".
type Lang string

// Languages Lookout speaks.
const (
	EN Lang = "en"
	ZH Lang = "zh"
)

// T returns the phrase for key in lang, formatted with args like
// fmt.Sprintf. An unknown key is returned as it is, so a missing
// translation shows English rather than nothing.
func T(lang Lang, key string, args ...any) string {
	s := key
	if lang == ZH {
		if z, ok := zh[key]; ok {
			s = z
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Register adds Chinese phrases; packages with their own words call it
// from init.
func Register(phrases map[string]string) {
	for k, v := range phrases {
		zh[k] = v
	}
}

// zh maps English phrases to Simplified Chinese.
var zh = map[string]string{
	"CPU":                     "CPU",
	"Memory":                  "内存",
	"Swap":                    "交换",
	"Disk":                    "磁盘",
	"Load":                    "负载",
	"Network":                 "网络",
	"Uptime":                  "运行时间",
	"ok":                      "正常",
	"pending":                 "等待首次采集",
	"failing":                 "采集失败",
	"unreachable":             "无法连接",
	"untrusted":               "主机密钥未信任",
	"key_changed":             "主机密钥已变更",
	"paused":                  "已暂停",
	"warning":                 "警告",
	"critical":                "严重",
	"missing":                 "进程缺失",
	"never":                   "从未",
	"%s ago":                  "%s 前",
	"just now":                "刚刚",
	"no filesystems":          "无文件系统",
	"Configuration errors":    "配置错误",
	"%d cores":                "%d 核",
	"Filter hosts (Ctrl+F)":   "筛选主机 (Ctrl+F)",
	"%d hosts, %d in trouble": "%d 台主机，%d 台异常",
	"all hosts ok":            "所有主机正常",
	"Open Lookout":            "打开 Lookout",
	"…and %d more":            "……还有 %d 台",
	"Pause polling":           "暂停采集",
	"Resume polling":          "恢复采集",
	"Quit":                    "退出",
	"Running on defaults.":    "正在使用默认配置运行。",
}
