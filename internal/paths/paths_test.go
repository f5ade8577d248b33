package paths

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestResolve(t *testing.T) {
	j := filepath.Join
	tests := []struct {
		name string
		goos string
		env  map[string]string
		home string
		want Dirs
		err  error
	}{
		{name: "linux defaults", goos: "linux", home: "/home/a", want: Dirs{
			ConfigFile: "/home/a/.config/lookout/config.toml", Config: "/home/a/.config/lookout",
			State: "/home/a/.local/state/lookout", Data: "/home/a/.local/share/lookout", Cache: "/home/a/.cache/lookout"}},
		{name: "xdg", goos: "linux", home: "/home/a", env: map[string]string{"XDG_CONFIG_HOME": "/c", "XDG_STATE_HOME": "/s",
			"XDG_DATA_HOME": "/d", "XDG_CACHE_HOME": "/k"}, want: Dirs{ConfigFile: "/c/lookout/config.toml", Config: "/c/lookout",
			State: "/s/lookout", Data: "/d/lookout", Cache: "/k/lookout"}},
		{name: "relative xdg ignored", goos: "linux", home: "/h", env: map[string]string{"XDG_STATE_HOME": "rel"},
			want: Dirs{ConfigFile: "/h/.config/lookout/config.toml", Config: "/h/.config/lookout", State: "/h/.local/state/lookout",
				Data: "/h/.local/share/lookout", Cache: "/h/.cache/lookout"}},
		{name: "systemd unit: read-only home, no XDG", goos: "linux", home: "/nonexistent",
			env: map[string]string{"STATE_DIRECTORY": "/var/lib/lookout", "CACHE_DIRECTORY": "/var/cache/lookout",
				"CONFIGURATION_DIRECTORY": "/etc/lookout"},
			want: Dirs{ConfigFile: "/etc/lookout/config.toml", Config: "/etc/lookout", State: "/var/lib/lookout",
				Data: "/var/lib/lookout", Cache: "/var/cache/lookout"}},
		{name: "systemd list takes the first", goos: "linux", env: map[string]string{"STATE_DIRECTORY": "/var/lib/a:/var/lib/b",
			"XDG_CONFIG_HOME": "/c", "XDG_CACHE_HOME": "/k"},
			want: Dirs{ConfigFile: "/c/lookout/config.toml", Config: "/c/lookout", State: "/var/lib/a", Data: "/var/lib/a", Cache: "/k/lookout"}},
		{name: "lookout variables win", goos: "linux", home: "/h", env: map[string]string{"LOOKOUT_STATE_DIR": "/ls",
			"LOOKOUT_DATA_DIR": "/ld", "LOOKOUT_CONFIG": "/etc/x.toml", "STATE_DIRECTORY": "/var/lib/lookout", "XDG_STATE_HOME": "/s"},
			want: Dirs{ConfigFile: "/etc/x.toml", ConfigFromEnv: true, Config: "/h/.config/lookout", State: "/ls", Data: "/ld",
				Cache: "/h/.cache/lookout"}},
		{name: "windows", goos: "windows", home: `C:\Users\a`, env: map[string]string{"AppData": "R", "LocalAppData": "L"},
			want: Dirs{ConfigFile: j("R", "Lookout", "config.toml"), Config: j("R", "Lookout"), State: j("L", "Lookout", "state"),
				Data: j("L", "Lookout", "data"), Cache: j("L", "Lookout", "cache")}},
		{name: "darwin", goos: "darwin", home: "/Users/a", want: Dirs{
			ConfigFile: "/Users/a/Library/Application Support/Lookout/config.toml", Config: "/Users/a/Library/Application Support/Lookout",
			State: "/Users/a/Library/Application Support/Lookout/state", Data: "/Users/a/Library/Application Support/Lookout/data",
			Cache: "/Users/a/Library/Caches/Lookout"}},
		{name: "no home, nothing set", goos: "linux", err: ErrNoHome},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := resolve(tt.goos, func(k string) string { return tt.env[k] }, tt.home)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if tt.err != nil {
				return
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestDirsFiles(t *testing.T) {
	d := Dirs{Config: "/c", State: "/s"}
	if d.Outbox() != "/s/outbox" || d.Lock() != "/s/lookout.lock" || d.TrustFile() != "/c/known_hosts" {
		t.Errorf("outbox %s lock %s trust %s", d.Outbox(), d.Lock(), d.TrustFile())
	}
}
