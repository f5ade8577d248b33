// Package render turns the notifier's messages into text in each
// service's dialect.
//
// Rendering has two steps. Build turns a Message (alerts, a report or a
// test) into a Doc: a neutral document of sections, items, lines and
// spans, each span carrying its colour grade, in English or Simplified
// Chinese, with the rules' human names and durations of internal/i18n
// ("Memory", "Disk /data", "since 14:02, for 2 min", "was critical",
// "Reminder: still firing since 14:02, for 2 h"). A value has one colour
// in a message: its alert's severity, wherever it shows. Each dialect
// (WeCom markdown with <font color>: info green, comment grey, warning
// orange, critical in bold orange; DingTalk markdown, Slack mrkdwn,
// Telegram HTML, Discord markdown with coloured marks; Feishu lark_md,
// e-mail HTML, plain text) then writes the Doc with its own escaping
// within the service's size limit: every item in full when they fit, else
// one compact line per item, so that a storm names every host; only when
// even the compact lines are too long are whole items dropped from the
// end ("…and 7 more"), which the dispatcher's grouping, splitting large
// groups, never lets happen.
//
// What a monitored host reports (process names, mount points, poll
// errors) is data, never markup: Build puts it on one line (a line break
// shows as "␤", other control characters as "�"), and each dialect
// escapes, or replaces with look-alikes where it has no escape character,
// whatever would start a link, emphasis, code, a heading, a quote, a tag
// or an @-mention. The hostile-* goldens under testdata show the result.
package render
