//go:build !unix

package runtime

import "os"

// lockFile creates path; where advisory locks are not available, two
// processes on one state directory are not detected (the owner record
// still refuses another configuration).
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	return func() { f.Close() }, nil
}
