package containers

import (
	"context"
	"net"
	"os"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"lookout/entity"
	"lookout/internal/sshdtest"
)

// TestOverSSH reads a real dockerd's containers through a real sshd's
// streamlocal forward (direct-streamlocal@openssh.com) to its socket, as
// the SSH collector would on a remote.
func TestOverSSH(t *testing.T) {
	e := startDocker(t)
	e.run("import", rootfs(t), "bb:test")
	e.run("run", "-d", "--name", "spin", "bb:test", "sh", "-c", "yes > /dev/null")
	d := sshdtest.Start(t, "")
	key, err := os.ReadFile(d.ClientKey)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.ParsePrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := ssh.Dial("tcp", d.Addr(), &ssh.ClientConfig{User: sshdtest.CurrentUser(),
		Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)}, HostKeyCallback: ssh.FixedHostKey(d.HostKey), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	col := NewCollectorClient(NewClientDial(e.sock, func(ctx context.Context) (net.Conn, error) {
		return conn.DialContext(ctx, "unix", e.sock)
	}))
	defer col.Close()
	m := poll(t, col, "spin's CPU over SSH", func(m map[string]entity.ContainerStat) bool {
		return !m["spin"].RatesUnknown && m["spin"].CPUPercent > 0
	})
	if c := m["spin"]; c.Engine != "docker" || c.MemUsedBytes == 0 {
		t.Errorf("spin over SSH = %+v", c)
	}
}
