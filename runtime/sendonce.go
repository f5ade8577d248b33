package runtime

import (
	"context"
	"errors"
	"log/slog"

	"lookout/config"
	"lookout/engine/report"
	"lookout/notifier/outbox"
	"lookout/notifier/setup"
)

// SendReportOnce delivers a built report from the command line: it opens
// the outbox and the channels of cfg, queues the report for channels (or
// every channel that takes reports when all is set), delivers it and waits
// for the services' answers until ctx ends. Another running Lookout holds
// the outbox; then this fails with outbox.ErrLocked and the window's (or
// the daemon's) own button is the way.
func SendReportOnce(ctx context.Context, cfg config.Config, r *report.Report, png []byte, channels []string, all bool, log *slog.Logger) ([]Delivery, error) {
	if !all && len(channels) == 0 {
		return nil, errors.New("name a channel, or ask for all of them")
	}
	if all {
		channels = nil
	}
	n, err := setup.Build(cfg, setup.Options{Log: log})
	if err != nil {
		if errors.Is(err, outbox.ErrLocked) {
			return nil, errors.New("another Lookout is running and holds the outbox: use its \"Send report to group\"")
		}
		return nil, err
	}
	defer n.Outbox.Close()
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		n.Run(runCtx)
	}()
	defer func() { cancel(); <-done }()
	s := &Service{notifier: n, log: log}
	pages := [][]byte{png}
	if png == nil { // draw the pages channels take
		var err error
		if pages, err = report.RenderPages(r, ReportImageOptions(cfg)); err != nil {
			return nil, err
		}
	}
	ids, err := s.sendReport(ctx, r, pages, channels...)
	if err != nil && len(ids) == 0 {
		return nil, err
	}
	return s.WaitDelivered(ctx, ids), err
}
