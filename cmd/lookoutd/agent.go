package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"lookout/engine"
	"lookout/engine/collect/agent"
	"lookout/engine/collect/local"
)

func init() {
	c := command{name: "agent", usage: "--listen ADDR --token-file FILE [--tls-cert FILE --tls-key FILE]",
		summary: "serve this machine's snapshot to Lookout (GET /api/v1/snapshot) and Prometheus (GET /metrics)"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		listen := fs.String("listen", ":9120", "`address` to listen on (host:port)")
		tokenFile := fs.String("token-file", "", "`file` holding the bearer token clients must send (required)")
		cert := fs.String("tls-cert", "", "TLS certificate `file` (PEM); with --tls-key, serve https")
		key := fs.String("tls-key", "", "TLS private key `file` (PEM)")
		host := fs.String("host", "", "host `name` in snapshots (default: the hostname)")
		top := fs.Int("top", 5, "processes listed by CPU and by memory")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return fmt.Errorf("unexpected argument %q", fs.Arg(0))
		}
		if *tokenFile == "" {
			return errors.New("no --token-file: the agent refuses to serve without a token (create one with: head -c 32 /dev/urandom | base64 > token; chmod 600 token)")
		}
		if (*cert == "") != (*key == "") {
			return errors.New("--tls-cert and --tls-key go together")
		}
		token, err := readToken(e, *tokenFile)
		if err != nil {
			return err
		}
		h, err := agent.NewHandler(agent.HandlerOptions{Token: token, Log: e.log,
			New: func(keywords, required []string) engine.Collector {
				return local.New(local.Options{Host: *host, Keywords: keywords, Required: required, TopN: *top})
			}})
		if err != nil {
			return err
		}
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
			WriteTimeout: 60 * time.Second, IdleTimeout: 5 * time.Minute, ErrorLog: nil}
		if *cert != "" {
			pair, err := tls.LoadX509KeyPair(*cert, *key)
			if err != nil {
				return fmt.Errorf("tls: %w", err)
			}
			srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
		}
		ln, err := net.Listen("tcp", *listen)
		if err != nil {
			return err
		}
		scheme := "http"
		if srv.TLSConfig != nil {
			scheme = "https"
			ln = tls.NewListener(ln, srv.TLSConfig)
		}
		e.log.Info("agent listening", "addr", ln.Addr().String(), "scheme", scheme)
		fmt.Fprintf(e.stdout, "lookoutd agent: serving %s://%s\n", scheme, ln.Addr())
		errc := make(chan error, 1)
		go func() { errc <- srv.Serve(ln) }()
		select {
		case err := <-errc:
			return err
		case <-ctx.Done():
		}
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	}
	register(c)
}

// readToken reads the first line of the token file. The file should be
// readable by its owner only; a looser mode is logged.
func readToken(e *env, file string) ([]byte, error) {
	st, err := os.Stat(file)
	if err != nil {
		return nil, fmt.Errorf("token file: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		e.log.Warn("token file is readable by others; chmod 600 it", "file", file, "mode", st.Mode().Perm().String())
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("token file: %w", err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	tok := strings.TrimSpace(line)
	if tok == "" {
		return nil, fmt.Errorf("token file %s is empty", file)
	}
	if len(tok) < 16 {
		e.log.Warn("the token is short; use at least 16 random characters", "file", file)
	}
	return []byte(tok), nil
}
