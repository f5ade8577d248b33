package containers

import (
	"archive/tar"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"lookout/entity"
)

// need skips a test that needs a real tool, or fails it when
// LOOKOUT_TEST_ALL is set (make test): there a missing tool is a defect of
// the test machine, not a reason to pass.
func need(t testing.TB, ok bool, why string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("LOOKOUT_TEST_ALL") != "" {
		t.Fatalf("%s (scripts/deps.sh test installs docker.io, podman, runc and busybox)", why)
	}
	t.Skip(why)
}

// rootfs returns a tarball of a busybox rootfs, the image the engines
// import (nothing can be pulled here). Debian's busybox is dynamically
// linked (busybox-static conflicts with it), so the loader and libraries
// ldd names go in too.
func rootfs(t testing.TB) string {
	t.Helper()
	_, err := os.Stat("/bin/busybox")
	need(t, err == nil, "no /bin/busybox (busybox)")
	files := []string{"/bin/busybox"}
	if out, err := exec.Command("ldd", "/bin/busybox").Output(); err == nil { // "not a dynamic executable" fails
		for _, l := range strings.Split(string(out), "\n") {
			for _, f := range strings.Fields(l) {
				if strings.HasPrefix(f, "/") {
					files = append(files, f)
				}
			}
		}
	}
	dirs := map[string]bool{"bin": true}
	for _, f := range files {
		for d := filepath.Dir(strings.TrimPrefix(f, "/")); d != "."; d = filepath.Dir(d) {
			dirs[d] = true
		}
	}
	var sorted []string
	for d := range dirs {
		sorted = append(sorted, d)
	}
	sort.Strings(sorted) // parents first
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, d := range sorted {
		tw.WriteHeader(&tar.Header{Name: d + "/", Typeflag: tar.TypeDir, Mode: 0o755})
	}
	for _, f := range files {
		b, err := os.ReadFile(f) // follows the libraries' symlinks
		if err != nil {
			t.Fatal(err)
		}
		tw.WriteHeader(&tar.Header{Name: strings.TrimPrefix(f, "/"), Mode: 0o755, Size: int64(len(b))})
		tw.Write(b)
	}
	for _, a := range []string{"sh", "sleep", "yes", "ping", "cat", "true"} {
		tw.WriteHeader(&tar.Header{Name: "bin/" + a, Typeflag: tar.TypeSymlink, Linkname: "busybox"})
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "rootfs.tar")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// engine is a real dockerd or podman service for one test.
type engine struct {
	t    testing.TB
	pid  int // the daemon
	sock string
	cli  []string // the CLI and its flags reaching the engine
	env  []string
}

func (e *engine) run(args ...string) string {
	e.t.Helper()
	cmd := exec.Command(e.cli[0], append(e.cli[1:], args...)...)
	cmd.Env = append(os.Environ(), e.env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		e.t.Fatalf("%s %s: %v\n%s", e.cli[0], strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// start runs daemon until its socket answers; the daemon is stopped at the
// end of the test.
func start(t testing.TB, dir string, daemon *exec.Cmd, sock string) int {
	t.Helper()
	log, _ := os.Create(filepath.Join(dir, "daemon.log"))
	daemon.Stdout, daemon.Stderr = log, log
	daemon.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := daemon.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		daemon.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { daemon.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			syscall.Kill(-daemon.Process.Pid, syscall.SIGKILL)
			<-done
		}
		unmountUnder(dir)
		os.RemoveAll(dir)
	})
	c := NewClient(sock)
	defer c.Close()
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_, err := c.Engine(ctx)
		cancel()
		if err == nil {
			return daemon.Process.Pid
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(filepath.Join(dir, "daemon.log"))
			t.Fatalf("engine did not answer on %s: %v\n%s", sock, err, b)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// unmountUnder unmounts what an engine left mounted under dir (Podman's
// shm), so that dir can be removed.
func unmountUnder(dir string) {
	b, _ := os.ReadFile("/proc/self/mounts")
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) > 1 && strings.HasPrefix(f[1], dir+"/") {
			syscall.Unmount(f[1], syscall.MNT_DETACH)
		}
	}
}

// removeAll removes every container, running or not. Podman's containers
// outlive its API service (conmon keeps them), so this runs before the
// service stops.
func (e *engine) removeAll() {
	cmd := exec.Command(e.cli[0], append(e.cli[1:], "ps", "-aq")...)
	cmd.Env = append(os.Environ(), e.env...)
	out, _ := cmd.Output()
	if ids := strings.Fields(string(out)); len(ids) > 0 {
		cmd = exec.Command(e.cli[0], append(append(e.cli[1:], "rm", "-f"), ids...)...)
		cmd.Env = append(os.Environ(), e.env...)
		if b, err := cmd.CombinedOutput(); err != nil {
			e.t.Logf("removing containers: %v\n%s", err, b)
		}
	}
}

func startDocker(t testing.TB) *engine {
	dockerd, err := exec.LookPath("dockerd")
	need(t, err == nil, "no dockerd (docker.io)")
	docker, err := exec.LookPath("docker")
	need(t, err == nil, "no docker CLI (docker.io)")
	need(t, os.Geteuid() == 0, "dockerd needs root")
	dir, err := os.MkdirTemp("", "lookout-dockerd-")
	if err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "d.sock")
	pid := start(t, dir, exec.Command(dockerd, "--iptables=false", "--bridge=none", "--storage-driver=vfs",
		"-H", "unix://"+sock, "--data-root", filepath.Join(dir, "data"), "--exec-root", filepath.Join(dir, "exec"),
		"--pidfile", filepath.Join(dir, "d.pid")), sock)
	e := &engine{t: t, pid: pid, sock: sock, cli: []string{docker, "-H", "unix://" + sock}}
	t.Cleanup(e.removeAll)
	return e
}

func startPodman(t testing.TB) *engine {
	podman, err := exec.LookPath("podman")
	need(t, err == nil, "no podman")
	_, err = exec.LookPath("runc")
	need(t, err == nil, "no runc")
	need(t, os.Geteuid() == 0, "podman with cgroupfs needs root here")
	dir, err := os.MkdirTemp("", "lookout-podman-")
	if err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "containers.conf")
	// The ulimits must stay within conmon's own, or runc refuses them.
	os.WriteFile(conf, []byte("[containers]\ndefault_ulimits = [\"nofile=20000:20000\", \"nproc=32768:32768\"]\n"+
		"[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\nevents_logger = \"file\"\n"), 0o644)
	cli := []string{podman, "--root", filepath.Join(dir, "root"), "--runroot", filepath.Join(dir, "run"),
		"--storage-driver", "vfs", "--runtime", "runc", "--cgroup-manager", "cgroupfs", "--events-backend", "file"}
	sock := filepath.Join(dir, "p.sock")
	env := []string{"CONTAINERS_CONF=" + conf}
	svc := exec.Command(cli[0], append(cli[1:], "system", "service", "--time", "0", "unix://"+sock)...)
	svc.Env = append(os.Environ(), env...)
	pid := start(t, dir, svc, sock)
	e := &engine{t: t, pid: pid, sock: sock, cli: cli, env: env}
	t.Cleanup(e.removeAll)
	return e
}

// poll collects until ok accepts the containers (the engine needs a moment
// between counter readings), and fails after a minute.
func poll(t *testing.T, col *Collector, what string, ok func(map[string]entity.ContainerStat) bool) map[string]entity.ContainerStat {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		list, err := col.Collect(ctx)
		cancel()
		if err != nil {
			t.Fatalf("Collect: %v", err)
		}
		byName := map[string]entity.ContainerStat{}
		for _, c := range list {
			byName[c.Name] = c
		}
		if ok(byName) {
			return byName
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: last poll %+v", what, byName)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// follow runs the scenario shared by both engines: a busy and an idle
// container, stopped, started and restarted, and one that keeps failing.
func follow(t *testing.T, e *engine, image, engineName string, network bool) {
	e.run("run", "-d", "--name", "spin", image, "sh", "-c", "yes > /dev/null")
	e.run("run", "-d", "--name", "idle", image, "sleep", "100000")
	e.run("run", "-d", "--name", "flap", "--restart=always", image, "sh", "-c", "sleep 0.2; exit 3")
	if network {
		e.run("network", "create", "n1")
		gw := e.run("network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", "n1")
		e.run("run", "-d", "--name", "ping", "--network", "n1", image, "ping", "-i", "0.2", gw)
	}
	col := NewCollector(e.sock)
	defer col.Close()

	first := poll(t, col, "the first poll", func(m map[string]entity.ContainerStat) bool { return true })
	if c := first["spin"]; !c.RatesUnknown || c.State != entity.ContainerRunning || c.Engine != engineName || !ValidID(c.ID) {
		t.Errorf("first poll spin = %+v, want running with rates unknown", c)
	}
	m := poll(t, col, "spin's CPU", func(m map[string]entity.ContainerStat) bool {
		return !m["spin"].RatesUnknown && m["spin"].CPUPercent > 0 && !m["idle"].RatesUnknown
	})
	if s, i := m["spin"], m["idle"]; s.CPUPercent <= i.CPUPercent || s.MemLimitBytes == 0 || s.MemUsedBytes == 0 || s.MemPercent <= 0 {
		t.Errorf("spin %+v should be busier than idle %+v and have memory figures", s, i)
	}
	if network {
		m = poll(t, col, "ping's network rates", func(m map[string]entity.ContainerStat) bool {
			return !m["ping"].RatesUnknown && m["ping"].NetTxBytesPerS > 0 && m["ping"].NetRxBytesPerS > 0
		})
		if c := m["ping"]; c.NetTxBytesTotal == 0 || c.NetRxBytesTotal == 0 {
			t.Errorf("ping = %+v, want byte totals", c)
		}
	}
	poll(t, col, "flap's restarts to climb", func(m map[string]entity.ContainerStat) bool { return m["flap"].Restarts >= 2 })

	e.run("stop", "-t", "0", "spin")
	m = poll(t, col, "spin stopped", func(m map[string]entity.ContainerStat) bool { return m["spin"].State == entity.ContainerExited })
	if c := m["spin"]; c.CPUPercent != 0 || c.MemUsedBytes != 0 || c.ExitCode == 0 {
		t.Errorf("stopped spin = %+v, want no figures and its exit code", c)
	}
	e.run("start", "spin")
	m = poll(t, col, "spin started", func(m map[string]entity.ContainerStat) bool { return m["spin"].Running() })
	if !m["spin"].RatesUnknown {
		t.Errorf("restarted spin = %+v, want rates unknown (its counters started again)", m["spin"])
	}
	poll(t, col, "spin's CPU after start", func(m map[string]entity.ContainerStat) bool {
		return !m["spin"].RatesUnknown && m["spin"].CPUPercent > 0
	})
	e.run("restart", "-t", "0", "flap") // a manual restart clears the policy's count
	poll(t, col, "flap's count cleared", func(m map[string]entity.ContainerStat) bool { return m["flap"].Restarts < 2 })
	e.run("rm", "-f", "idle")
	poll(t, col, "idle removed", func(m map[string]entity.ContainerStat) bool { _, ok := m["idle"]; return !ok })
}

func TestDocker(t *testing.T) {
	e := startDocker(t)
	e.run("import", rootfs(t), "bb:test")
	follow(t, e, "bb:test", "docker", true)
}

func TestPodman(t *testing.T) {
	e := startPodman(t)
	e.run("import", rootfs(t), "localhost/bb:test")
	// Podman 4 reports a zeroed network for containers on its default
	// network here, so network rates are tested on Docker only.
	follow(t, e, "localhost/bb:test", "podman", false)
}
