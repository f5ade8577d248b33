package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	sshcol "lookout/engine/collect/ssh"
	"lookout/runtime"
)

func init() {
	c := command{name: "trust", usage: "[--yes] HOST",
		summary: "show an SSH host's key fingerprint and, once confirmed, trust it"}
	c.run = func(ctx context.Context, env *Env, args []string) error {
		fs := newFlags(env, c)
		yes := fs.Bool("yes", false, "trust without asking (check the fingerprint some other way first)")
		timeout := fs.Duration("timeout", 30*time.Second, "deadline for reaching the host")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			fs.Usage()
			return exitError(2)
		}
		cfg, _, err := env.LoadConfig()
		if err != nil {
			return err
		}
		h, err := pickHost(cfg, fs.Arg(0))
		if err != nil {
			return err
		}
		if h.SSH == "" {
			return fmt.Errorf("host %s is not reached over ssh: there is no host key to trust", h.Name)
		}
		col, err := runtime.NewSSHCollector(cfg, h)
		if err != nil {
			return fmt.Errorf("host %s: %w", h.Name, err)
		}
		defer col.Close()
		ctx, cancel := context.WithTimeout(ctx, *timeout)
		defer cancel()
		in := bufio.NewReader(env.Stdin)
		hk, err := col.Trust(ctx, func(hk sshcol.HostKey) bool {
			fmt.Fprintf(env.Stdout, "%s (%s) offers this host key:\n  %s %s\n", h.Name, col.Endpoint(), hk.Type, hk.Fingerprint)
			if *yes {
				return true
			}
			fmt.Fprintf(env.Stdout, "Compare it with `ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub` on the server.\nTrust it? [y/N] ")
			line, _ := in.ReadString('\n')
			answer := strings.ToLower(strings.TrimSpace(line))
			return answer == "y" || answer == "yes"
		})
		switch {
		case errors.Is(err, sshcol.ErrNotConfirmed):
			fmt.Fprintln(env.Stdout, "Not trusted.")
			return exitError(1)
		case err != nil:
			return fmt.Errorf("host %s: %w", h.Name, err)
		}
		fmt.Fprintf(env.Stdout, "%s: %s %s is trusted (%s).\n", h.Name, hk.Type, hk.Fingerprint, col.TrustFile())
		return nil
	}
	register(c)
}
