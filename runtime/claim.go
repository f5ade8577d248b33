package runtime

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/google/renameio/v2/maybe"

	"lookout/internal/paths"
)

// OwnerFileName records, in the state directory, which configuration file
// the alert state, silences and outbox there belong to.
const OwnerFileName = "owner.json"

// ErrStateInUse is returned when another running Lookout holds the state
// directory, and ErrStateOwned when its state belongs to another
// configuration.
var (
	ErrStateInUse = errors.New("state directory is in use by another running Lookout")
	ErrStateOwned = errors.New("state directory belongs to another configuration")
)

type owner struct {
	Config string `json:"config"`
}

// ClaimState takes the state directory dir for the configuration file
// configPath: an exclusive lock while this process runs, and a record of
// the configuration its alert state came from. A second Lookout on the
// same directory, or one with another configuration (whose hosts would
// "resolve" the first one's alerts), is refused with an error that says
// what to do. A state directory whose configuration file no longer
// exists is taken over. release gives the lock back.
func ClaimState(dir, configPath string) (release func(), err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("state directory: %w", err)
	}
	unlock, err := lockFile(filepath.Join(dir, paths.LockFileName))
	if err != nil {
		return nil, fmt.Errorf("%w: %s (%w); set LOOKOUT_STATE_DIR to run a second one", ErrStateInUse, dir, err)
	}
	abs, err := filepath.Abs(configPath)
	if err != nil {
		abs = configPath
	}
	ownerPath := filepath.Join(dir, OwnerFileName)
	if b, err := os.ReadFile(ownerPath); err == nil {
		var o owner
		err := json.Unmarshal(b, &o)
		_, statErr := os.Stat(o.Config)
		gone := errors.Is(statErr, os.ErrNotExist) // its configuration was deleted: nothing to protect
		if err == nil && o.Config != "" && o.Config != abs && !gone {
			unlock()
			return nil, fmt.Errorf("%w: %s holds the alerts of %s, not %s; set LOOKOUT_STATE_DIR to another directory for this configuration, or delete %s to hand the state over",
				ErrStateOwned, dir, o.Config, abs, ownerPath)
		}
	}
	b, _ := json.Marshal(owner{Config: abs})
	if err := maybe.WriteFile(ownerPath, append(b, '\n'), 0o600); err != nil {
		unlock()
		return nil, fmt.Errorf("state directory: %w", err)
	}
	return unlock, nil
}
