package testenv

import (
	"fmt"
	"os"
	"testing"
)

// IsolateState points Lookout's state and data directories
// ($XDG_STATE_HOME, $XDG_DATA_HOME; $LOOKOUT_STATE_DIR, $LOOKOUT_DATA_DIR
// and $STATE_DIRECTORY, which would win, are unset) at a fresh temporary
// directory
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
	for _, v := range []string{"LOOKOUT_STATE_DIR", "LOOKOUT_DATA_DIR", "STATE_DIRECTORY"} {
		os.Unsetenv(v)
	}
	os.Setenv("XDG_STATE_HOME", dir+"/state")
	os.Setenv("XDG_DATA_HOME", dir+"/data")
	return m.Run()
}
