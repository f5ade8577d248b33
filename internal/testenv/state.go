package testenv

import (
	"fmt"
	"os"
	"testing"
)

// IsolateState points Lookout's state and data directories
// ($LOOKOUT_STATE_DIR, $LOOKOUT_DATA_DIR) at a fresh temporary directory
// for the whole test binary and the programs it starts, runs the tests and
// removes it. Call it from TestMain: tests then never share the user's
// outbox, alert state or instance lock (a test may still set its own with
// t.Setenv).
func IsolateState(m *testing.M) int {
	dir, err := os.MkdirTemp("", "lookout-test-state-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	os.Setenv("LOOKOUT_STATE_DIR", dir+"/state")
	os.Setenv("LOOKOUT_DATA_DIR", dir+"/data")
	return m.Run()
}
