package i18n

import "testing"

func TestNote(t *testing.T) {
	tests := []struct {
		rule, note, en, zh string
	}{
		{"mem", "", "", ""},
		{"process:nginx", "nginx is not running", "", ""},
		{"cpu", "sent now: the silence ended", "sent now: the silence ended", "静默已结束，现在发送"},
		{"cpu", "changed state 6 times in 10m0s", "changed state 6 times in 10 min", "10 分钟内状态变化 6 次"},
		{"cpu", "stopped flapping; sent now: the silence ended", "stopped flapping; sent now: the silence ended", "不再反复变化；静默已结束，现在发送"},
		{"unreachable", "dial tcp 10.0.0.1:22: connection refused", "dial tcp 10.0.0.1:22: connection refused", "dial tcp 10.0.0.1:22: connection refused"},
	}
	for _, tt := range tests {
		if got := Note(EN, tt.rule, tt.note); got != tt.en {
			t.Errorf("en %q: %q, want %q", tt.note, got, tt.en)
		}
		if got := Note(ZH, tt.rule, tt.note); got != tt.zh {
			t.Errorf("zh %q: %q, want %q", tt.note, got, tt.zh)
		}
	}
}
