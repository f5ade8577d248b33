package runtime

import (
	"os"
	"testing"

	"lookout/internal/testenv"
)

func TestMain(m *testing.M) { os.Exit(testenv.IsolateState(m)) }
