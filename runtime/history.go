package runtime

import (
	"log/slog"
	"time"

	"lookout/config"
	"lookout/engine/history"
	"lookout/internal/paths"
)

// HistoryOptions are the history store's options from cfg's [history]
// section. An empty dir is the data directory of dirs ($STATE_DIRECTORY
// under systemd; see lookout/internal/paths).
func HistoryOptions(cfg config.Config, dirs paths.Dirs, log *slog.Logger) history.Options {
	h := cfg.History
	dir := h.Dir
	if dir == "" {
		dir = dirs.Data
	}
	maxSize := int64(h.MaxSize)
	if maxSize == 0 {
		maxSize = -1
	}
	return history.Options{Dir: dir, RawRetention: time.Duration(h.RawRetention), MinuteRetention: time.Duration(h.MinuteRetention),
		TenMinuteRetention: time.Duration(h.TenMinuteRetention), MaxSize: maxSize, Log: log}
}
