package i18n

func init() { Register(fleetPhrases) }

// fleetPhrases are the words of the Prometheus and Alertmanager parts:
// exported rules' annotations, Alertmanager sources in the window.
var fleetPhrases = map[string]string{
	"Prometheus cannot scrape %s (job %s).":            "Prometheus 无法采集 %s（任务 %s）。",
	"%s on %s is %s, at or above the %s threshold %s.": "%[2]s 的%[1]s为 %[3]s，达到%[4]s阈值 %[5]s。",
	"Bearer token":       "Bearer 令牌",
	"cannot be read: %s": "无法读取：%s",
	"Clear silence":      "解除静默",
	"%d alerts from %s":  "%[2]s 的 %[1]d 条告警",
}
