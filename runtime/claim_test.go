package runtime

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestClaimState(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state")
	a, b := filepath.Join(dir, "a.toml"), filepath.Join(dir, "b.toml")
	for _, f := range []string{a, b} {
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	release, err := ClaimState(state, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ClaimState(state, a); !errors.Is(err, ErrStateInUse) {
		t.Errorf("second claim while the first runs: %v, want ErrStateInUse", err)
	}
	release()
	if _, err := ClaimState(state, b); !errors.Is(err, ErrStateOwned) {
		t.Errorf("claim with another configuration: %v, want ErrStateOwned", err)
	}
	r2, err := ClaimState(state, a)
	if err != nil {
		t.Fatalf("the same configuration again: %v", err)
	}
	r2()
	if err := os.Remove(a); err != nil {
		t.Fatal(err)
	}
	r3, err := ClaimState(state, b)
	if err != nil {
		t.Fatalf("the owner's configuration is gone, so b takes over: %v", err)
	}
	r3()
	if _, err := ClaimState(state, a); !errors.Is(err, ErrStateOwned) {
		t.Errorf("a after b took over: %v, want ErrStateOwned", err)
	}
}
