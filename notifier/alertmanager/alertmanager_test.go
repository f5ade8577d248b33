package alertmanager

import (
	"context"
	"strings"
	"testing"
	"time"

	"lookout/internal/amapi"
	"lookout/internal/fake"
	"lookout/notifier"
	"lookout/notifier/internal/channeltest"
	"lookout/notifier/render"
)

const token = "am-token-7f3a9c2e5b1d"

func newChannel(t *testing.T, url, tok string, now func() time.Time) *Channel {
	t.Helper()
	api, err := amapi.New(amapi.Options{URL: url, HTTP: amapi.HTTPConfig(amapi.Auth{Token: tok}), Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := New(Config{Name: "am", API: api, Labels: map[string]string{"team": "ops"}, Secrets: []string{tok}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

func TestContract(t *testing.T) {
	f := fake.NewAlertmanager(t, token)
	channeltest.Run(t, channeltest.Suite{
		New: func(t *testing.T, closed bool) notifier.Channel {
			u := f.URL()
			if closed {
				u = fake.ClosedURL(t)
			}
			return newChannel(t, u, token, nil)
		},
		Fake: f,
		Texts: func() []string {
			var out []string
			for _, p := range f.Posts() {
				out = append(out, p[0].Annotations["summary"]+"\n"+p[0].Annotations["description"])
			}
			return out
		},
		Retryable: []fake.Reply{{Status: 500}, {Status: 502}, {Status: 503}, {Status: 429}, {Status: 408}},
		Permanent: []fake.Reply{{Status: 400, Msg: "bad alert"}, {Status: 401, Msg: "unauthorized"}, {Status: 404, Msg: "no such path"}},
		Secrets:   []string{token},
	})
}

var start = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func diskAlert() notifier.Alert {
	return notifier.Alert{Host: "web1", Rule: "disk:/data", Metric: "disk:/data", Severity: notifier.Warning,
		Value: 91, Threshold: 90, Peak: 92, Unit: "%", Start: start, At: start.Add(time.Minute)}
}

func TestLabelsAndTimes(t *testing.T) {
	now := start.Add(2 * time.Minute)
	ch := newChannel(t, "http://127.0.0.1:1", "", func() time.Time { return now })
	tests := []struct {
		name   string
		alert  notifier.Alert
		labels map[string]string
		ends   time.Time
	}{
		{"disk firing", diskAlert(),
			map[string]string{"alertname": "disk", "host": "web1", "severity": "warning", "mount": "/data", "team": "ops"}, now.Add(4 * time.Minute)},
		{"process", notifier.Alert{Host: "db", Rule: "process:nginx", Severity: notifier.Critical, Start: start, At: start},
			map[string]string{"alertname": "process", "host": "db", "severity": "critical", "process": "nginx", "team": "ops"}, now.Add(4 * time.Minute)},
		{"resolved ends at its end", func() notifier.Alert { a := diskAlert(); a.Resolved = true; return a }(),
			map[string]string{"alertname": "disk", "host": "web1", "severity": "warning", "mount": "/data", "team": "ops"}, start.Add(time.Minute)},
		{"cpu", notifier.Alert{Host: "web1", Rule: "cpu", Metric: "cpu", Severity: notifier.Warning, Start: start, At: start},
			map[string]string{"alertname": "cpu", "host": "web1", "severity": "warning", "team": "ops"}, now.Add(4 * time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ch.Alerts([]notifier.Alert{tt.alert}, now)
			if len(got) != 1 {
				t.Fatalf("%d alerts, want 1", len(got))
			}
			a := got[0]
			if len(a.Labels) != len(tt.labels) {
				t.Errorf("labels %v, want %v", a.Labels, tt.labels)
			}
			for k, v := range tt.labels {
				if a.Labels[k] != v {
					t.Errorf("label %s = %q, want %q", k, a.Labels[k], v)
				}
			}
			if !a.StartsAt.Equal(start) || !a.EndsAt.Equal(tt.ends) {
				t.Errorf("startsAt %s endsAt %s, want %s and %s", a.StartsAt, a.EndsAt, start, tt.ends)
			}
			if a.Annotations["summary"] == "" || !strings.Contains(a.Annotations["description"], tt.alert.Host) {
				t.Errorf("annotations %v", a.Annotations)
			}
		})
	}
}

func TestAnnotationsInTheChannelsLanguage(t *testing.T) {
	api, _ := amapi.New(amapi.Options{URL: "http://127.0.0.1:1"})
	ch, _ := New(Config{Name: "am", API: api, Render: render.Options{Lang: render.ZH}})
	a := ch.Alerts([]notifier.Alert{diskAlert()}, start.Add(2*time.Minute))[0]
	if !strings.Contains(a.Annotations["summary"], "磁盘") {
		t.Errorf("summary %q is not in Chinese", a.Annotations["summary"])
	}
}

func TestSeverityChangeEndsTheOldOne(t *testing.T) {
	f := fake.NewAlertmanager(t, "")
	ch := newChannel(t, f.URL(), "", nil)
	ctx := context.Background()
	a := diskAlert()
	if _, err := ch.Send(ctx, &notifier.Message{Kind: notifier.KindAlert, Alerts: []notifier.Alert{a}}); err != nil {
		t.Fatal(err)
	}
	// Risen to critical, as a refresh sees it (no Was: the engine's
	// active alert says only what it is now).
	a.Severity = notifier.Critical
	if err := ch.Refresh(ctx, []notifier.Alert{a}); err != nil {
		t.Fatal(err)
	}
	posts := f.Posts()
	if len(posts) != 2 || len(posts[1]) != 2 {
		t.Fatalf("posts %+v, want the critical alert and the end of the warning one", posts)
	}
	crit, warn := posts[1][0], posts[1][1]
	if crit.Labels["severity"] != "critical" || !crit.EndsAt.After(time.Now()) {
		t.Errorf("critical %+v", crit)
	}
	if warn.Labels["severity"] != "warning" || warn.EndsAt.After(time.Now()) {
		t.Errorf("the warning alert should end now: %+v", warn)
	}
}

func TestRefreshSkipsWhatWasResolved(t *testing.T) {
	f := fake.NewAlertmanager(t, "")
	ch := newChannel(t, f.URL(), "", nil)
	ctx := context.Background()
	a := diskAlert()
	r := a
	r.Resolved, r.At = true, start.Add(3*time.Minute)
	if _, err := ch.Send(ctx, &notifier.Message{Kind: notifier.KindAlert, Alerts: []notifier.Alert{r}}); err != nil {
		t.Fatal(err)
	}
	// A refresh that read the engine just before the resolution.
	if err := ch.Refresh(ctx, []notifier.Alert{a}); err != nil {
		t.Fatal(err)
	}
	if n := len(f.Posts()); n != 1 {
		t.Fatalf("%d posts: a refresh fired again an alert already resolved", n)
	}
	// A new incident of the same rule is refreshed.
	b := a
	b.Start = start.Add(time.Hour)
	if err := ch.Refresh(ctx, []notifier.Alert{b}); err != nil {
		t.Fatal(err)
	}
	if n := len(f.Posts()); n != 2 {
		t.Fatalf("%d posts, want the new incident refreshed", n)
	}
}

func TestReportsAreNotSent(t *testing.T) {
	f := fake.NewAlertmanager(t, "")
	ch := newChannel(t, f.URL(), "", nil)
	if _, err := ch.Send(context.Background(), &notifier.Message{Kind: notifier.KindReport, Report: &notifier.Report{}}); err != nil {
		t.Fatal(err)
	}
	if len(f.Posts()) != 0 {
		t.Error("a report was posted to Alertmanager")
	}
}
