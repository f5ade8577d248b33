package render

import (
	"html"
	"strings"
)

// style is how one dialect writes a Doc.
type style struct {
	escape func(string) string
	bold   func(string) string // text already escaped
	code   func(string) string // text raw: the dialect escapes for code
	color  func(string, Level) string
	// marks prefixes each item's headline with a coloured emoji, for
	// dialects without colours.
	marks   bool
	title   func(d Doc) string // header, escaped by the function
	heading func(string) string
	detail  string // prefix of an item's lines after the first
	lineSep string // between the lines of an item
	sep     string // between head, items and tail
	footer  func(string) string
}

// Mark is the emoji that stands for a level where a dialect has no colour.
func Mark(l Level) string {
	switch l {
	case High:
		return "🔴"
	case Mid:
		return "🟠"
	case Low:
		return "🔵"
	case Good:
		return "✅"
	}
	return ""
}

func (s style) span(sp Span) string {
	var t string
	if sp.Code && s.code != nil {
		t = s.code(sp.Text)
	} else {
		t = s.escape(sp.Text)
	}
	if sp.Bold && s.bold != nil && t != "" {
		t = s.bold(t)
	}
	if sp.Level != None && s.color != nil && t != "" {
		t = s.color(t, sp.Level)
	}
	return t
}

func (s style) line(l Line) string {
	var b strings.Builder
	for _, sp := range l {
		b.WriteString(s.span(sp))
	}
	return b.String()
}

func (s style) item(it Item) string {
	var lines []string
	for i, l := range it.Lines {
		t := s.line(l)
		if i == 0 && s.marks {
			if m := Mark(it.Level); m != "" {
				t = m + " " + t
			}
		}
		if i > 0 {
			t = s.detail + t
		}
		lines = append(lines, t)
	}
	return strings.Join(lines, s.lineSep)
}

// chunks renders the sections of d.
func (s style) chunks(d Doc) []chunk {
	var cs []chunk
	for _, sec := range d.Sections {
		if sec.Heading != "" && s.heading != nil {
			cs = append(cs, chunk{text: s.heading(s.escape(sec.Heading))})
		}
		for _, it := range sec.Items {
			cs = append(cs, chunk{text: s.item(it), count: true})
		}
	}
	return cs
}

// compactChunks renders the sections of d with one line per item, the
// items of a section together in one chunk.
func (s style) compactChunks(d Doc) []chunk {
	var cs []chunk
	for _, sec := range d.Sections {
		if sec.Heading != "" && s.heading != nil {
			cs = append(cs, chunk{text: s.heading(s.escape(sec.Heading))})
		}
		for _, it := range sec.Items {
			cs = append(cs, chunk{text: s.item(Item{Level: it.Level, Lines: []Line{it.compact()}}), count: true})
		}
	}
	return cs
}

// render writes d within limit as measured by size: every item in full
// when they fit; else every item on one compact line (a storm names every
// host); only when even that is too long, whole items are dropped from
// the end and counted ("…and 7 more"), which a dispatcher that splits
// large groups into several messages never lets happen.
func (s style) render(d Doc, limit int, size Size) string {
	var foot string
	if d.Footer != "" && s.footer != nil {
		foot = s.footer(s.escape(d.Footer))
	}
	more := func(n int) string { return s.escape(d.Lang.More(n)) }
	full := s.chunks(d)
	if limit <= 0 || size(join(s.title(d), full, foot, s.sep, s.sep)) <= limit {
		return fit(s.title(d), full, foot, s.sep, limit, size, more)
	}
	compact := s.compactChunks(d)
	if out := join(s.title(d), compact, foot, s.sep, s.lineSep); size(out) <= limit {
		return out
	}
	return fit(s.title(d), compact, foot, s.sep, limit, size, more)
}

// join writes head, the chunks and tail: head, the chunks and tail are
// separated by sep, consecutive items by itemSep; empty parts are
// skipped.
func join(head string, cs []chunk, tail, sep, itemSep string) string {
	var b strings.Builder
	prevItem := false
	add := func(t, before string) {
		if t == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteString(before)
		}
		b.WriteString(t)
	}
	add(head, sep)
	for _, c := range cs {
		before := sep
		if c.count && prevItem {
			before = itemSep
		}
		add(c.text, before)
		prevItem = c.count
	}
	add(tail, sep)
	return b.String()
}

// wecomColor maps levels to WeCom's three markdown colours (robot-api.md:
// info green, comment grey, warning orange-red): resolved is green, a low
// grade grey, a warning or a middle grade orange, a critical or a high
// grade orange in bold (WeCom has no red). A warning is never grey.
func wecomColor(t string, l Level) string {
	c := "comment"
	switch l {
	case Good:
		c = "info"
	case Mid:
		c = "warning"
	case High:
		c = "warning"
		if !strings.HasPrefix(t, "**") {
			t = "**" + t + "**"
		}
	}
	return `<font color="` + c + `">` + t + `</font>`
}

// noMention keeps an "@" from starting a mention: a zero-width space
// follows it.
const noMention = "@\u200b"

// wecomEscape keeps user text from opening tags, code, links, emphasis or
// headings in WeCom's markdown, which has no escape character: those
// characters become their full-width look-alikes.
// A link needs "](": its bracket goes full-width, a lone one stays.
var wecomEscape = strings.NewReplacer("<", "＜", ">", "＞", "`", "｀", "](", "］(", "*", "＊", "#", "＃", "@", noMention).Replace

// wecomCode is the text of an inline code span: no backtick (which would
// end it), no tag, link or mention.
var wecomCode = strings.NewReplacer("`", "'", "<", "＜", ">", "＞", "](", "］(", "*", "＊", "@", noMention).Replace

var wecomStyle = style{
	escape:  wecomEscape,
	bold:    func(t string) string { return "**" + t + "**" },
	code:    func(t string) string { return "`" + wecomCode(t) + "`" },
	color:   wecomColor,
	title:   func(d Doc) string { return wecomColor("**"+wecomEscape(d.Title)+"**", d.Level) },
	heading: func(t string) string { return "**" + t + "**" },
	detail:  "> ",
	lineSep: "\n",
	sep:     "\n\n",
	footer:  func(t string) string { return `<font color="comment">` + t + `</font>` },
}

// WeComMarkdown renders d as a WeCom markdown message of at most limit
// bytes.
func WeComMarkdown(d Doc, limit int) string { return wecomStyle.render(d, limit, Bytes) }

// mdEscape backslash-escapes the characters that start emphasis, links,
// code, headings, tags or mentions in common Markdown.
var mdEscape = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;",
	"#", `\#`, "@", noMention).Replace

var dingtalkStyle = style{
	escape:  mdEscape,
	bold:    func(t string) string { return "**" + t + "**" },
	code:    func(t string) string { return mdEscape(t) },
	marks:   true,
	title:   func(d Doc) string { return "#### " + mdEscape(d.Title) },
	heading: func(t string) string { return "##### " + t },
	detail:  "> ",
	// DingTalk's markdown joins single newlines into one paragraph.
	lineSep: "\n\n",
	sep:     "\n\n",
	footer:  func(t string) string { return "###### " + t },
}

// DingTalkMarkdown renders d as DingTalk markdown text of at most limit
// bytes.
func DingTalkMarkdown(d Doc, limit int) string { return dingtalkStyle.render(d, limit, Bytes) }

// slackEscape escapes the three characters Slack's mrkdwn requires.
var slackEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// slackText escapes text outside code: mrkdwn has no escape character
// for emphasis, so *, _, ~ and ` become look-alikes, and @ cannot start a
// mention.
var slackText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "*", "∗", "_", "＿", "~", "∼", "`", "ˋ", "@", noMention).Replace

var slackStyle = style{
	escape: slackText,
	bold:   func(t string) string { return "*" + t + "*" },
	code: func(t string) string {
		return "`" + strings.ReplaceAll(slackEscape(strings.ReplaceAll(t, "`", "'")), "@", noMention) + "`"
	},
	marks:   true,
	title:   func(d Doc) string { return "" },
	heading: func(t string) string { return "*" + t + "*" },
	detail:  "",
	lineSep: "\n",
	sep:     "\n\n",
	footer:  func(t string) string { return "_" + t + "_" },
}

// SlackItems renders d's sections as Slack mrkdwn texts, one per item
// (section headings become their own texts), each within limit characters.
func SlackItems(d Doc, limit int) []string {
	var out []string
	for _, c := range slackStyle.chunks(d) {
		out = append(out, fit("", []chunk{c}, "", "\n", limit, Runes, func(int) string { return "…" }))
	}
	return out
}

// SlackText renders d as one mrkdwn text within limit characters.
func SlackText(d Doc, limit int) string {
	s := slackStyle
	s.title = func(d Doc) string { return "*" + slackText(d.Title) + "*" }
	return s.render(d, limit, Runes)
}

// TelegramEscape escapes text for Telegram's HTML parse mode: only &, <
// and > (and " in attributes) need it.
var TelegramEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace

// telegramText is TelegramEscape for text, where an @name would become a
// mention.
func telegramText(s string) string { return strings.ReplaceAll(TelegramEscape(s), "@", noMention) }

var telegramStyle = style{
	escape:  telegramText,
	bold:    func(t string) string { return "<b>" + t + "</b>" },
	code:    func(t string) string { return "<code>" + telegramText(t) + "</code>" },
	marks:   true,
	title:   func(d Doc) string { return "<b>" + telegramText(d.Title) + "</b>" },
	heading: func(t string) string { return "<b>" + t + "</b>" },
	detail:  "",
	lineSep: "\n",
	sep:     "\n\n",
	footer:  func(t string) string { return "<i>" + t + "</i>" },
}

// TelegramHTML renders d for parse_mode HTML within limit UTF-16 units
// (counted on the markup, which is never shorter than the text Telegram
// counts after parsing).
func TelegramHTML(d Doc, limit int) string { return telegramStyle.render(d, limit, UTF16) }

// discordEscape backslash-escapes Discord's markdown characters.
var discordEscape = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "~", `\~`, "|", `\|`,
	">", `\>`, "<", `\<`, "#", `\#`, "[", `\[`, "]", `\]`, "(", `\(`, ")", `\)`, "@", noMention).Replace

var discordStyle = style{
	escape: discordEscape,
	bold:   func(t string) string { return "**" + t + "**" },
	code: func(t string) string {
		return "`" + strings.ReplaceAll(strings.ReplaceAll(t, "`", "'"), "@", noMention) + "`"
	},
	marks:   true,
	title:   func(d Doc) string { return "" },
	heading: func(t string) string { return "**" + t + "**" },
	detail:  "",
	lineSep: "\n",
	sep:     "\n\n",
	footer:  func(t string) string { return "" },
}

// DiscordDescription renders d's body (without title and footer, which
// go into the embed's own fields) within limit characters.
func DiscordDescription(d Doc, limit int) string { return discordStyle.render(d, limit, Runes) }

// larkEscape escapes text for Feishu's lark_md: tags (<at>, <font>),
// emphasis, links and mentions.
var larkEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "*", `\*`, "~", `\~`, "_", `\_`, "`", "\\`",
	"[", `\[`, "]", `\]`, "@", noMention).Replace

func larkColor(t string, l Level) string {
	c := map[Level]string{Good: "green", Low: "blue", Mid: "orange", High: "red"}[l]
	if c == "" {
		return t
	}
	return "<font color='" + c + "'>" + t + "</font>"
}

var larkStyle = style{
	escape:  larkEscape,
	bold:    func(t string) string { return "**" + t + "**" },
	code:    func(t string) string { return larkEscape(t) },
	color:   larkColor,
	title:   func(d Doc) string { return "" },
	heading: func(t string) string { return "**" + t + "**" },
	detail:  "",
	lineSep: "\n",
	sep:     "\n\n",
	footer:  func(t string) string { return "<font color='grey'>" + t + "</font>" },
}

// LarkMarkdown renders d's body as Feishu lark_md within limit bytes (the
// title goes into the card's header).
func LarkMarkdown(d Doc, limit int) string { return larkStyle.render(d, limit, Bytes) }

// LarkTemplate is the card header colour for d's level.
func LarkTemplate(l Level) string {
	return map[Level]string{Good: "green", Low: "blue", Mid: "orange", High: "red"}[l]
}

var textStyle = style{
	escape:  func(s string) string { return s },
	title:   func(d Doc) string { return d.Title },
	heading: func(t string) string { return t },
	detail:  "  ",
	lineSep: "\n",
	sep:     "\n\n",
	footer:  func(t string) string { return "-- " + t },
}

// Text renders d as plain text within limit characters, title first.
func Text(d Doc, limit int) string { return textStyle.render(d, limit, Runes) }

// Body renders d as plain text without its title.
func Body(d Doc, limit int) string {
	s := textStyle
	s.title = func(Doc) string { return "" }
	return s.render(d, limit, Runes)
}

// htmlColors are the seeds' grades as CSS colours.
var htmlColors = map[Level]string{Good: "#2e7d32", Low: "#1e88e5", Mid: "#f57c00", High: "#d32f2f"}

var htmlStyle = style{
	escape: html.EscapeString,
	bold:   func(t string) string { return "<b>" + t + "</b>" },
	code:   func(t string) string { return "<code>" + html.EscapeString(t) + "</code>" },
	color: func(t string, l Level) string {
		return `<span style="color:` + htmlColors[l] + `">` + t + "</span>"
	},
	title: func(d Doc) string {
		return `<h2 style="margin:0 0 12px;color:` + htmlColors[d.Level] + `">` + html.EscapeString(d.Title) + "</h2>"
	},
	heading: func(t string) string { return `<h3 style="margin:16px 0 8px">` + t + "</h3>" },
	detail:  "",
	lineSep: "<br>\n",
	sep:     "\n",
	footer: func(t string) string {
		return `<p style="color:#888;font-size:12px;margin-top:16px">` + t + "</p>"
	},
}

// HTML renders d as the body of an HTML e-mail: a title, one block per
// item with a coloured left border, and the footer. cids are Content-IDs
// of inline images to show after the text (as cid: URLs).
func HTML(d Doc, cids []string) string {
	s := htmlStyle
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>\n")
	b.WriteString(`<body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,'Noto Sans CJK SC',sans-serif;font-size:14px;color:#222">` + "\n")
	b.WriteString(s.title(d) + "\n")
	for _, sec := range d.Sections {
		if sec.Heading != "" {
			b.WriteString(s.heading(html.EscapeString(sec.Heading)) + "\n")
		}
		for _, it := range sec.Items {
			border := htmlColors[it.Level]
			if border == "" {
				border = "#ccc"
			}
			b.WriteString(`<div style="border-left:4px solid ` + border + `;padding:4px 10px;margin:8px 0">` + "\n")
			b.WriteString(s.item(it))
			b.WriteString("\n</div>\n")
		}
	}
	for _, id := range cids {
		b.WriteString(`<p><img src="cid:` + html.EscapeString(id) + `" alt="chart" style="max-width:100%"></p>` + "\n")
	}
	if d.Footer != "" {
		b.WriteString(s.footer(html.EscapeString(d.Footer)) + "\n")
	}
	b.WriteString("</body></html>\n")
	return b.String()
}
