// Package engine holds Lookout's monitoring core: the Collector interface
// (the snapshot types it returns are in lookout/entity, the shared
// vocabulary), the per-host delta tracker that turns
// cumulative counters into rates and percentages, the in-memory ring buffer
// of recent samples, and the sampler that polls each target on its own
// goroutine. The sampler passes every snapshot through Sanitize (bounds on
// its size, impossible values refused with a host error naming the field),
// counts a poll as at most one failure (polls never overlap; one that
// overruns its interval is followed by the next slot after it ends, so a
// timeout longer than the interval is honoured), and stores nothing for
// the rates of a first reading (Snapshot.RatesUnknown).
//
// Collectors live in subpackages (engine/collect/...), one per kind of
// target. Nothing in engine imports Fyne: the views read snapshots through
// the Store interface and are told of new samples by the sampler's
// subscriber callback.
package engine
