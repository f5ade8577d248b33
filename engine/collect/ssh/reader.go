package ssh

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ReaderProgram turns the connection's remote shell into the persistent
// reader: one long-lived awk that, for each request line on standard
// input, reads every /proc file of Script with getline (no process is
// started per poll) and prints them in Script's format, ending with
// "@@end". The shell's only part per poll is the glob of /proc's process
// directories, whose names it hands to awk on the request line. Requests
// are "p" (a poll) and "d" (a poll that also runs df); awk also runs df on
// "p" when /proc/self/mounts changed since the last df, and otherwise
// prints "@@dfcached" (the collector keeps the last df output). When the
// request stream ends (the session closed) the loop ends and, when the
// shell leads its process group (sshd starts every session in a new one),
// sends SIGTERM to that group: awk, a df still running and the shell end
// with it, even where sshd does not honour the client's "signal" request
// (it refuses them for root logins). Like Script it is a constant:
// nothing from the configuration or the network is pasted into it, and
// it only reads.
//
// It is written on one line to the shell that ShellCommand started (after
// InfoScript), so the login shell's rc files were paid once, at the
// login. It answers "@@reader 1" when awk is ready, or "@@noreader awk"
// and "@@end" when the remote has no awk; the shell is then still there
// and the collector falls back to writing Script at every poll.
const ReaderProgram = `LC_ALL=C; export LC_ALL; if command -v awk >/dev/null 2>&1; then a=awk; ` +
	`if awk -W interactive "BEGIN{}" </dev/null >/dev/null 2>&1; then a="awk -W interactive"; fi; ` +
	`g=0; read -r s </proc/$$/stat && set -- $s && [ "$5" = "$$" ] && g=1; ` +
	`(cd /proc && while read -r q; do case $q in p|d) set -- [0-9]*; echo "$q $*";; *) break;; esac; done; ` +
	`[ $g = 1 ] && kill 0) | $a '` + readerAwk + `'; exit; ` +
	`else echo "@@noreader awk"; echo "@@end"; fi`

// readerAwk is the awk half of ReaderProgram (no single quote in it). It
// gathers a reply in chunks of 16 KiB (mawk -W interactive, which it needs
// to read each request as it comes, writes every print at once). To keep
// replies small it leaves out /proc/stat's interrupt lines and writes
// each /proc/[pid]/stat line with only the fields Lookout reads (state,
// utime, stime, starttime, rss; the others 0): still a stat line that
// procfs.ParsePidStat reads, a quarter of the bytes.
const readerAwk = `function out(s) { o = o s "\n"; if (length(o) > 16384) { printf "%s", o; o = "" } } ` +
	`function pid(s, p,  r, j, c, a, h, L, m) { r = s; c = 0; while ((j = index(r, ")")) > 0) { c += j; r = substr(r, j + 1) } ` +
	`if (c == 0 || split(r, a, " ") < 22) return; ` +
	`h = substr(s, 1, c) " " a[1] " 0 0 0 0 0 0 0 0 0 0 " a[12] " " a[13] " 0 0 0 0 0 0 " a[20] " 0 " a[22]; ` +
	`m = split(h, L, "\n"); for (j = 1; j <= m; j++) out(p "/stat:" L[j]) } ` +
	`BEGIN { print "@@reader 1"; fflush(); to = ""; ` +
	`if (system("command -v timeout >/dev/null 2>&1") == 0) to = "timeout 5 "; ` +
	`df = to "df -P -T -k 2>/dev/null"; n = split("stat meminfo loadavg net/dev diskstats uptime", F, " ") } ` +
	`{ o = "@@lookout 1\n"; ` +
	`for (i = 1; i <= n; i++) { f = "/proc/" F[i]; while ((getline l < f) > 0) if (i > 1 || l !~ /^(intr|softirq|ctxt|processes) /) out(F[i] ":" l); close(f) } ` +
	`for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) { f = "/proc/" $i "/stat"; s = ""; k = 0; ` +
	`while ((getline l < f) > 0) s = (k++ ? s "\n" : "") l; close(f); if (k) pid(s, $i) } ` +
	`m = ""; f = "/proc/self/mounts"; while ((getline l < f) > 0) m = m l "\n"; close(f); ` +
	`if ($1 == "d" || m != last) { last = m; out("@@df"); while ((df | getline l) > 0) out(l); close(df) } ` +
	`else { out("@@dfcached"); out("@@df") } ` +
	`printf "%s@@end\n", o; fflush() }`

// Reader requests: a poll, and a poll that runs df.
const (
	requestPoll   = "p"
	requestPollDf = "d"
)

// errNoReader is startReader's answer when the remote cannot run
// ReaderProgram (no awk): the shell is still usable for Script.
var errNoReader = errors.New("no awk on the remote")

// maxPreambleLines and maxPreambleBytes bound what the remote may print
// before the reader's answer (and InfoScript's output).
const (
	maxPreambleLines = 100
	maxPreambleBytes = 64 << 10
	// maxLine bounds one line of output; /proc lines are far shorter.
	maxLine = 1 << 20
)

// startReader writes ReaderProgram to the shell and waits for its answer.
// errNoReader means the shell is still in step and can run Script; any
// other error means the shell must be closed.
func (sh *shell) startReader() error {
	if _, err := io.WriteString(sh.stdin, ReaderProgram+"\n"); err != nil {
		return err
	}
	total := 0
	for range maxPreambleLines {
		line, err := readLine(sh.out, maxPreambleBytes)
		total += len(line)
		if err != nil {
			return err
		}
		if total > maxPreambleBytes {
			break
		}
		switch strings.TrimSuffix(string(line), "\n") {
		case "@@reader 1":
			sh.reader = true
			return nil
		case "@@noreader awk":
			if l, err := readLine(sh.out, maxPreambleBytes); err != nil || string(l) != "@@end\n" {
				return fmt.Errorf("reader: no end marker after @@noreader (%q, %v)", truncate(l), err)
			}
			return errNoReader
		}
	}
	return errors.New("reader: no @@reader answer in the first lines the remote printed")
}

// readLine reads one line of at most limit bytes (newline included).
func readLine(r *bufio.Reader, limit int) ([]byte, error) {
	var out []byte
	for {
		frag, err := r.ReadSlice('\n')
		out = append(out, frag...)
		if len(out) > limit {
			return out, fmt.Errorf("a line longer than %d bytes", limit)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return out, err
	}
}
