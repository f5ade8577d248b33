package config

import "sort"

// lineIndex turns byte offsets of a document into 0-based lines and
// columns with one binary search each, so that finding the place of every
// key costs O(n log n) over the document rather than O(n²).
type lineIndex []int // the offset where each line starts

func newLineIndex(doc []byte) lineIndex {
	li := lineIndex{0}
	for i, b := range doc {
		if b == '\n' {
			li = append(li, i+1)
		}
	}
	return li
}

// pos returns the 0-based line and byte column of offset off.
func (li lineIndex) pos(off int) (line, col int) {
	l := sort.Search(len(li), func(i int) bool { return li[i] > off }) - 1
	if l < 0 {
		l = 0
	}
	return l, off - li[l]
}
