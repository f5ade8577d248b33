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

// offset is where n starts in the document: its first key part, or the
// node itself. It is a byte offset, so that callers turn it into a line
// with one binary search over the line starts (p.Shape scans the document
// from its start, which made a file of many tables quadratic to load).
func offset(p *unstable.Parser, n *unstable.Node) (off int, ok bool) {
	defer func() {
		if recover() != nil {
			off, ok = 0, false
		}
	}()
	it := n.Key()
	if it.Next() {
		k := it.Node()
		if k.Raw.Length > 0 {
			return int(k.Raw.Offset), true
		}
		return int(p.Range(k.Data).Offset), true
	}
	return int(n.Raw.Offset), true
}
