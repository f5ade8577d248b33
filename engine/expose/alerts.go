package expose

import "github.com/prometheus/client_golang/prometheus"

// ActiveAlert is one open alert as /metrics shows it.
type ActiveAlert struct {
	// Host and Rule (the rule's key: "cpu", "disk:/data",
	// "process:nginx") name the alert; Severity is "warning" or
	// "critical".
	Host, Rule, Severity string
}

var alertActiveDesc = prometheus.NewDesc("lookout_alert_active",
	"1 for each alert Lookout has open (firing, silenced or not), like Prometheus' ALERTS.",
	[]string{"host", "rule", "severity"}, nil)

// Alerts exposes lookout_alert_active{host,rule,severity} from the
// alerts open at each scrape.
type Alerts struct{ active func() []ActiveAlert }

// NewAlerts returns the collector of the alerts active returns.
func NewAlerts(active func() []ActiveAlert) *Alerts { return &Alerts{active: active} }

// Describe implements prometheus.Collector.
func (a *Alerts) Describe(ch chan<- *prometheus.Desc) { ch <- alertActiveDesc }

// Collect implements prometheus.Collector. An alert is exposed once even
// if active lists it twice.
func (a *Alerts) Collect(ch chan<- prometheus.Metric) {
	seen := map[ActiveAlert]bool{}
	for _, al := range a.active() {
		if seen[al] {
			continue
		}
		seen[al] = true
		ch <- prometheus.MustNewConstMetric(alertActiveDesc, prometheus.GaugeValue, 1, al.Host, al.Rule, al.Severity)
	}
}
