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
	for k, sp := range keySpans(doc) {
		pos[k] = sp.line + 1
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
