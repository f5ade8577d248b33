// Package render turns the notifier's messages into text in each
// service's dialect.
//
// Rendering has two steps. Build turns a Message (alerts, a report or a
// test) into a Doc: a neutral document of sections, items, lines and
// spans, each span carrying its colour grade, in English or Simplified
// Chinese. Each dialect (WeCom markdown with <font color>, DingTalk
// markdown, Slack mrkdwn, Telegram HTML, Discord markdown, Feishu lark_md,
// e-mail HTML, plain text) then writes the Doc with its own escaping, and
// Fit keeps the result within the service's size limit by dropping whole
// items from the end and saying so ("…and 7 more").
//
// What a monitored host reports (process names, mount points, poll
// errors) is data, never markup: Build puts it on one line (a line break
// shows as "␤", other control characters as "�"), and each dialect
// escapes, or replaces with look-alikes where it has no escape character,
// whatever would start a link, emphasis, code, a heading, a quote, a tag
// or an @-mention. The hostile-* goldens under testdata show the result.
package render
