package config

import (
	"encoding"
	"fmt"
	"reflect"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// MaxTableKeys is how many keys one table (or inline table) may hold.
// Lookout's tables have a few dozen; the limit keeps the decoder, whose
// duplicate-key check grows with the square of a table's keys, fast.
const MaxTableKeys = 1000

// unknownKeys returns an error for every key and table of doc that no
// field of Config takes, in document order, each with its line.
//
// go-toml's own strict mode finds the same keys, but it renders each
// error with a copy of the whole document, so a file of many unknown
// keys took minutes; this walk is linear. Parse still decodes strictly
// after it, so a key this walk lets through is caught there. A syntax
// error ends the walk: the decoder reports it.
func unknownKeys(file string, doc []byte, li lineIndex) (es Errors, tooMany bool) {
	root := reflect.TypeFor[Config]()
	var p unstable.Parser
	p.Reset(doc)
	table := root // the type the current table decodes into; nil: unchecked
	var tablePath []string
	report := func(n *unstable.Node, key []string) {
		line := lineOf(&p, li, n)
		es = append(es, Error{File: file, Line: line, Key: strings.Join(key, "."), Msg: unknownKeyMsg(key)})
	}
	keys := 0 // in the current table
	full := func(n *unstable.Node) bool {
		if keys++; keys == MaxTableKeys+1 {
			es = append(es, Error{File: file, Line: lineOf(&p, li, n), Key: strings.Join(tablePath, "."),
				Msg: fmt.Sprintf("a table holds at most %d keys", MaxTableKeys)})
			tooMany = true
		}
		return tooMany
	}
	for p.NextExpression() && !tooMany {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			keys = 0
			tablePath = keyParts(e.Key())
			t, ok := descend(root, tablePath)
			if !ok {
				report(e, tablePath)
				t = nil
			}
			table = t
		case unstable.KeyValue:
			if full(e) {
				break
			}
			if table == nil && len(tablePath) > 0 {
				continue // inside an unknown or unchecked table
			}
			key := keyParts(e.Key())
			path := append(append([]string(nil), tablePath...), key...)
			t, ok := descend(table, key)
			if !ok {
				report(e, path)
				continue
			}
			if checkValue(e.Value(), t, path, report) {
				es = append(es, Error{File: file, Line: lineOf(&p, li, e), Key: strings.Join(path, "."),
					Msg: fmt.Sprintf("an inline table holds at most %d keys", MaxTableKeys)})
				tooMany = true
			}
		}
	}
	return es, tooMany
}

func lineOf(p *unstable.Parser, li lineIndex, n *unstable.Node) int {
	off, ok := offset(p, n)
	if !ok {
		return 0
	}
	l, _ := li.pos(off)
	return l + 1
}

// checkValue looks for unknown keys inside inline tables, also those
// inside arrays. It returns true for an inline table of more than
// MaxTableKeys keys.
func checkValue(v *unstable.Node, t reflect.Type, path []string, report func(*unstable.Node, []string)) (tooMany bool) {
	switch v.Kind {
	case unstable.InlineTable:
		it := v.Children()
		for n := 0; it.Next(); n++ {
			if n == MaxTableKeys {
				return true
			}
			if t == nil {
				continue
			}
			kv := it.Node()
			key := keyParts(kv.Key())
			full := append(append([]string(nil), path...), key...)
			ft, ok := descend(t, key)
			if !ok {
				report(kv, full)
				continue
			}
			if checkValue(kv.Value(), ft, full, report) {
				return true
			}
		}
	case unstable.Array:
		it := v.Children()
		for it.Next() {
			if checkValue(it.Node(), t, path, report) {
				return true
			}
		}
	}
	return false
}

func keyParts(it unstable.Iterator) []string {
	var parts []string
	for it.Next() {
		parts = append(parts, string(it.Node().Data))
	}
	return parts
}

// descend follows key from type t as the decoder does: a struct by field
// name (tag or Go name, any case), a map by any key, a slice or pointer
// through its element. A nil type, and types that decode themselves
// (text, TOML unmarshalers, interfaces, scalars given sub-keys, which are
// type errors for the decoder to report), take anything below them.
func descend(t reflect.Type, key []string) (reflect.Type, bool) {
	for _, k := range key {
		t = elemOf(t)
		if t == nil {
			return nil, true
		}
		switch t.Kind() {
		case reflect.Map:
			t = t.Elem()
		case reflect.Struct:
			ft, ok := fieldType(t, k)
			if !ok {
				return nil, false
			}
			t = ft
		default:
			return nil, true
		}
	}
	return t, true
}

var (
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	tomlUnmarshaler = reflect.TypeFor[unstable.Unmarshaler]()
)

// elemOf strips pointers, slices and arrays; it returns nil for a type
// whose content is not checked.
func elemOf(t reflect.Type) reflect.Type {
	for t != nil {
		if reflect.PointerTo(t).Implements(textUnmarshaler) || reflect.PointerTo(t).Implements(tomlUnmarshaler) {
			return nil
		}
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			t = t.Elem()
		case reflect.Interface:
			return nil
		default:
			return t
		}
	}
	return nil
}

func fieldType(t reflect.Type, name string) (reflect.Type, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if tag == "-" {
			continue
		}
		if f.Anonymous && tag == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				if t, ok := fieldType(ft, name); ok {
					return t, true
				}
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		n := f.Name
		if tag != "" {
			n = tag
		}
		if strings.EqualFold(n, name) {
			return f.Type, true
		}
	}
	return nil, false
}
