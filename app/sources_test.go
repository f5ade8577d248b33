package app

import (
	"testing"
	"time"

	"lookout/internal/i18n"
	"lookout/runtime"
	"lookout/views"
)

func TestSourceAlertRowsAndTray(t *testing.T) {
	as := []runtime.SourceAlert{
		{Source: "team-am", Fingerprint: "f1", Name: "disk", Host: "web1", Severity: "warning", Summary: "web1: Disk /data 91%",
			Labels: map[string]string{"mount": "/data"}, Start: time.Now()},
		{Source: "team-am", Fingerprint: "f2", Name: "NodeDown", Host: "db1:9100", Severity: "critical", SilencedBy: []string{"s1"}},
	}
	rows := sourceAlertRows(as, i18n.EN)
	if len(rows) != 2 || rows[0].Rule != "Disk /data" || rows[0].Source != "team-am" || rows[0].ID != "f1" || !rows[1].Silenced {
		t.Fatalf("rows %+v", rows)
	}
	if zh := sourceAlertRows(as, i18n.ZH); zh[0].Rule != "磁盘 /data" {
		t.Errorf("rule in Chinese: %q", zh[0].Rule)
	}
	tests := []struct {
		name     string
		hosts    views.Summary
		want     views.Severity
		wantHost string
	}{
		{"an ok fleet turns warning", views.Summary{Severity: views.SeverityOK}, views.SeverityWarning, "team-am"},
		{"a critical host stays the reason", views.Summary{Severity: views.SeverityCritical, Host: "box"}, views.SeverityCritical, "box"},
	}
	down := sourceAlertRows([]runtime.SourceAlert{{Source: "far-am", Name: "unreachable", Severity: "warning", Err: "connection refused"}}, i18n.EN)
	if sum := withSources(views.Summary{}, down, i18n.EN); sum.Severity != views.SeverityWarning || sum.Host != "far-am" ||
		sum.Reason != "cannot be read: connection refused" {
		t.Errorf("an unreadable source: %+v", sum)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum := withSources(tt.hosts, rows, i18n.EN)
			if sum.Severity != tt.want || sum.Host != tt.wantHost {
				t.Errorf("summary %+v, want %v from %s", sum, tt.want, tt.wantHost)
			}
		})
	}
}
