package render

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/notifier"
)

var t0 = time.Date(2026, 12, 1, 14, 2, 0, 0, time.UTC)

// The messages of an alert's life, and a storm.
func lifeMessages() map[string]*notifier.Message {
	mem := notifier.Alert{Host: "web-1", Rule: "mem", Metric: "mem", Severity: notifier.Critical, Value: 96.1, Threshold: 95, Peak: 97.3, Unit: "%",
		Start: t0, At: t0.Add(2 * time.Minute), Usage: &notifier.Usage{CPU: 35, Mem: 96.1, Swap: 12, Disk: 41, DiskMount: "/data", Load: 0.8},
		TopMem: []notifier.Proc{{PID: 4242, Name: "java", CPU: 20, RSS: 6 << 30}}}
	reminder := mem
	reminder.Reminder, reminder.At = true, t0.Add(2*time.Hour)
	down := mem
	down.Severity, down.Was, down.Value, down.Threshold, down.At = notifier.Warning, notifier.Critical, 91.5, 90, t0.Add(20*time.Minute)
	du := *mem.Usage
	du.Mem = 91.5
	down.Usage = &du
	res := mem
	res.Resolved, res.Value, res.At, res.Usage, res.TopMem = true, 60.2, t0.Add(80*time.Minute), nil, nil
	storm := &notifier.Message{Kind: notifier.KindAlert, Created: t0.Add(70 * time.Second)}
	for i := range 30 {
		a := notifier.Alert{Host: fmt.Sprintf("node-%02d", i+1), Rule: "disk:/data", Metric: "disk:/data", Severity: notifier.Critical,
			Value: 95 + float64(i%5)/10, Threshold: 95, Peak: 96, Unit: "%", Start: t0.Add(time.Duration(i) * 2 * time.Second),
			At: t0.Add(time.Duration(i) * 2 * time.Second), Usage: &notifier.Usage{CPU: 20, Mem: 50, Swap: 0, Disk: 95 + float64(i%5)/10, DiskMount: "/data"},
			TopCPU: []notifier.Proc{{PID: 100 + i, Name: "rsync", CPU: 40, RSS: 200 << 20}}}
		if i%3 == 0 {
			a = notifier.Alert{Host: a.Host, Rule: "process:nginx", Severity: notifier.Critical, Value: 1, Threshold: 1, Start: a.Start, At: a.At,
				Note: "nginx is not running"}
		}
		storm.Alerts = append(storm.Alerts, a)
	}
	one := func(a notifier.Alert) *notifier.Message {
		return &notifier.Message{Kind: notifier.KindAlert, Created: a.At, Alerts: []notifier.Alert{a}}
	}
	return map[string]*notifier.Message{"firing": one(mem), "reminder": one(reminder), "downgrade": one(down), "resolved": one(res), "storm": storm}
}

// TestMessageGoldens: each message of an alert's life, and a storm of 30
// hosts, in every dialect, in English and Chinese.
func TestMessageGoldens(t *testing.T) {
	for name, m := range lifeMessages() {
		for _, lang := range []Lang{EN, ZH} {
			doc := Build(m, Options{Lang: lang, Location: time.UTC})
			for dialect, out := range dialects(doc) {
				path := filepath.Join("testdata", "messages", name+"-"+string(lang)+"-"+dialect)
				if *update {
					os.MkdirAll(filepath.Dir(path), 0o755)
					os.WriteFile(path, []byte(out), 0o644)
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update)", err)
				}
				if out != string(want) {
					t.Errorf("%s differs:\n%s", path, out)
				}
			}
		}
	}
}

// TestMessageWords: what each message must say, and must not.
func TestMessageWords(t *testing.T) {
	ms := lifeMessages()
	tests := []struct {
		name, msg string
		lang      Lang
		want      []string
		not       []string
	}{
		{"firing en", "firing", EN, []string{"since 14:02, for 2 min", "Memory"}, []string{"(0s)", "mem:", "MEM"}},
		{"firing zh", "firing", ZH, []string{"开始于 14:02，已持续 2 分钟", "内存"}, []string{"mem"}},
		{"reminder en", "reminder", EN, []string{"Reminder: still firing since 14:02, for 2 h", "reminder]"}, nil},
		{"reminder zh", "reminder", ZH, []string{"提醒：仍在告警，开始于 14:02，已持续 2 小时"}, nil},
		{"downgrade en", "downgrade", EN, []string{"was critical", "WARNING"}, nil},
		{"downgrade zh", "downgrade", ZH, []string{"此前为严重"}, nil},
		{"resolved en", "resolved", EN, []string{"lasted 1 h 20 min (14:02–15:22)"}, nil},
		{"resolved zh", "resolved", ZH, []string{"持续 1 小时 20 分钟"}, nil},
		{"storm names rules", "storm", EN, []string{"Disk /data", "Process nginx missing"}, []string{"process:nginx", "disk:/data"}},
		{"storm names rules zh", "storm", ZH, []string{"磁盘 /data", "进程 nginx 未运行"}, []string{"process:nginx"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := Text(Build(ms[tt.msg], Options{Lang: tt.lang, Location: time.UTC}), 0)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("missing %q:\n%s", w, out)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(out, w) {
					t.Errorf("has %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestStormNamesEveryHost: 30 hosts in one message are all named in
// every dialect within its service's limit (compact lines), none counted
// away as "…and N more".
func TestStormNamesEveryHost(t *testing.T) {
	m := lifeMessages()["storm"]
	for _, lang := range []Lang{EN, ZH} {
		for dialect, out := range dialects(Build(m, Options{Lang: lang, Location: time.UTC})) {
			t.Run(string(lang)+"-"+dialect, func(t *testing.T) {
				for _, a := range m.Alerts {
					if !strings.Contains(out, a.Host) {
						t.Errorf("%s not named", a.Host)
					}
				}
				if strings.Contains(out, "more") || strings.Contains(out, "还有") {
					t.Errorf("hosts counted away:\n%s", out)
				}
			})
		}
	}
}

// TestJustBegan: an alert whose event is its start says since when, not
// "for 0 s" (nor the old "(0s)").
func TestJustBegan(t *testing.T) {
	a := notifier.Alert{Host: "web-1", Rule: "cpu", Metric: "cpu", Severity: notifier.Warning, Value: 85, Threshold: 80, Peak: 85, Unit: "%", Start: t0, At: t0}
	for _, lang := range []Lang{EN, ZH} {
		out := Text(Build(&notifier.Message{Kind: notifier.KindAlert, Created: t0, Alerts: []notifier.Alert{a}}, Options{Lang: lang, Location: time.UTC}), 0)
		if strings.Contains(out, "0 s") || strings.Contains(out, "0 秒") || strings.Contains(out, "(0s)") {
			t.Errorf("%s:\n%s", lang, out)
		}
		if !strings.Contains(out, "14:02") {
			t.Errorf("%s: no start:\n%s", lang, out)
		}
	}
}

// TestChinesePunctuation: a Chinese message (alert, reminder, downgrade,
// resolution, storm, report, test) uses full-width punctuation (，：（）；)
// throughout, never ASCII ": ", ", ", "(" or ")"; the engine's notes are
// in Chinese, and a note that only restates the rule is left out.
func TestChinesePunctuation(t *testing.T) {
	ms := lifeMessages()
	flap := ms["firing"].Alerts[0]
	flap.Note = "changed state 6 times in 10m0s; flapping: held until it settles"
	ms["flapping"] = &notifier.Message{Kind: notifier.KindAlert, Created: flap.At, Alerts: []notifier.Alert{flap}}
	nan := math.NaN()
	ms["report"] = &notifier.Message{Kind: notifier.KindReport, Created: t0, Report: &notifier.Report{From: t0.Add(-24 * time.Hour), To: t0,
		Hosts: []notifier.HostReport{{Host: "web-1", CPU: notifier.Stat{Cur: 12, Avg: 20, Peak: 97}, Mem: notifier.Stat{Cur: 50, Avg: 45, Peak: 92},
			Swap: notifier.Stat{Cur: nan, Avg: nan, Peak: nan}, Disk: notifier.Stat{Cur: 41, Avg: 41, Peak: 41}, DiskMount: "/data",
			Load: notifier.Stat{Cur: 0.5, Avg: 0.4, Peak: 2}}, {Host: "edge-3", Error: "no data since 10:00"}},
		Alerts: []notifier.Alert{ms["resolved"].Alerts[0]}}}
	ms["test"] = &notifier.Message{Kind: notifier.KindTest, Created: t0}
	for name, m := range ms {
		t.Run(name, func(t *testing.T) {
			out := Text(Build(m, Options{Lang: ZH, Location: time.UTC}), 0)
			for _, bad := range []string{": ", ", ", "(", ")", "; ", "】 ", "is not running", "flapping", "10m0s", "no data since"} {
				if strings.Contains(out, bad) {
					t.Errorf("has %q:\n%s", bad, out)
				}
			}
		})
	}
	out := Text(Build(ms["flapping"], Options{Lang: ZH, Location: time.UTC}), 0)
	if !strings.Contains(out, "10 分钟内状态变化 6 次；状态反复变化") {
		t.Errorf("flapping note:\n%s", out)
	}
}
