package config

import (
	"bytes"
	"encoding"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"lookout/internal/atomicfile"

	toml "github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// Save writes c to path, keeping the file's comments and layout where it
// can: a changed value is rewritten in place, a new key is added under its
// table, and an array of tables ([[hosts]], ...) whose number of entries
// changed is written anew where it stood. The file is replaced atomically
// with mode 0600, because it may hold secrets. c is validated first: an
// invalid configuration is not written.
func Save(path string, c Config) error {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("config: %w", err)
	}
	doc, err := Patch(old, c)
	if err != nil {
		return err
	}
	if _, err := Parse(path, doc); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(path, doc, 0o600); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return nil
}

// Patch returns doc changed so that it decodes to c, as Save describes.
// Keys that doc does not set and whose value in c equals the default are
// left out, so a short file stays short.
func Patch(doc []byte, c Config) ([]byte, error) {
	cur := Default()
	if len(bytes.TrimSpace(doc)) > 0 {
		var err error
		if cur, err = Parse("", doc); err != nil {
			return nil, fmt.Errorf("config: the file has errors, fix them before saving:\n%w", err)
		}
	}
	want, wantPtr := flattenPtr(reflect.ValueOf(c), "")
	have := flatten(reflect.ValueOf(cur), "")
	def := flatten(reflect.ValueOf(Default()), "")
	lines := splitLines(doc)
	spans := keySpans(doc)

	// Arrays of tables whose length changed are rewritten whole.
	var rewrite []string
	for _, arr := range arrays(reflect.TypeOf(c), "") {
		if arrayLen(reflect.ValueOf(c), arr) != arrayLen(reflect.ValueOf(cur), arr) {
			rewrite = append(rewrite, arr)
		}
	}
	inRewritten := func(key string) bool {
		for _, a := range rewrite {
			if strings.HasPrefix(key, a+"[") {
				return true
			}
		}
		return false
	}

	edits := map[int]*string{}    // line index -> replacement (nil deletes)
	inserts := map[int][]string{} // after line index -> lines (-1: at top)
	var appendix []string
	newTables := map[string][]string{} // tables the file lacks -> their lines
	var newTableOrder []string
	keys := make([]string, 0, len(want)+len(have))
	for k := range want {
		keys = append(keys, k)
	}
	for k := range have {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if inRewritten(k) {
			continue
		}
		w, inWant := want[k]
		h := have[k]
		span, inDoc := spans[k]
		switch {
		case inWant && inDoc && w != h:
			line := lines[span.line]
			repl := line[:span.valStart] + w + line[span.valEnd:]
			if span.lastLine > span.line { // a value over several lines
				repl = line[:span.valStart] + w + lines[span.lastLine][span.lastEnd:]
				for l := span.line + 1; l <= span.lastLine; l++ {
					edits[l] = nil
				}
			}
			edits[span.line] = &repl
		case !inWant && inDoc:
			for l := span.line; l <= span.lastLine; l++ {
				edits[l] = nil
			}
		case inWant && !inDoc && w != h:
			if _, dflt := def[k]; !dflt && isZeroText(w) && !wantPtr[k] {
				continue
			}
			table, leaf := splitKey(k)
			kv := leaf + " = " + w
			if table == "" {
				at := firstTableLine(lines) - 1
				inserts[at] = append(inserts[at], kv)
			} else if base, rest, ok := nearestTable(spans, table); ok {
				// Under the closest table the file has, as a dotted key
				// ("cpu.warning = 80" under [rules]): that is also how a
				// table inside one [[hosts]] element can be added.
				if rest != "" {
					kv = rest + "." + kv
				}
				at := lastKeyLine(spans, base)
				inserts[at] = append(inserts[at], kv)
			} else {
				if _, ok := newTables[table]; !ok {
					newTableOrder = append(newTableOrder, table)
				}
				newTables[table] = append(newTables[table], kv)
			}
		}
	}
	for _, table := range newTableOrder {
		appendix = append(appendix, "", "["+table+"]")
		appendix = append(appendix, newTables[table]...)
	}
	// A table whose every key was removed loses its header too, so that
	// it reads back as unset rather than as an empty table.
	haveTables, wantTables := tablesOf(have), tablesOf(want)
	for name, sp := range spans {
		if !sp.header || strings.HasSuffix(name, "]") || inRewritten(name+".") {
			continue
		}
		if haveTables[name] && !wantTables[name] {
			edits[sp.line] = nil
		}
	}

	removed := removedLines(spans, rewrite, len(lines))
	var out []string
	if at, ok := inserts[-1]; ok {
		out = append(out, at...)
	}
	for i, l := range lines {
		if e, ok := edits[i]; ok {
			if e != nil {
				out = append(out, *e)
			}
		} else if !removed[i] {
			out = append(out, l)
		}
		if ins, ok := inserts[i]; ok {
			out = append(out, ins...)
		}
		if arr, ok := firstBlockOf(spans, rewrite, i); ok {
			out = append(out, renderArray(c, arr)...)
			rewrite = remove(rewrite, arr)
		}
	}
	out = append(out, appendix...)
	for _, arr := range rewrite { // arrays the file did not have yet
		out = append(out, renderArray(c, arr)...)
	}
	text := strings.Join(out, "\n")
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return []byte(text), nil
}

// nearestTable finds the longest leading part of table that the document
// has a header for, and the rest of the path below it.
func nearestTable(spans map[string]span, table string) (base, rest string, ok bool) {
	for t := table; ; {
		if sp, found := spans[t]; found && sp.header {
			return t, strings.TrimPrefix(strings.TrimPrefix(table, t), "."), true
		}
		i := strings.LastIndex(t, ".")
		if i < 0 {
			return "", "", false
		}
		t = t[:i]
	}
}

// lastKeyLine is the last line of the keys written in table's own block,
// or its header line when it has none: new keys go after it.
func lastKeyLine(spans map[string]span, table string) int {
	h := spans[table]
	at := h.line
	for k, sp := range spans {
		if !sp.header && strings.HasPrefix(k, table+".") && sp.line > h.line && sp.lastLine <= h.blockEnd && sp.lastLine > at {
			at = sp.lastLine
		}
	}
	return at
}

// tablesOf returns every table that holds a key of m: each part of each
// key before a dot ("hosts[1].rules" for "hosts[1].rules.cpu.warning").
// One pass, so that asking it for every header of a large file stays
// linear.
func tablesOf(m map[string]string) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		for i := 0; i < len(k); i++ {
			if k[i] == '.' {
				out[k[:i]] = true
			}
		}
	}
	return out
}

// span is where a key's value sits in the document (0-based lines, byte
// columns within the line).
type span struct {
	line, valStart, valEnd int
	lastLine, lastEnd      int
	header                 bool // a [table] or [[array]] header
	blockEnd               int  // for headers: the last line of the block
}

// keySpans maps every key path ("hosts[1].interval") and table path to
// where it is written.
func keySpans(doc []byte) map[string]span {
	out := map[string]span{}
	if len(doc) == 0 {
		return out
	}
	lineStarts := newLineIndex(doc)
	pos := lineStarts.pos
	var p unstable.Parser
	p.Reset(doc)
	arrays := map[string]int{}
	var table string
	var headers []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			name := keyPath(e.Key())
			if e.Kind == unstable.ArrayTable {
				n := arrays[name]
				arrays[name] = n + 1
				name += "[" + strconv.Itoa(n) + "]"
			} else if base, ok := lastArray(arrays, name); ok {
				name = base
			}
			table = name
			off, ok := int(e.Raw.Offset), true
			if e.Raw.Length == 0 {
				off, ok = offset(&p, e)
			}
			l, _ := pos(off)
			if !ok {
				l = -1
			}
			out[table] = span{line: l, header: true}
			headers = append(headers, table)
		case unstable.KeyValue:
			k := keyPath(e.Key())
			if table != "" {
				k = table + "." + k
			}
			start, end, ok := valueRange(doc, &p, e)
			if !ok {
				continue
			}
			l, c := pos(start)
			ll, lc := pos(end)
			valEnd := lc
			if ll != l {
				valEnd = lineStarts[min(l+1, len(lineStarts)-1)] - lineStarts[l] - 1
			}
			out[k] = span{line: l, valStart: c, valEnd: valEnd, lastLine: ll, lastEnd: lc}
		}
	}
	// Each header's block runs to the line before the next header.
	total := len(lineStarts)
	for i, h := range headers {
		s := out[h]
		end := total - 1
		if i+1 < len(headers) {
			end = out[headers[i+1]].line - 1
		}
		s.blockEnd = end
		out[h] = s
	}
	return out
}

// valueRange finds the bytes of a key/value's value. go-toml gives the
// range of scalars; arrays and inline tables are scanned for their closing
// bracket, skipping strings and comments.
func valueRange(doc []byte, p *unstable.Parser, e *unstable.Node) (start, end int, ok bool) {
	v := e.Value()
	if v.Raw.Length > 0 && v.Kind != unstable.Array && v.Kind != unstable.InlineTable {
		return int(v.Raw.Offset), int(v.Raw.Offset + v.Raw.Length), true
	}
	// Start after the '=' that follows the key.
	it := e.Key()
	var last *unstable.Node
	for it.Next() {
		last = it.Node()
	}
	if last == nil {
		return 0, 0, false
	}
	var keyEnd int
	if last.Raw.Length > 0 {
		keyEnd = int(last.Raw.Offset + last.Raw.Length)
	} else {
		func() {
			defer func() { recover() }()
			r := p.Range(last.Data)
			keyEnd = int(r.Offset + r.Length)
		}()
	}
	i := keyEnd
	for i < len(doc) && doc[i] != '=' {
		i++
	}
	i++
	for i < len(doc) && (doc[i] == ' ' || doc[i] == '\t') {
		i++
	}
	if i >= len(doc) {
		return 0, 0, false
	}
	start = i
	depth := 0
	for ; i < len(doc); i++ {
		switch c := doc[i]; c {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return start, i + 1, true
			}
		case '"', '\'':
			j := i + 1
			for j < len(doc) && doc[j] != c {
				if c == '"' && doc[j] == '\\' {
					j++
				}
				j++
			}
			i = j
		case '#':
			for i < len(doc) && doc[i] != '\n' {
				i++
			}
		case '\n':
			if depth == 0 {
				return start, i, true
			}
		}
	}
	return start, len(doc), depth == 0
}

// removedLines marks the lines of the blocks of the arrays of tables
// being rewritten.
func removedLines(spans map[string]span, arrays []string, n int) []bool {
	out := make([]bool, n)
	if len(arrays) == 0 {
		return out
	}
	for k, s := range spans {
		if !s.header {
			continue
		}
		for _, a := range arrays {
			if strings.HasPrefix(k, a+"[") {
				for i := max(s.line, 0); i <= s.blockEnd && i < n; i++ {
					out[i] = true
				}
				break
			}
		}
	}
	return out
}

// firstBlockOf reports whether line i ends the first block of one of the
// arrays being rewritten: the new blocks go there.
func firstBlockOf(spans map[string]span, arrays []string, i int) (string, bool) {
	for _, a := range arrays {
		if s, ok := spans[a+"[0]"]; ok && s.blockEnd == i {
			return a, true
		}
	}
	return "", false
}

func remove(list []string, s string) []string {
	out := list[:0]
	for _, v := range list {
		if v != s {
			out = append(out, v)
		}
	}
	return out
}

// renderArray writes every element of the array of tables at path: its
// set keys only (a nil list stays absent, because "unset" and "empty" mean
// different things), nested tables as dotted keys.
func renderArray(c Config, path string) []string {
	v := lookup(reflect.ValueOf(c), path)
	var out []string
	for i := 0; i < v.Len(); i++ {
		el := reflect.Indirect(v.Index(i))
		leaves, ptr := flattenPtr(el, "")
		keys := make([]string, 0, len(leaves))
		for k := range leaves {
			keys = append(keys, k)
		}
		sort.SliceStable(keys, func(a, b int) bool { return fieldOrder(el.Type(), keys[a]) < fieldOrder(el.Type(), keys[b]) })
		out = append(out, "", "[["+path+"]]")
		for _, k := range keys {
			if strings.Contains(k, "[") { // an array inside the element: let the encoder write it all
				b, err := toml.Marshal(map[string]any{path: []any{el.Interface()}})
				if err == nil {
					out = out[:len(out)-1-countSince(out)]
					for _, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
						out = append(out, strings.TrimLeft(l, " \t"))
					}
				}
				break
			}
			if isZeroScalar(leaves[k]) && !ptr[k] {
				continue
			}
			out = append(out, k+" = "+leaves[k])
		}
	}
	return out
}

// countSince counts the lines written since the last [[header]].
func countSince(out []string) int {
	for i := len(out) - 1; i >= 0; i-- {
		if strings.HasPrefix(out[i], "[[") {
			return len(out) - 1 - i
		}
	}
	return 0
}

// fieldOrder is the index of the struct field a dotted key starts with,
// so keys come out in declaration order.
func fieldOrder(t reflect.Type, key string) int {
	first, _, _ := strings.Cut(key, ".")
	for i := 0; i < t.NumField(); i++ {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("toml"), ","); name == first {
			return i
		}
	}
	return t.NumField()
}

func lookup(v reflect.Value, path string) reflect.Value {
	for _, part := range strings.Split(path, ".") {
		v = reflect.Indirect(v)
		f, ok := fieldByTag(v, part)
		if !ok {
			return reflect.Value{}
		}
		v = f
	}
	return v
}

func fieldByTag(v reflect.Value, tag string) (reflect.Value, bool) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("toml"), ","); name == tag {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// arrays lists the paths of arrays of tables in type t (top level and in
// nested tables).
func arrays(t reflect.Type, prefix string) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if name == "" || name == "-" {
			continue
		}
		ft := f.Type
		if ft.Kind() == reflect.Slice && elem(ft).Kind() == reflect.Struct && !isText(ft.Elem()) {
			out = append(out, prefix+name)
		} else if ft.Kind() == reflect.Struct && !isText(ft) {
			out = append(out, arrays(ft, prefix+name+".")...)
		}
	}
	return out
}

func arrayLen(v reflect.Value, path string) int {
	a := lookup(v, path)
	if !a.IsValid() {
		return 0
	}
	return a.Len()
}

func elem(t reflect.Type) reflect.Type {
	t = t.Elem()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

var textMarshaler = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()

func isText(t reflect.Type) bool {
	return t.Implements(textMarshaler) || reflect.PointerTo(t).Implements(textMarshaler)
}

// flatten maps every leaf of v to its TOML value text, with paths as
// positions() writes them.
func flatten(v reflect.Value, prefix string) map[string]string {
	out, _ := flattenPtr(v, prefix)
	return out
}

// flattenPtr is flatten, and also reports which leaves are pointer
// fields: their zero value was set on purpose ("enabled = false") and
// must be written.
func flattenPtr(v reflect.Value, prefix string) (map[string]string, map[string]bool) {
	out := map[string]string{}
	ptr := map[string]bool{}
	var walk func(v reflect.Value, prefix string)
	walk = func(v reflect.Value, prefix string) {
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				walk(v.Field(i), prefix) // embedded: its keys are the table's own
				continue
			}
			if name == "" || name == "-" || !f.IsExported() {
				continue
			}
			fv := v.Field(i)
			key := prefix + name
			if fv.Kind() == reflect.Pointer {
				if fv.IsNil() {
					continue
				}
				fv = fv.Elem()
				ptr[key] = true
			}
			switch {
			case isText(fv.Type()):
				out[key] = value(fv.Interface())
			case fv.Kind() == reflect.Struct:
				walk(fv, key+".")
			case fv.Kind() == reflect.Slice && elem(fv.Type()).Kind() == reflect.Struct && !isText(elem(fv.Type())):
				for j := 0; j < fv.Len(); j++ {
					walk(reflect.Indirect(fv.Index(j)), fmt.Sprintf("%s[%d].", key, j))
				}
			case fv.Kind() == reflect.Map:
				if fv.Len() > 0 || !fv.IsNil() {
					out[key] = value(fv.Interface())
				}
			case fv.Kind() == reflect.Slice && fv.IsNil():
				// an unset list: absent
			default:
				out[key] = value(fv.Interface())
			}
		}
	}
	walk(reflect.Indirect(v), prefix)
	return out, ptr
}

// value renders one TOML value as the encoder writes it; a map (headers,
// labels) as an inline table, which is how it fits on its key's line.
func value(v any) string {
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Map {
		keys := make([]string, 0, rv.Len())
		for _, k := range rv.MapKeys() {
			keys = append(keys, k.String())
		}
		sort.Strings(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			name := value(k)
			if bare.MatchString(k) {
				name = k
			}
			parts = append(parts, name+" = "+value(rv.MapIndex(reflect.ValueOf(k)).Interface()))
		}
		if len(parts) == 0 {
			return "{}"
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	}
	b, err := toml.Marshal(map[string]any{"v": v})
	if err != nil {
		return fmt.Sprint(v)
	}
	s := strings.TrimSpace(string(b))
	_, val, _ := strings.Cut(s, "=")
	return strings.TrimSpace(val)
}

// bare matches a key TOML takes without quotes.
var bare = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// isZeroScalar reports a zero scalar (not an empty list, which differs
// from an absent one).
func isZeroScalar(s string) bool {
	return s == "''" || s == `""` || s == "0" || s == "false" || s == "0.0" || s == "'0s'"
}

func isZeroText(s string) bool {
	return s == "''" || s == `""` || s == "0" || s == "false" || s == "[]" || s == "0.0"
}

func splitKey(k string) (table, leaf string) {
	i := strings.LastIndex(k, ".")
	if i < 0 {
		return "", k
	}
	return k[:i], k[i+1:]
}

func splitLines(doc []byte) []string {
	if len(doc) == 0 {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(doc), "\n"), "\n")
}

// firstTableLine returns the index of the first [table] header, or the
// number of lines.
func firstTableLine(lines []string) int {
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "[") {
			// Step back over the comments that introduce the table.
			for i > 0 && (strings.HasPrefix(strings.TrimSpace(lines[i-1]), "#") || strings.TrimSpace(lines[i-1]) == "") {
				i--
			}
			return i
		}
	}
	return len(lines)
}
