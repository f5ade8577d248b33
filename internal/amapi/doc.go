// Package amapi is a small client of Alertmanager's HTTP API v2: post
// alerts, list the active ones, create and expire silences. The
// Alertmanager channel (notifier/alertmanager) and the Alertmanager
// sources of the window (runtime) share it.
//
// It is plain net/http over the JSON shapes of Alertmanager's OpenAPI
// document (api/v2/openapi.yaml: postableAlert, gettableAlert,
// postableSilence, gettableSilence) rather than Alertmanager's generated Go
// client: that client brings the go-openapi runtime and the whole
// alertmanager module for four endpoints whose shapes have been stable
// since 0.16. Authentication and TLS are prometheus/common/config's
// HTTPClientConfig, as Prometheus and Alertmanager configure theirs.
package amapi
