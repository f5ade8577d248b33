package containers

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"lookout/entity"
)

// Concurrency is how many containers a Collector reads at once. It is
// high because the requests mostly wait: dockerd answers a stats request
// on the next tick of its stats collector (once a second), one tick for
// every request waiting on it, so reading 50 containers four at a time
// took 13 s and all at once takes about one tick.
const Concurrency = 64

// InspectMaxAge is how long a container's inspect (its restart count) is
// reused while its list entry (state and status text) stays the same;
// older ones are refreshed a quarter of the containers per poll. A restart
// changes the status text ("Up 3 hours" becomes "Up 1 second"), so the
// cache only delays a count when two restarts leave the same text. It
// saves one request per container and poll: half of a poll's CPU.
const InspectMaxAge = 10 * time.Second

// Collector polls one engine and keeps the counters between polls that
// the rates need. Its methods must not be called concurrently.
type Collector struct {
	client *Client
	engine string
	prev   map[string]*Reading
	ins    map[string]cachedInspect
	now    func() time.Time
}

type cachedInspect struct {
	Inspect
	state, status string
	at            time.Time
}

// NewCollector returns a collector of the engine on the unix socket at
// path.
func NewCollector(path string) *Collector {
	return NewCollectorClient(NewClient(path))
}

// NewCollectorClient returns a collector of the engine client reaches
// (NewClientDial: an engine on an SSH remote).
func NewCollectorClient(client *Client) *Collector {
	return &Collector{client: client, prev: map[string]*Reading{}, ins: map[string]cachedInspect{}, now: time.Now}
}

// Close drops the collector's idle connections.
func (c *Collector) Close() { c.client.Close() }

// Collect reads every container of the engine, in the engine's list order.
// It returns the containers it could read together with an error joining
// what went wrong (a container whose inspect or stats failed is still
// listed, with the list's state and no figures); a container removed
// during the poll is left out silently. An engine that cannot be reached
// returns no containers and the error.
func (c *Collector) Collect(ctx context.Context) ([]entity.ContainerStat, error) {
	if c.engine == "" {
		e, err := c.client.Engine(ctx)
		if err != nil {
			return nil, err
		}
		c.engine = e
	}
	list, listErr := c.client.List(ctx)
	if list == nil && listErr != nil {
		return nil, listErr
	}
	type result struct {
		ins    *Inspect
		cached bool
		st     *Stats
		gone   bool
		err    error
	}
	now := c.now()
	res := make([]result, len(list))
	// Unchanged entries older than InspectMaxAge are refreshed a few per
	// poll (the oldest first), so a poll after a quiet spell does not
	// inspect every container at once.
	var stale []int
	for i, s := range list {
		ci, ok := c.ins[s.ID]
		if !ok || ci.state != s.State || ci.status != s.Status {
			continue
		}
		ins := ci.Inspect
		res[i].ins, res[i].cached = &ins, true
		if now.Sub(ci.at) >= InspectMaxAge {
			stale = append(stale, i)
		}
	}
	sort.Slice(stale, func(a, b int) bool { return c.ins[list[stale[a]].ID].at.Before(c.ins[list[stale[b]].ID].at) })
	for _, i := range stale[:min(len(stale), len(list)/4+1)] {
		res[i].ins, res[i].cached = nil, false
	}
	sem := make(chan struct{}, Concurrency)
	var wg sync.WaitGroup
	for i, s := range list {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			r := &res[i]
			if !r.cached {
				ins, err := c.client.Inspect(ctx, s.ID)
				if errors.Is(err, ErrNotFound) {
					r.gone = true
					return
				}
				if err != nil {
					r.err = err
				} else {
					r.ins = &ins
				}
			}
			state := s.State
			if r.ins != nil {
				state = r.ins.State
			}
			if state != entity.ContainerRunning {
				return
			}
			st, err := c.client.Stats(ctx, s.ID)
			switch {
			case errors.Is(err, ErrNotFound):
				r.gone = true
			case errors.Is(err, ErrNotRunning):
				// Stopped since its inspect: the next poll sees it so.
			case err != nil:
				r.err = errors.Join(r.err, err)
			default:
				r.st = &st
			}
		}()
	}
	wg.Wait()
	errs := []error{listErr}
	out := make([]entity.ContainerStat, 0, len(list))
	next := make(map[string]*Reading, len(list))
	nextIns := make(map[string]cachedInspect, len(list))
	for i, s := range list {
		r := res[i]
		if r.gone {
			continue
		}
		switch {
		case r.cached:
			nextIns[s.ID] = c.ins[s.ID]
		case r.ins != nil:
			nextIns[s.ID] = cachedInspect{Inspect: *r.ins, state: s.State, status: s.Status, at: now}
		}
		errs = append(errs, r.err)
		st, keep := Build(c.engine, s, r.ins, r.st, c.prev[s.ID])
		if keep != nil {
			next[s.ID] = keep
		}
		out = append(out, st)
	}
	c.prev, c.ins = next, nextIns
	if err := errors.Join(errs...); err != nil {
		return out, fmt.Errorf("containers: %w", err)
	}
	return out, nil
}

// Sockets returns the Engine API sockets that exist on this machine, in
// this order: $DOCKER_HOST when it is unix://, /var/run/docker.sock,
// /run/podman/podman.sock, $XDG_RUNTIME_DIR/podman/podman.sock. A path
// reached twice (the Podman docker.sock shim) is listed once.
func Sockets() []string {
	var cand []string
	if h := os.Getenv("DOCKER_HOST"); len(h) > len("unix://") && h[:7] == "unix://" {
		cand = append(cand, h[7:])
	}
	cand = append(cand, "/var/run/docker.sock", "/run/podman/podman.sock")
	if x := os.Getenv("XDG_RUNTIME_DIR"); x != "" {
		cand = append(cand, filepath.Join(x, "podman", "podman.sock"))
	}
	seen := map[string]bool{}
	var out []string
	for _, p := range cand {
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			continue
		}
		fi, err := os.Stat(real)
		if err != nil || fi.Mode()&os.ModeSocket == 0 || seen[real] {
			continue
		}
		seen[real] = true
		out = append(out, p)
	}
	return out
}
