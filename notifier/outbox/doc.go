// Package outbox is the notifier's durable queue on disk: every message is
// written here before any network is touched, and removed only once the
// service has accepted it. Messages queued while the network is down, or
// while Lookout is closed, are delivered afterwards in order.
//
// Layout: one JSON file per message, queue/<channel>/<id>.json, and the
// messages that failed past their attempts in dead/<channel>/<id>.json.
// Small state files of the dispatcher (fired.json) sit next to them,
// written the same atomic way (ReadState, WriteState).
// IDs sort in the order messages were queued (time, then a counter, never
// going backwards even if the clock does). Every write goes to a temporary
// file that is synced and renamed into place, and the directory is synced,
// so a crash leaves either the old or the new file, never half of one.
//
// The format is plain files rather than an embedded database so that an
// admin can read, copy or delete a stuck message with ordinary tools, and
// `lookout outbox` can list it while the app runs. One process delivers
// from an outbox at a time (Lock takes an advisory lock).
package outbox
