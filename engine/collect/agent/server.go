package agent

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"lookout/entity"

	"lookout/engine"
)

// SnapshotPath and MetricsPath are the agent's endpoints.
const (
	SnapshotPath = "/api/v1/snapshot"
	MetricsPath  = "/metrics"
)

// HandlerOptions configure the agent's HTTP handler.
type HandlerOptions struct {
	// Token is the bearer token every request must carry. It must not be
	// empty.
	Token []byte
	// New returns a collector of this machine that counts the process
	// keywords and checks the required names. The handler keeps one per
	// distinct pair of lists (at most MaxCollectors), each with its own
	// counters.
	New func(keywords, required []string) engine.Collector
	// Timeout bounds one collection (default 10 s).
	Timeout time.Duration
	// MinGap: requests closer than this to the start of the previous
	// collection of the same lists get the previous snapshot again, so
	// that two pollers do not shrink each other's rate windows to nothing
	// (default 500 ms: half the shortest poll interval, so that one Lookout
	// polling every second always gets a fresh snapshot, whatever the
	// jitter).
	MinGap time.Duration
	// Warmup is the pause between the two reads made for a new set of
	// lists, so that its first snapshot already has rates (default
	// 250 ms).
	Warmup time.Duration
	Log    *slog.Logger
	Now    func() time.Time
}

// MaxCollectors caps the distinct (count, require) lists served.
const MaxCollectors = 16

// processName is what a keyword or required name may contain (the same
// rule as the configuration's).
var processName = regexp.MustCompile(`^[A-Za-z0-9_.:+@/-][A-Za-z0-9_.:+@/ -]{0,63}$`)

// Handler serves the agent's endpoints.
type Handler struct {
	opt       HandlerOptions
	tokenHash [32]byte
	log       *slog.Logger

	mu   sync.Mutex
	cols map[string]*entry
}

type entry struct {
	mu      sync.Mutex
	col     engine.Collector
	last    entity.Snapshot
	lastAt  time.Time
	warm    bool
	lastUse time.Time
}

// NewHandler returns the agent handler. It fails without a token.
func NewHandler(opt HandlerOptions) (*Handler, error) {
	if len(bytes.TrimSpace(opt.Token)) == 0 {
		return nil, errors.New("agent: empty token")
	}
	if opt.New == nil {
		return nil, errors.New("agent: no collector")
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 10 * time.Second
	}
	if opt.MinGap <= 0 {
		opt.MinGap = 500 * time.Millisecond
	}
	if opt.Warmup <= 0 {
		opt.Warmup = 250 * time.Millisecond
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Handler{opt: opt, tokenHash: sha256.Sum256(opt.Token), log: opt.Log.With("collector", "agent"),
		cols: map[string]*entry{}}, nil
}

// authorized compares the bearer token in constant time (hashes of equal
// length, so not even the token's length leaks).
func (h *Handler) authorized(r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(tok)))
	return subtle.ConstantTimeCompare(got[:], h.tokenHash[:]) == 1
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="lookout"`)
		http.Error(w, "401 unauthorized: send Authorization: Bearer TOKEN", http.StatusUnauthorized)
		h.log.Info("unauthorized request", "remote", r.RemoteAddr, "path", r.URL.Path)
		return
	}
	if r.URL.Path != SnapshotPath && r.URL.Path != MetricsPath {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	keywords, err := names(r, "count")
	if err == nil {
		var required []string
		required, err = names(r, "require")
		if err == nil {
			h.serve(w, r, keywords, required)
			return
		}
	}
	http.Error(w, "400 bad request: "+err.Error(), http.StatusBadRequest)
}

func names(r *http.Request, param string) ([]string, error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	var out []string
	for _, v := range q[param] {
		for _, n := range strings.Split(v, ",") {
			if n == "" {
				continue
			}
			if !processName.MatchString(n) {
				return nil, fmt.Errorf("%s: process name %q: only letters, digits, spaces and _ . : + @ / - are allowed", param, n)
			}
			out = append(out, n)
		}
	}
	if len(out) > 64 {
		return nil, fmt.Errorf("%s: at most 64 names", param)
	}
	return out, nil
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request, keywords, required []string) {
	snap, err := h.snapshot(r.Context(), keywords, required)
	if err != nil {
		h.log.Warn("collect failed", "err", err)
		http.Error(w, "503 collection failed: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if r.URL.Path == MetricsPath {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		WriteMetrics(w, snap)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(snap)
}

// snapshot collects with the collector of these lists, making it when
// needed.
func (h *Handler) snapshot(ctx context.Context, keywords, required []string) (entity.Snapshot, error) {
	key := strings.Join(keywords, ",") + "\x00" + strings.Join(required, ",")
	now := h.opt.Now()
	h.mu.Lock()
	e, ok := h.cols[key]
	if !ok {
		if len(h.cols) >= MaxCollectors {
			var oldest string
			for k, c := range h.cols {
				if oldest == "" || c.lastUse.Before(h.cols[oldest].lastUse) {
					oldest = k
				}
			}
			delete(h.cols, oldest)
		}
		e = &entry{col: h.opt.New(keywords, required)}
		h.cols[key] = e
	}
	e.lastUse = now
	h.mu.Unlock()

	e.mu.Lock()
	defer e.mu.Unlock()
	if e.warm && now.Sub(e.lastAt) < h.opt.MinGap {
		return e.last, nil
	}
	ctx, cancel := context.WithTimeout(ctx, h.opt.Timeout)
	defer cancel()
	if !e.warm {
		if _, err := e.col.Collect(ctx); err != nil {
			return entity.Snapshot{}, err
		}
		select {
		case <-ctx.Done():
			return entity.Snapshot{}, ctx.Err()
		case <-time.After(h.opt.Warmup):
		}
	}
	s, err := e.col.Collect(ctx)
	if err != nil {
		return entity.Snapshot{}, err
	}
	// Stamped with the request's arrival, not the end of the collection:
	// the gap to the next request is measured between requests.
	e.last, e.lastAt, e.warm = s, now, true
	return s, nil
}
