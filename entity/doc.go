// Package entity is Lookout's shared vocabulary: the types and names that
// the producers of data (collectors, the sampler, the pull agent) and its
// consumers (config, the alert engine, history, charts, reports, views and
// the notifier's callers) all speak, and nothing else.
//
//   - Snapshot and its parts (CPUStat, MemStat, DiskStat, ...): one
//     reading of one host. Its JSON is Lookout's wire format (the pull
//     agent's /api/v1/snapshot and `lookout snapshot --json`).
//   - Metric names and Snapshot.Value: how a series is read out of a
//     snapshot ("cpu", "disk:/data", "net_rx:eth0", ...).
//   - Point: one value of a series at one time; NaN is a gap.
//   - Grades and Level: the colour grades (blue ≤ 30 %, orange, red ≥ 80 %).
//   - HostState, HostStatus and ErrorKind: a host's polling state.
//   - The rule catalogue (rule names, severities, Rule and RuleSet as the
//     alert engine runs them).
//
// It is a leaf: it imports only the standard library, so that config and
// engine share it instead of importing each other (the model is beszel's
// internal/entities). Behaviour lives elsewhere; what is here is data and
// the few pure methods that read it.
package entity
