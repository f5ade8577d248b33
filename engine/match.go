package engine

import "path"

// MatchAny reports whether name matches one of the path.Match patterns
// (the ignore_mounts and ignore_ifaces lists). A malformed pattern matches
// nothing.
func MatchAny(patterns []string, name string) bool {
	for _, pat := range patterns {
		if ok, _ := path.Match(pat, name); ok {
			return true
		}
	}
	return false
}
