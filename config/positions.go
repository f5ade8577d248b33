package config

import (
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// positions maps each key of a TOML document, as a dotted path with array
// indexes ("hosts[1].interval"), to the line it is written on. Tables map
// to their header line. Validation uses it to say where a bad value is.
func positions(doc []byte) map[string]int {
	pos := map[string]int{}
	var p unstable.Parser
	p.Reset(doc)
	arrays := map[string]int{} // array-of-tables path -> count so far
	var table string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			name := keyPath(e.Key())
			if e.Kind == unstable.ArrayTable {
				n := arrays[name]
				arrays[name] = n + 1
				name += "[" + strconv.Itoa(n) + "]"
				// Tables nested under this element start afresh.
				for k := range arrays {
					if strings.HasPrefix(k, name+".") {
						delete(arrays, k)
					}
				}
			} else if base, ok := lastArray(arrays, name); ok {
				name = base
			}
			table = name
			pos[table] = line(&p, e)
		case unstable.KeyValue:
			k := keyPath(e.Key())
			if table != "" {
				k = table + "." + k
			}
			pos[k] = line(&p, e)
		}
	}
	return pos
}

// lastArray rewrites a [a.b] header nested under an array of tables [[a]]
// to the path of the array's last element, "a[N].b".
func lastArray(arrays map[string]int, name string) (string, bool) {
	for arr, n := range arrays {
		if strings.HasPrefix(name, arr+".") {
			return arr + "[" + strconv.Itoa(n-1) + "]" + name[len(arr):], true
		}
	}
	return "", false
}

func keyPath(it unstable.Iterator) string {
	var parts []string
	for it.Next() {
		parts = append(parts, string(it.Node().Data))
	}
	return strings.Join(parts, ".")
}

func line(p *unstable.Parser, n *unstable.Node) (l int) {
	defer func() {
		if recover() != nil {
			l = 0
		}
	}()
	it := n.Key()
	if it.Next() {
		k := it.Node()
		if k.Raw.Length > 0 {
			return p.Shape(k.Raw).Start.Line
		}
		return p.Shape(p.Range(k.Data)).Start.Line
	}
	return p.Shape(n.Raw).Start.Line
}
