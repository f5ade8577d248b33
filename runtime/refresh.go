package runtime

import (
	"context"
	"time"

	"lookout/engine/alert"
	"lookout/notifier"
	"lookout/notifier/setup"
)

// refreshLoop hands the channels that want them (Alertmanager) the alerts
// that still fire, every interval: the alerts that were sent (a silence
// that held an alert from its start kept it from them), as the engine
// holds them now, so a restart or a reload does not let Alertmanager
// resolve what still fires.
func (s *Service) refreshLoop(ctx context.Context, n *setup.Notifier, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		s.mu.Lock()
		eng := s.Alerts
		s.mu.Unlock()
		if eng == nil {
			continue
		}
		var firing []notifier.Alert
		for _, ev := range eng.Active() {
			if ev.Sent && ev.Kind != alert.KindResolved {
				firing = append(firing, ToNotifierAlert(ev, s.Monitor.Store))
			}
		}
		if len(firing) == 0 {
			continue
		}
		if err := n.Refresh(ctx, firing); err != nil && ctx.Err() == nil {
			s.log.Warn("alerts not re-sent", "err", err)
		}
	}
}
