package monitor

import (
	"log/slog"
	"time"

	"lookout/config"
	"lookout/engine/history"
)

// HistoryOptions are the history store's options from cfg's [history]
// section. An empty dir is the data directory of
// lookout/internal/paths ($STATE_DIRECTORY under systemd).
func HistoryOptions(cfg config.Config, log *slog.Logger) history.Options {
	h := cfg.History
	dir := h.Dir // "" is the data directory (lookout/internal/paths)
	maxSize := int64(h.MaxSize)
	if maxSize == 0 {
		maxSize = -1
	}
	return history.Options{Dir: dir, RawRetention: time.Duration(h.RawRetention), MinuteRetention: time.Duration(h.MinuteRetention),
		TenMinuteRetention: time.Duration(h.TenMinuteRetention), MaxSize: maxSize, Log: log}
}

// OpenHistory opens the history store of cfg, or returns nil when
// [history] enabled = false.
func OpenHistory(cfg config.Config, log *slog.Logger) (*history.Store, error) {
	if !cfg.History.Enabled {
		return nil, nil
	}
	return history.Open(HistoryOptions(cfg, log))
}
