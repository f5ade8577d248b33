package i18n

import (
	"testing"
	"time"
)

func TestRuleName(t *testing.T) {
	tests := []struct {
		name, key, en, zh string
	}{
		{"cpu", "cpu", "CPU", "CPU"},
		{"memory", "mem", "Memory", "内存"},
		{"swap", "swap", "Swap", "交换"},
		{"one disk", "disk:/data", "Disk /data", "磁盘 /data"},
		{"load per core", "load_per_core", "Load per core", "每核负载"},
		{"unreachable", "unreachable", "Unreachable", "无法连接"},
		{"process", "process:nginx", "Process nginx missing", "进程 nginx 未运行"},
		{"interface", "net_rx:eth0", "Network in eth0", "网络接收 eth0"},
		{"core", "cpu_core:3", "CPU core 3", "CPU 核 3"},
		{"unknown", "gpu:0", "gpu:0", "gpu:0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RuleName(EN, tt.key); got != tt.en {
				t.Errorf("en: %q, want %q", got, tt.en)
			}
			if got := RuleName(ZH, tt.key); got != tt.zh {
				t.Errorf("zh: %q, want %q", got, tt.zh)
			}
		})
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		name   string
		d      time.Duration
		en, zh string
	}{
		{"zero", 0, "0 s", "0 秒"},
		{"seconds", 45 * time.Second, "45 s", "45 秒"},
		{"minutes", 2*time.Minute + 10*time.Second, "2 min 10 s", "2 分钟 10 秒"},
		{"hours", 3*time.Hour + 20*time.Minute, "3 h 20 min", "3 小时 20 分钟"},
		{"one day", 24 * time.Hour, "1 day", "1 天"},
		{"days", 5*24*time.Hour + 2*time.Hour, "5 days 2 h", "5 天 2 小时"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Duration(EN, tt.d); got != tt.en {
				t.Errorf("en: %q, want %q", got, tt.en)
			}
			if got := Duration(ZH, tt.d); got != tt.zh {
				t.Errorf("zh: %q, want %q", got, tt.zh)
			}
		})
	}
	if got := For(ZH, 2*time.Minute); got != "已持续 2 分钟" {
		t.Errorf("For zh = %q", got)
	}
	if got := For(EN, 2*time.Minute); got != "for 2 min" {
		t.Errorf("For en = %q", got)
	}
}
