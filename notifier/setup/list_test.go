package setup

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"lookout/internal/i18n"
	"lookout/notifier"
	"lookout/notifier/outbox"
)

// TestPrintOutboxShowsWhyAndNoEscapes: a dead letter's reason is listed,
// and a reason or summary carrying a terminal escape sequence (a
// service's reply, a host's name) is printed visibly, not raw.
func TestPrintOutboxShowsWhyAndNoEscapes(t *testing.T) {
	ob, err := outbox.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for i, why := range []string{notifier.ReasonFull(1000), "wecom: error 93000: \x1b]0;pwned\x07invalid\x1b[2J"} {
		e := outbox.Entry{ID: ob.NewID(), Channel: "ops", Created: now, Summary: "critical: 1 alert(s): web\x1b[31m/cpu", Payload: []byte("{}")}
		if err := ob.Put(e); err != nil {
			t.Fatal(err)
		}
		if err := ob.Kill(e, why); err != nil {
			t.Fatal(i, err)
		}
	}
	var b bytes.Buffer
	if err := PrintOutbox(&b, ob, now, i18n.EN); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("raw control characters printed: %q", out)
	}
	for _, want := range []string{"WHY", "dropped: outbox full (max 1000)", `\x1b]0;pwned\x07invalid\x1b[2J`, `web\x1b[31m/cpu`} {
		if !strings.Contains(out, want) {
			t.Errorf("listing lacks %q:\n%s", want, out)
		}
	}
}

// TestPrintOutboxHumanNames: queued and dead messages are summed up with
// the rules' human names in the configured language, never the raw keys
// (mem, load_per_core), and ages in words.
func TestPrintOutboxHumanNames(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	alert := func(host, rule, metric string) notifier.Alert {
		return notifier.Alert{Host: host, Rule: rule, Metric: metric, Severity: notifier.Critical, Value: 96, Threshold: 90, Unit: "%", Start: now, At: now}
	}
	msgs := []*notifier.Message{
		{ID: "a", Kind: notifier.KindAlert, Created: now, Alerts: []notifier.Alert{alert("web-1", "mem", "mem")}},
		{ID: "b", Kind: notifier.KindAlert, Created: now, Alerts: []notifier.Alert{alert("db-1", "load_per_core", "load_per_core"),
			alert("db-2", "disk:/data", "disk:/data"), alert("db-3", "process:nginx", ""), alert("db-4", "mem", "mem")}},
	}
	tests := []struct {
		lang i18n.Lang
		want []string
	}{
		{i18n.EN, []string{"[CRITICAL] web-1: Memory", "[CRITICAL] 4 alerts: db-1 Load per core, db-2 Disk /data, db-3 Process nginx missing, +1", "1 day", "QUEUED (1)"}},
		{i18n.ZH, []string{"【严重】web-1：内存", "【严重】4 条告警：db-1 每核负载、db-2 磁盘 /data、db-3 进程 nginx 未运行、+1", "1 天", "待发送（1）", "发送失败（1）"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			ob, err := outbox.Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			for i, m := range msgs {
				b, err := json.Marshal(m)
				if err != nil {
					t.Fatal(err)
				}
				e := outbox.Entry{ID: m.ID, Channel: "ops", Created: now.Add(-24 * time.Hour), Summary: notifier.Summary(m), Payload: b}
				if err := ob.Put(e); err != nil {
					t.Fatal(err)
				}
				if i == 1 {
					if err := ob.Kill(e, "gave up"); err != nil {
						t.Fatal(err)
					}
				}
			}
			var b bytes.Buffer
			if err := PrintOutbox(&b, ob, now, tt.lang); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("listing lacks %q:\n%s", w, out)
				}
			}
			for _, raw := range []string{"/mem", " mem", "load_per_core", "disk:/", "process:", "1 days", "24h0m0s"} {
				if strings.Contains(out, raw) {
					t.Errorf("listing has raw %q:\n%s", raw, out)
				}
			}
		})
	}
}
