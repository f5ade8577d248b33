package engine

import (
	"context"

	"lookout/entity"
)

// Collector reads one target. Implementations keep their own per-host delta
// state, so one Collector serves exactly one host. Collect returns an error
// only when nothing could be read at all (the host is unreachable); partial
// failures go into Snapshot.Errors.
type Collector interface {
	Collect(ctx context.Context) (entity.Snapshot, error)
}

// CollectorFunc adapts a function to the Collector interface.
type CollectorFunc func(ctx context.Context) (entity.Snapshot, error)

// Collect calls f.
func (f CollectorFunc) Collect(ctx context.Context) (entity.Snapshot, error) { return f(ctx) }
