package paths

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// File names inside the directories.
const (
	ConfigFileName = "config.toml"  // in the config directory
	TrustFileName  = "known_hosts"  // in the config directory
	OutboxDirName  = "outbox"       // in the state directory
	LockFileName   = "lookout.lock" // in the state directory
)

// Dirs are the directories Lookout uses.
type Dirs struct {
	// ConfigFile is the configuration file (it may not exist).
	ConfigFile string
	// ConfigFromEnv is true when $LOOKOUT_CONFIG named ConfigFile.
	ConfigFromEnv bool
	Config        string
	State         string
	Data          string
	Cache         string
}

// Outbox is the outbox's directory.
func (d Dirs) Outbox() string { return filepath.Join(d.State, OutboxDirName) }

// TrustFile is Lookout's own known_hosts file.
func (d Dirs) TrustFile() string { return filepath.Join(d.Config, TrustFileName) }

// Lock is the instance lock file.
func (d Dirs) Lock() string { return filepath.Join(d.State, LockFileName) }

// ErrNoHome is returned when no directory can be derived: no override is
// set and the home directory is unknown.
var ErrNoHome = errors.New("paths: $HOME is not set and no Lookout directory variable is")

// Resolve reads the directories from the process environment.
func Resolve() (Dirs, error) {
	home, _ := os.UserHomeDir()
	return resolve(runtime.GOOS, os.Getenv, home)
}

// MustResolve is Resolve for flag defaults and help texts: on error the
// paths are relative to the working directory, and the error shows when
// the directory is used.
func MustResolve() Dirs {
	d, err := Resolve()
	if err != nil {
		return Dirs{ConfigFile: ConfigFileName, Config: ".", State: ".", Data: ".", Cache: "."}
	}
	return d
}

// State returns the state directory.
func State() (string, error) {
	d, err := Resolve()
	return d.State, err
}

// Data returns the data (history) directory.
func Data() (string, error) {
	d, err := Resolve()
	return d.Data, err
}

// Config returns the configuration directory.
func Config() (string, error) {
	d, err := Resolve()
	return d.Config, err
}

// ConfigFile returns the configuration file and whether the environment
// ($LOOKOUT_CONFIG) named it.
func ConfigFile() (string, bool) {
	d := MustResolve()
	return d.ConfigFile, d.ConfigFromEnv
}

// resolve is Resolve with the environment injected (tests).
func resolve(goos string, getenv func(string) string, home string) (Dirs, error) {
	var d Dirs
	var errs []error
	pick := func(dst *string, candidates ...func() string) {
		for _, c := range candidates {
			if v := c(); v != "" {
				*dst = v
				return
			}
		}
		errs = append(errs, ErrNoHome)
	}
	env := func(name string) func() string { return func() string { return getenv(name) } }
	systemd := func(name string) func() string {
		return func() string {
			first, _, _ := strings.Cut(getenv(name), ":")
			if filepath.IsAbs(first) {
				return first
			}
			return ""
		}
	}
	xdg := func(name string) func() string {
		return func() string {
			if v := getenv(name); filepath.IsAbs(v) {
				return filepath.Join(v, "lookout")
			}
			return ""
		}
	}
	osDefault := func(kind string) func() string {
		return func() string { return osDir(goos, getenv, home, kind) }
	}
	pick(&d.Config, systemd("CONFIGURATION_DIRECTORY"), xdg("XDG_CONFIG_HOME"), osDefault("config"))
	pick(&d.State, env("LOOKOUT_STATE_DIR"), systemd("STATE_DIRECTORY"), xdg("XDG_STATE_HOME"), osDefault("state"))
	pick(&d.Data, env("LOOKOUT_DATA_DIR"), systemd("STATE_DIRECTORY"), xdg("XDG_DATA_HOME"), osDefault("data"))
	pick(&d.Cache, systemd("CACHE_DIRECTORY"), xdg("XDG_CACHE_HOME"), osDefault("cache"))
	if f := getenv("LOOKOUT_CONFIG"); f != "" {
		d.ConfigFile, d.ConfigFromEnv = f, true
	} else if d.Config != "" {
		d.ConfigFile = filepath.Join(d.Config, ConfigFileName)
	}
	return d, errors.Join(errs...)
}

// osDir is the operating system's default for one kind of directory.
func osDir(goos string, getenv func(string) string, home, kind string) string {
	switch goos {
	case "windows":
		base := getenv("LocalAppData")
		if kind == "config" {
			base = getenv("AppData")
		}
		if base == "" {
			if home == "" {
				return ""
			}
			base = filepath.Join(home, "AppData", map[bool]string{true: "Roaming", false: "Local"}[kind == "config"])
		}
		if kind == "config" {
			return filepath.Join(base, "Lookout")
		}
		return filepath.Join(base, "Lookout", kind)
	case "darwin", "ios":
		if home == "" {
			return ""
		}
		switch kind {
		case "config":
			return filepath.Join(home, "Library", "Application Support", "Lookout")
		case "cache":
			return filepath.Join(home, "Library", "Caches", "Lookout")
		}
		return filepath.Join(home, "Library", "Application Support", "Lookout", kind)
	}
	if home == "" {
		return ""
	}
	switch kind {
	case "config":
		return filepath.Join(home, ".config", "lookout")
	case "state":
		return filepath.Join(home, ".local", "state", "lookout")
	case "data":
		return filepath.Join(home, ".local", "share", "lookout")
	}
	return filepath.Join(home, ".cache", "lookout")
}
