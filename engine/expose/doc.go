// Package expose writes Lookout's snapshots in the Prometheus exposition
// format, for lookoutd's /metrics (every host it watches) and the pull
// agent's (its own host). It is built on the Prometheus Go client
// (github.com/prometheus/client_golang), the library Prometheus' own
// exporters use, so content negotiation, escaping and compression are
// theirs, not hand-written.
//
// Series carry a host label and, where the snapshot has the figure
// node_exporter exports, node_exporter's name and unit: node_load1,
// node_memory_MemAvailable_bytes, node_filesystem_avail_bytes{mountpoint},
// node_network_receive_bytes_total{device}, node_boot_time_seconds. A
// query or dashboard written for node_exporter therefore works on
// Lookout's hosts with instance replaced by host. Figures node_exporter
// only has as counters Lookout already turned into rates are under lookout_:
// lookout_cpu_usage_percent, lookout_cpu_mode_percent{mode},
// lookout_disk_read_bytes_per_second, lookout_filesystem_used_percent,
// lookout_processes, lookout_processes_matching{keyword},
// lookout_process_missing{name}.
//
// Health is Lookout's own state: poll durations, poll errors by kind,
// each host's polling state and the outbox depth.
package expose
