// Package containers reads the containers of a Docker or Podman engine
// through its Engine API on a unix socket (/var/run/docker.sock,
// /run/podman/podman.sock): per container its name, image, state,
// restarts, CPU %, memory used and limit, and network rates.
//
// One poll (Collector.Collect) asks the engine for
//
//	GET /containers/json?all=1                        the list
//	GET /containers/{id}/json                         restarts, state, exit code
//	GET /containers/{id}/stats?stream=false&one-shot=true   running ones only
//
// one-shot (API 1.41, Podman 4) answers at once instead of sampling for a
// second or two, so the CPU and network rates are computed here from the
// previous poll's counters, with the formula of `docker stats`; an engine
// that ignores one-shot sends its own previous sample (precpu_stats), which
// is used for a container seen for the first time.
//
// The parsers (ParseList, ParseInspect, ParseStats) and the arithmetic
// (CPUPercent, MemUsed, Build) are pure and tested on JSON captured from a
// real dockerd 20.10 and Podman 4.3 (testdata/). The engine is not trusted:
// every response is read through a size limit, the list is cut at
// MaxContainers, container IDs must be 64 hex digits before they go into a
// URL, names are cut at MaxNameLen and control characters dropped.
package containers
