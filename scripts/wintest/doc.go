// Package wintest runs Lookout's Windows binaries (make windows) under
// Wine, in make test-windows: `go test -tags wine ./scripts/wintest` with
// LOOKOUT_WINDOWS_DIR naming the directory of lookout.exe, lookoutd.exe
// and wine-bcryptprimitives.dll (the stub Go needs on Wine 8, from
// scripts/windows/bcryptprimitives.c).
//
// Each run makes a fresh Wine prefix, so the defaults Windows users get
// (%APPDATA%, %LOCALAPPDATA%, %USERPROFILE%\.ssh) are what the tests see.
// They cover: lookout.exe snapshot of this PC and of an SSH server (a real
// loopback sshd), lookoutd.exe run alerting a strict WeCom fake, the
// instance lock refusing a second lookoutd.exe, and the window found by its
// title on an Xvfb display; plus the Windows builds of the unit tests of
// the local collector's conversions, the file lock and the directory sync. What Wine cannot
// show (per-core times, page files, disk I/O counters) is covered by those
// conversions' fixtures (engine/collect/local/convert_test.go).
package wintest
