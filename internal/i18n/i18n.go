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
	"CPU":                             "CPU",
	"Memory":                          "内存",
	"Swap":                            "交换",
	"Disk":                            "磁盘",
	"Load":                            "负载",
	"Network":                         "网络",
	"Uptime":                          "运行时间",
	"ok":                              "正常",
	"pending":                         "等待首次采集",
	"failing":                         "采集失败",
	"unreachable":                     "无法连接",
	"untrusted":                       "主机密钥未信任",
	"key_changed":                     "主机密钥已变更",
	"paused":                          "已暂停",
	"warning":                         "警告",
	"critical":                        "严重",
	"missing":                         "进程缺失",
	"never":                           "从未",
	"%s ago":                          "%s 前",
	"just now":                        "刚刚",
	"no filesystems":                  "无文件系统",
	"Configuration errors":            "配置错误",
	"%d cores":                        "%d 核",
	"Filter hosts (Ctrl+F)":           "筛选主机 (Ctrl+F)",
	"%d hosts, %d in trouble":         "%d 台主机，%d 台异常",
	"all hosts ok":                    "所有主机正常",
	"Open Lookout":                    "打开 Lookout",
	"…and %d more":                    "……还有 %d 台",
	"Pause polling":                   "暂停采集",
	"Resume polling":                  "恢复采集",
	"Quit":                            "退出",
	"Running on defaults.":            "正在使用默认配置运行。",
	"%d days":                         "%d 天",
	"%d failed (lookout outbox)":      "%d 条失败（lookout outbox）",
	"%d h":                            "%d 小时",
	"%d min":                          "%d 分钟",
	"%d queued":                       "%d 条排队",
	"%s memory":                       "内存 %s",
	"Acknowledge":                     "确认",
	"Active alerts":                   "当前告警",
	"Alerts":                          "告警",
	"Alerts and channels are off: %s": "告警和通知渠道未启动：%s",
	"Alerts are on.":                  "告警已开启。",
	"Alerts snoozed until %s.":        "告警已暂停到 %s。",
	"Blue up to (%)":                  "蓝色上限 (%)",
	"CPU per core":                    "各核 CPU",
	"Channels":                        "通知渠道",
	"Count processes named":           "统计进程名包含",
	"Dark":                            "深色",
	"Failures before unreachable":     "连续失败几次算无法连接",
	"Follow the system":               "跟随系统",
	"General":                         "常规",
	"History in memory":               "内存中保留的历史",
	"History on disk is off: %s":      "磁盘历史未启用：%s",
	"Host key trusted":                "已信任主机密钥",
	"Language":                        "语言",
	"Light":                           "浅色",
	"No alert is firing.":             "没有正在触发的告警。",
	"No channel: alerts go nowhere but this window. Add one in Settings.": "没有通知渠道：告警只显示在本窗口。请在配置中添加。",
	"Nothing yet.":    "暂无。",
	"Overview":        "总览",
	"Period":          "时间范围",
	"Poll interval":   "采集间隔",
	"Poll timeout":    "采集超时",
	"Recent events":   "最近事件",
	"Red from (%)":    "红色下限 (%)",
	"Report":          "报告",
	"Report not sent": "报告未发送",
	"Report not sent: alerts and channels are off.": "报告未发送：告警和通知渠道未启动。",
	"Report queued for %s.":                         "报告已排队发往 %s。",
	"Report queued.":                                "报告已排队。",
	"Report sent to %s.":                            "报告已发送到 %s。",
	"Report to %s failed: %s":                       "发往 %s 的报告失败：%s",
	"Report to %s not sent yet (will retry): %s":    "发往 %s 的报告暂未送达（将重试）：%s",
	"Resume":                           "恢复",
	"Resume alerts (snoozed until %s)": "恢复告警（已暂停到 %s）",
	"Save":                             "保存",
	"Saved and applied.":               "已保存并生效。",
	"Send report to group":             "发送报告到群",
	"Settings":                         "设置",
	"Silence 1 h":                      "静默 1 小时",
	"Snooze 1 h":                       "暂停 1 小时",
	"Snooze 15 min":                    "暂停 15 分钟",
	"Snooze alerts 1 h":                "暂停告警 1 小时",
	"Snooze alerts 15 min":             "暂停告警 15 分钟",
	"Test connection":                  "测试连接",
	"Theme":                            "主题",
	"Top processes":                    "占用最高的进程",
	"Top processes listed":             "列出的进程数",
	"Trust host key?":                  "信任主机密钥？",
	"Trust host key…":                  "信任主机密钥…",
	"acknowledged":                     "已确认",
	"empty: the poll interval":         "留空：等于采集间隔",
	"failed: %s":                       "失败：%s",
	"for %s":                           "持续 %s",
	"last poll %s":                     "最后采集 %s",
	"nothing sent yet":                 "尚未发送",
	"received":                         "接收",
	"retrying: %s":                     "重试中：%s",
	"sent":                             "发送",
	"sent %s":                          "%s发送",
	"silenced":                         "已静默",
	"the group":                        "群",
	"up %s":                            "已运行 %s",
	"firing":                           "触发",
	"repeat":                           "提醒",
	"flapping":                         "抖动",
	"resolved":                         "已恢复",
	"%s (%s) offers this %s key:\n\n%s\n\nCompare it with `ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub` on the server. Trust it?": "%s（%s）提供了这个 %s 密钥：\n\n%s\n\n请在服务器上用 `ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub` 核对。是否信任？",
	"Name":               "名称",
	"Reached by":         "连接方式",
	"Address":            "地址",
	"Identity file":      "私钥文件",
	"Token file":         "令牌文件",
	"Required processes": "必须运行的进程",
	"Testing…":           "测试中…",
	"Add host":           "添加主机",
	"new-host":           "新主机",
	"Remove":             "删除",
	"With no host at all, Lookout watches this machine.": "一台主机都不配置时，Lookout 监控本机。",
	"Hosts":                 "主机",
	"1 host, %d in trouble": "1 台主机，%d 台异常",
}
