package containers

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"lookout/entity"
)

// Concurrency is how many containers a Collector reads at once.
const Concurrency = 4

// Collector polls one engine and keeps the counters between polls that
// the rates need. Its methods must not be called concurrently.
type Collector struct {
	client *Client
	engine string
	prev   map[string]*Reading
}

// NewCollector returns a collector of the engine on the unix socket at
// path.
func NewCollector(path string) *Collector {
	return &Collector{client: NewClient(path), prev: map[string]*Reading{}}
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
		ins  *Inspect
		st   *Stats
		gone bool
		err  error
	}
	res := make([]result, len(list))
	sem := make(chan struct{}, Concurrency)
	var wg sync.WaitGroup
	for i, s := range list {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			r := &res[i]
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
	for i, s := range list {
		r := res[i]
		if r.gone {
			continue
		}
		errs = append(errs, r.err)
		st, keep := Build(c.engine, s, r.ins, r.st, c.prev[s.ID])
		if keep != nil {
			next[s.ID] = keep
		}
		out = append(out, st)
	}
	c.prev = next
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
