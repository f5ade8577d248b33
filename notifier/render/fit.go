package render

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Size measures text the way a service counts its limit.
type Size func(string) int

// Size functions for the services' limits.
var (
	// Bytes counts UTF-8 bytes (WeCom, DingTalk, Feishu).
	Bytes Size = func(s string) int { return len(s) }
	// Runes counts characters (Slack, Discord).
	Runes Size = utf8.RuneCountInString
	// UTF16 counts UTF-16 code units (Telegram).
	UTF16 Size = func(s string) int {
		n := 0
		for _, r := range s {
			n += utf16.RuneLen(r)
		}
		return n
	}
)

// chunk is a rendered section heading (count false) or item (count true).
type chunk struct {
	text  string
	count bool
}

// fit joins head, chunks and tail with sep (skipping empty parts) and
// keeps the result within limit (limit <= 0: no limit). Items that do not
// fit are dropped from the end, whole, and replaced by more(n). When not
// even the first item fits, it is cut at a whole line. As a last resort
// the text is cut at a character boundary: fit never returns more than
// limit. Every Size is a sum over characters, so sizes of parts add up.
func fit(head string, chunks []chunk, tail, sep string, limit int, size Size, more func(n int) string) string {
	var kept []string
	used := 0 // size of kept joined
	add := func(s string) {
		if s == "" {
			return
		}
		if len(kept) > 0 {
			used += size(sep)
		}
		kept = append(kept, s)
		used += size(s)
	}
	// cost is the size that s adds after what is kept.
	cost := func(s string) int {
		if s == "" {
			return 0
		}
		if len(kept) > 0 {
			return size(sep) + size(s)
		}
		return size(s)
	}
	add(head)
	total := 0
	for _, c := range chunks {
		if c.count {
			total++
		}
	}
	tailCost := size(sep) + size(tail)
	if tail == "" {
		tailCost = 0
	}
	shown := 0
	for _, c := range chunks {
		left := total - shown
		if c.count {
			left--
		}
		need := cost(c.text) + tailCost
		if left > 0 {
			need += size(sep) + size(more(left))
		}
		if limit <= 0 || used+need <= limit {
			add(c.text)
			if c.count {
				shown++
			}
			continue
		}
		if shown == 0 && c.count {
			// Not even one item: keep as many of its lines as fit.
			var part []string
			for _, l := range strings.Split(c.text, "\n") {
				t := strings.Join(append(part, l), "\n")
				n := cost(t) + tailCost
				if left > 0 {
					n += size(sep) + size(more(left))
				}
				if used+n > limit {
					break
				}
				part = append(part, l)
			}
			if len(part) > 0 {
				add(strings.Join(part, "\n"))
				shown++
			}
		}
		break
	}
	if left := total - shown; left > 0 {
		add(more(left))
	}
	add(tail)
	out := strings.Join(kept, sep)
	if limit > 0 && size(out) > limit {
		out = cut(out, limit, size)
	}
	return out
}

// cut returns the longest prefix of s, at a character boundary, whose
// size is at most limit, preferring to end at a line break. Every Size
// here is a sum over characters, so the prefix is found in one pass.
func cut(s string, limit int, size Size) string {
	n, end := 0, 0
	for i, r := range s {
		n += size(string(r))
		if n > limit {
			break
		}
		end = i + utf8.RuneLen(r)
	}
	out := s[:end]
	if i := strings.LastIndexByte(out, '\n'); i > len(out)/2 {
		out = out[:i]
	}
	return out
}
