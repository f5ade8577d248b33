// Package notifier delivers Lookout's alerts and reports to people: chat
// robots (WeCom, DingTalk, Feishu/Lark, Slack, Telegram, Discord, a WeChat
// official account), e-mail, a generic JSON webhook and the desktop.
//
// The package holds the parts every channel shares:
//
//   - the input types (Alert, Report, Message), defined here so that the
//     notifier never imports the engine: the caller maps its own events;
//   - the Channel interface, which each service implements in its own
//     subpackage (notifier/wecom, notifier/dingtalk, ...) after the
//     pattern of Alertmanager's notify package: Send returns whether a
//     failure is worth retrying, and one shared stage does the retrying;
//   - the Dispatcher, which routes alerts by severity and host (and sends
//     a resolution to every channel that was sent the alert's firing, at
//     any severity, recorded in the outbox's fired.json so that it
//     survives a restart), groups the
//     alerts of one evaluation round into one message per channel, writes
//     every message to an on-disk outbox (notifier/outbox) before anything
//     touches the network, gathers the rounds queued for a channel into
//     few messages as Alertmanager does (Grouping: group_wait,
//     group_interval; a storm of 30 hosts is two messages naming every
//     host, split when a group is too large for one), and delivers each
//     channel's queue in order,
//     keeping the service's rate limit, retrying with exponential backoff
//     and jitter, and moving a message that cannot be delivered to a
//     dead-letter list that `lookout outbox` shows.
//
// Rendering into each service's dialect lives in notifier/render; building
// channels from the configuration in notifier/setup.
//
// Secrets (robot keys, signing secrets, passwords) never appear in logs,
// errors or the outbox: channels report failures as ServiceError values
// built from the service's reply, with every secret of the channel
// replaced by "<secret>" (see Redactor). The raw replies `lookout
// notify-test` prints go through the same redaction (RedactReplies), in
// the escaped forms a service that echoes the request shows them in.
package notifier
