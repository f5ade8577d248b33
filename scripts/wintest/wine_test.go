//go:build wine

package wintest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh/knownhosts"

	"lookout/entity"
	"lookout/internal/fake"
	"lookout/internal/sshdtest"
	"lookout/internal/testenv"
)

// wine is one Wine prefix with the binaries under test.
type wine struct {
	bin     string // wine
	prefix  string // WINEPREFIX
	exeDir  string // lookout.exe, lookoutd.exe
	display string
}

// w is the prefix of this run, made by TestMain.
var w *wine

func TestMain(m *testing.M) {
	os.Exit(func() int {
		dir := os.Getenv("LOOKOUT_WINDOWS_DIR")
		if dir == "" {
			fmt.Fprintln(os.Stderr, "wintest: LOOKOUT_WINDOWS_DIR is not set (run make test-windows)")
			return 1
		}
		var err error
		w, err = newWine(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "wintest:", err)
			return 1
		}
		defer w.close()
		return m.Run()
	}())
}

// newWine makes a fresh prefix and installs the bcryptprimitives stub in
// its system32, where Go's runtime looks for it.
func newWine(dir string) (*wine, error) {
	bin, err := exec.LookPath("wine")
	if err != nil {
		return nil, fmt.Errorf("wine is not installed; run scripts/deps.sh test: %w", err)
	}
	for _, f := range []string{"lookout.exe", "lookoutd.exe", "wine-bcryptprimitives.dll"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return nil, fmt.Errorf("%w (run make test-windows)", err)
		}
	}
	prefix, err := os.MkdirTemp("", "lookout-wine-*")
	if err != nil {
		return nil, err
	}
	x := &wine{bin: bin, prefix: prefix, exeDir: dir}
	start := time.Now()
	if out, err := x.command(context.Background(), nil, "wineboot", "-i").CombinedOutput(); err != nil {
		x.close()
		return nil, fmt.Errorf("wineboot: %v\n%s", err, out)
	}
	stub, err := os.ReadFile(filepath.Join(dir, "wine-bcryptprimitives.dll"))
	if err == nil {
		err = os.WriteFile(filepath.Join(prefix, "drive_c", "windows", "system32", "bcryptprimitives.dll"), stub, 0o644)
	}
	if err != nil {
		x.close()
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "wintest: Wine prefix %s ready in %v\n", prefix, time.Since(start).Round(time.Millisecond))
	return x, nil
}

func (x *wine) close() {
	kill := exec.Command("wineserver", "-k")
	kill.Env = append(os.Environ(), "WINEPREFIX="+x.prefix)
	kill.Run()
	os.RemoveAll(x.prefix)
}

// command runs a Windows program in the prefix. The environment is the
// test's without Lookout's and XDG's variables (the program must find its
// Windows defaults), plus extra.
func (x *wine) command(ctx context.Context, extra []string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, x.bin, args...)
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "LOOKOUT_") || strings.HasPrefix(kv, "XDG_") || strings.HasPrefix(kv, "DISPLAY=") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "WINEPREFIX="+x.prefix, "WINEDEBUG=-all", "WINEDLLOVERRIDES=mscoree,mshtml=")
	if x.display != "" {
		env = append(env, "DISPLAY="+x.display)
	}
	cmd.Env = append(env, extra...)
	cmd.Dir = x.exeDir
	return cmd
}

// exe is the Windows path of one of the binaries.
func (x *wine) exe(name string) string { return winPath(filepath.Join(x.exeDir, name)) }

// user is a path below the Windows user's profile (C:\users\NAME).
func (x *wine) user(parts ...string) string {
	entries, _ := os.ReadDir(filepath.Join(x.prefix, "drive_c", "users"))
	name := "root"
	for _, e := range entries {
		if e.IsDir() && e.Name() != "Public" {
			name = e.Name()
		}
	}
	return filepath.Join(append([]string{x.prefix, "drive_c", "users", name}, parts...)...)
}

// winPath is the Windows name of a Unix path: Wine's drive Z: is /.
func winPath(p string) string { return `Z:` + strings.ReplaceAll(p, "/", `\`) }

// run runs a Windows program to its end and returns its standard output.
func run(t *testing.T, extra []string, args ...string) []byte {
	t.Helper()
	return runIn(t, "", extra, args...)
}

// runIn is run in directory dir ("": the binaries').
func runIn(t *testing.T, dir string, extra []string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := w.command(ctx, extra, args...)
	if dir != "" {
		cmd.Dir = dir
	}
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	t.Logf("%s: %v", strings.Join(args, " "), time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Fatalf("%s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout.Bytes(), stderr.Bytes())
	}
	return stdout.Bytes()
}

// writeConfig writes a configuration file and returns its Windows path.
func writeConfig(t *testing.T, body string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "lookout.toml")
	if err := os.WriteFile(f, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return winPath(f)
}

// sshServer starts a loopback sshd and installs its client key and host
// key where OpenSSH for Windows keeps them, %USERPROFILE%\.ssh\id_ed25519
// and known_hosts: no path to them is configured.
func sshServer(t *testing.T) *sshdtest.Server {
	t.Helper()
	d := sshdtest.Start(t, "")
	dir := w.user(".ssh")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	key, err := os.ReadFile(d.ClientKey)
	if err != nil {
		t.Fatal(err)
	}
	line := knownhosts.Line([]string{knownhosts.Normalize(d.Addr())}, d.HostKey)
	if err := os.WriteFile(filepath.Join(dir, "id_ed25519"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "known_hosts"), []byte(line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return d
}

func snapshot(t *testing.T, b []byte) entity.Snapshot {
	t.Helper()
	var s entity.Snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("snapshot --json: %v\n%s", err, b)
	}
	return s
}

// hasNIC reports whether this machine has a network interface besides the
// loopback (Wine lists the Linux interfaces).
func hasNIC() bool {
	ifs, _ := net.Interfaces()
	for _, i := range ifs {
		if i.Flags&net.FlagLoopback == 0 {
			return true
		}
	}
	return false
}

// TestSnapshotThisPC: lookout.exe reads this PC through gopsutil's Windows
// code. Wine answers total CPU, memory, drives, network, uptime and
// processes; it has no per-core times, page files or disk I/O counters
// (those parts are in Errors and logged).
func TestSnapshotThisPC(t *testing.T) {
	s := snapshot(t, run(t, nil, w.exe("lookout.exe"), "snapshot", "--json"))
	t.Logf("errors under Wine: %v", s.Errors)
	if !s.Load.Absent {
		t.Errorf("load %+v: Windows has no load average, want absent", s.Load)
	}
	if _, ok := s.Value(entity.MetricLoad1); ok {
		t.Error("load1 has a value on Windows")
	}
	if s.RatesUnknown || s.CPU.Percent < 0 || s.CPU.Percent > 100 {
		t.Errorf("cpu %+v rates unknown %v", s.CPU, s.RatesUnknown)
	}
	if s.CPU.Cores <= 0 {
		t.Errorf("cores %d", s.CPU.Cores)
	}
	if s.Mem.TotalBytes == 0 || s.Mem.UsedBytes == 0 || s.Mem.Percent <= 0 {
		t.Errorf("memory %+v", s.Mem)
	}
	var c *entity.DiskStat
	for i, d := range s.Disks {
		if d.Mount == "C:" {
			c = &s.Disks[i]
		}
	}
	if c == nil || c.TotalBytes == 0 || c.FSType == "" {
		t.Errorf("drive C: not in %+v", s.Disks)
	}
	if hasNIC() && len(s.Net) == 0 {
		t.Error("no network interface")
	}
	if s.UptimeS <= 0 {
		t.Errorf("uptime %v", s.UptimeS)
	}
	found := false
	for _, p := range append(s.Procs.TopMem, s.Procs.TopCPU...) {
		found = found || strings.EqualFold(p.Name, "lookout.exe")
	}
	if s.Procs.Total < 2 || !found {
		t.Errorf("processes: %d, top %+v: want lookout.exe among them", s.Procs.Total, s.Procs.TopMem)
	}
	for _, part := range []string{"mem", "disks", "net", "uptime", "procs", "load", "sensors"} {
		if e, ok := s.Errors[part]; ok {
			t.Errorf("part %s failed: %s", part, e)
		}
	}

	// The table says why there is no load figure.
	table := string(run(t, nil, w.exe("lookout.exe"), "snapshot"))
	if !strings.Contains(table, "no load average on this system") {
		t.Errorf("the table does not say load is absent:\n%s", table)
	}
}

// TestSnapshotSSH: lookout.exe reads a Linux server over SSH with the key
// and known_hosts of %USERPROFILE%\.ssh, configured in the file Windows
// users have by default, %APPDATA%\Lookout\config.toml.
func TestSnapshotSSH(t *testing.T) {
	d := sshServer(t)
	dir := w.user("AppData", "Roaming", "Lookout")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	cfg := fmt.Sprintf("[[hosts]]\nname = \"srv\"\nssh = %q\n", d.Target())
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	s := snapshot(t, run(t, nil, w.exe("lookout.exe"), "snapshot", "--json", "--host", "srv"))
	if s.Host != "srv" || s.Load.Absent || s.Mem.TotalBytes == 0 || s.CPU.Cores == 0 || s.Procs.Total == 0 {
		t.Errorf("snapshot over SSH: host %q load %+v mem %d cores %d procs %d errors %v",
			s.Host, s.Load, s.Mem.TotalBytes, s.CPU.Cores, s.Procs.Total, s.Errors)
	}
}

// logBuf collects a process's output.
type logBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// proc is a Windows program running in the background.
type proc struct {
	logs logBuf
	done chan struct{} // closed when it exits
	err  error
}

func (p *proc) String() string { return p.logs.String() }

// exited reports whether the program ended, and how.
func (p *proc) exited() (bool, error) {
	select {
	case <-p.done:
		return true, p.err
	default:
		return false, nil
	}
}

// waitFor waits until cond holds; it fails when p ends first.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool, p *proc) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if ok, err := p.exited(); ok {
			t.Fatalf("%s: the program exited (%v)\n%s", what, err, p)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after %v\n%s", what, timeout, p)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// start starts a Windows program that runs until the test ends.
func start(t *testing.T, extra []string, args ...string) *proc {
	t.Helper()
	p := &proc{done: make(chan struct{})}
	cmd := w.command(context.Background(), extra, args...)
	cmd.Stdout, cmd.Stderr = &p.logs, &p.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-p.done })
	return p
}

// TestDaemonAlertsWeCom: lookoutd.exe watches this PC and the SSH server
// and alerts the WeCom robot; the load rule fires for the server only
// (this PC has no load average); its state is in %LOCALAPPDATA%\Lookout,
// whose lock refuses a second lookoutd.exe.
func TestDaemonAlertsWeCom(t *testing.T) {
	d := sshServer(t)
	wecom := fake.NewWeCom(t, "k")
	cfg := writeConfig(t, fmt.Sprintf(`interval = "2s"
[notify]
group_wait = "0s"
group_interval = "0s"
[rules]
sustain = 1
hysteresis = 0.1
[rules.mem]
warning = 0.5
critical = 99.9
[rules.load_per_core]
warning = 0.0001
critical = 1000
hysteresis = 0.00001
[[hosts]]
name = "pc"
local = true
[[hosts]]
name = "srv"
ssh = %q
[[channels]]
name = "ops"
type = "wecom"
webhook = %q
`, d.Target(), wecom.Webhook()))
	t0 := time.Now()
	logs := start(t, nil, w.exe("lookoutd.exe"), "run", "--config", cfg)
	firing := func(host, rule string) bool {
		for _, m := range wecom.Got() {
			for _, line := range strings.Split(m.Content, "\n") {
				if m.Type == "markdown" && strings.Contains(line, "**"+host+"** · "+rule+":") && !strings.Contains(line, "RESOLVED") {
					return true
				}
			}
		}
		return false
	}
	waitFor(t, "memory alerts of pc and srv at the robot", 3*time.Minute, func() bool {
		return firing("pc", "Memory") && firing("srv", "Memory") && firing("srv", "Load per core")
	}, logs)
	t.Logf("lookoutd.exe: first alerts at the robot after %v", time.Since(t0).Round(time.Millisecond))
	if firing("pc", "Load per core") {
		t.Error("a load alert for this PC, which has no load average")
	}
	if v := wecom.Violations(); len(v) > 0 {
		t.Errorf("robot contract violations: %v", v)
	}
	// Queueing, delivering and forgetting the messages went without an
	// error (before, every directory sync was "Access denied" on Windows
	// and the outbox could not queue nor forget).
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("lookoutd.exe logged errors:\n%s", logs)
	}

	// The state directory is Windows' default, and its lock holds.
	lock := w.user("AppData", "Local", "Lookout", "state", "lookout.lock")
	if _, err := os.Stat(lock); err != nil {
		t.Errorf("instance lock not in %%LOCALAPPDATA%%: %v", err)
	}
	if _, err := os.Stat(w.user("AppData", "Local", "Lookout", "data", "history.db")); err != nil {
		t.Errorf("history not in %%LOCALAPPDATA%%: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	second := w.command(ctx, nil, w.exe("lookoutd.exe"), "run", "--config", cfg)
	out, err := second.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "held by pid") {
		t.Errorf("a second lookoutd.exe on the same state: %v\n%s", err, out)
	}
}

// TestWindowOpens: lookout.exe opens its window (Fyne, OpenGL through
// Wine and Mesa) on the Xvfb display; it is found by its title and is not
// blank.
func TestWindowOpens(t *testing.T) {
	w.display = testenv.Display(t)
	defer func() { w.display = "" }()
	xdotool := testenv.Require(t, "xdotool")
	xdo := func(args ...string) *exec.Cmd {
		cmd := exec.Command(xdotool, args...)
		cmd.Env = append(os.Environ(), "DISPLAY="+w.display)
		return cmd
	}
	cfg := writeConfig(t, "[[hosts]]\nname = \"pc\"\nlocal = true\n")
	t0 := time.Now()
	logs := start(t, []string{"LOOKOUT_CONFIG=" + cfg, "LOOKOUT_STATE_DIR=" + winPath(t.TempDir()), "LOOKOUT_DATA_DIR=" + winPath(t.TempDir())},
		w.exe("lookout.exe"))
	var id string
	waitFor(t, "the Lookout window", 3*time.Minute, func() bool {
		out, _ := xdo("search", "--onlyvisible", "--name", "^Lookout$").Output()
		id = strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
		return id != ""
	}, logs)
	t.Logf("window %s mapped after %v", id, time.Since(t0).Round(time.Millisecond))
	name, _ := xdo("getwindowname", id).Output()
	if got := strings.TrimSpace(string(name)); got != "Lookout" {
		t.Errorf("title %q", got)
	}
	// The host card has drawn once the window shows more than its
	// background.
	shot := filepath.Join(t.TempDir(), "window.png")
	waitFor(t, "the window drawn", time.Minute, func() bool {
		return testenv.Colours(testenv.Screenshot(t, w.display, id, shot)) > 20
	}, logs)
}

// TestUnitTestsUnderWine runs the Windows builds of the unit tests that
// hold Windows code: the file lock (LockFileEx), the directory sync and
// the local collector's conversions.
func TestUnitTestsUnderWine(t *testing.T) {
	for _, pkg := range []string{"lookout/internal/filelock", "lookout/internal/atomicfile", "lookout/engine/collect/local"} {
		exe := filepath.Join(t.TempDir(), filepath.Base(pkg)+".test.exe")
		build := exec.Command("go", "test", "-c", "-o", exe, pkg)
		build.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go test -c %s: %v\n%s", pkg, err, out)
		}
		src, err := exec.Command("go", "list", "-f", "{{.Dir}}", pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		// In the package's directory, where its testdata is.
		out := runIn(t, strings.TrimSpace(string(src)), nil, winPath(exe), "-test.v", "-test.count=1")
		if !bytes.Contains(out, []byte("\nPASS")) && !bytes.HasPrefix(out, []byte("PASS")) {
			t.Errorf("%s under Wine:\n%s", pkg, out)
		}
		t.Logf("%s under Wine:\n%s", pkg, lastLines(out, 12))
	}
}

func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
