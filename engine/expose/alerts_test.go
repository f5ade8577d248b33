package expose

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestAlertActive(t *testing.T) {
	active := []ActiveAlert{{Host: "web1", Rule: "disk:/data", Severity: "critical"}, {Host: "db", Rule: "cpu", Severity: "warning"},
		{Host: "db", Rule: "cpu", Severity: "warning"}}
	c := NewAlerts(func() []ActiveAlert { return active })
	want := `# HELP lookout_alert_active 1 for each alert Lookout has open (firing, silenced or not), like Prometheus' ALERTS.
# TYPE lookout_alert_active gauge
lookout_alert_active{host="db",rule="cpu",severity="warning"} 1
lookout_alert_active{host="web1",rule="disk:/data",severity="critical"} 1
`
	if err := testutil.CollectAndCompare(c, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
	if probs, err := testutil.CollectAndLint(c); err != nil || len(probs) > 0 {
		t.Errorf("lint: %v %v", probs, err)
	}
	active = nil
	if n := testutil.CollectAndCount(c); n != 0 {
		t.Errorf("%d series with no alert open", n)
	}
}
