// Package prom reads hosts through Prometheus instead of polling them
// directly:
//
//   - NodeExporter is the Collector of a host that runs node_exporter
//     (prometheus = "http://host:9100/metrics" in a [[hosts]] entry). It
//     scrapes the text exposition format and maps node_* series onto an
//     entity.Snapshot: CPU from node_cpu_seconds_total through
//     engine.Deltas, memory and swap from node_memory_*, filesystems,
//     network and disk throughput, load, uptime and hwmon temperatures.
//   - Fleet reads a whole fleet's latest figures from a Prometheus server's
//     HTTP API (promql = "http://prometheus:9090"): one set of instant
//     queries per poll for every instance, each instance a Lookout host, and
//     query_range for charts. Prometheus is the scale path: a fleet too large
//     for one workstation's polling is already scraped there.
//
// Parsing uses github.com/prometheus/common/expfmt, the parser Prometheus'
// own client libraries and tools use for the text format, rather than
// prometheus/prometheus's textparse, which drags in the whole server
// module. The HTTP API is read with client_golang's api/prometheus/v1, the
// maintained client of that API.
package prom
