package render

import (
	"fmt"
	"strings"

	"lookout/notifier"
)

// Summary is m on one line for lists (lookout outbox), in o's language,
// with human names: "[CRITICAL] web-1: Memory", "[WARNING] 3 alerts:
// web-1 Memory, db-1 Load per core, +1", "【严重】2 条告警：web-1 内存、
// db-1 每核负载". A report or a test message is its title.
func Summary(m *notifier.Message, o Options) string {
	o = o.withDefaults()
	if m.Kind != notifier.KindAlert || len(m.Alerts) < 2 {
		return Build(m, o).Title
	}
	m = untrusted(m)
	p := o.Lang.p()
	state := sevName(m.Severity(), p)
	if m.Resolved() {
		state = p.resolved
	}
	alerts := sortAlerts(m.Alerts)
	var names []string
	for _, a := range alerts[:min(3, len(alerts))] {
		names = append(names, a.Host+" "+ruleName(a, o.Lang))
	}
	if len(alerts) > 3 {
		names = append(names, fmt.Sprintf("+%d", len(alerts)-3))
	}
	return p.bracket[0] + state + p.bracket[1] + fmt.Sprintf(p.alertsList, len(alerts), strings.Join(names, p.list))
}
