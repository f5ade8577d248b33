// Package agent is Lookout's pull agent: the HTTP handler that `lookoutd
// agent` serves on a server, and the Collector with which a workstation
// polls it.
//
// The agent serves two read-only endpoints, both behind a bearer token
// (compared in constant time; anything else is 401):
//
//	GET /api/v1/snapshot   the entity.Snapshot JSON (Lookout's wire format)
//	GET /metrics           the same figures in the Prometheus text format,
//	                       with node_exporter's names where the quantity is
//	                       the same (node_load1, node_memory_MemTotal_bytes,
//	                       node_filesystem_avail_bytes, ...) and lookout_
//	                       names for Lookout's derived ones (percentages,
//	                       rates, process checks)
//
// Both take optional query parameters count=NAME,... and require=NAME,...:
// the process keywords to count and the process names that must run, so
// that the workstation's per-host process checks work without any
// configuration on the server.
//
// The Prometheus text format is written by hand (metrics.go): it is a few
// lines of escaping rules, and github.com/prometheus/client_golang would
// pull about ten modules into a binary meant to be small and copied to
// servers. The tests check the output with promtool.
package agent
