package ssh

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// ShellCommand starts the remote shell of a connection: one session per
// connection, whatever the user's login shell is (csh and fish accept it
// too). Starting it costs the login shell's rc files once per connection
// instead of once per poll (on a Debian host whose root .bashrc runs pyenv
// init that is ~100 ms of CPU per session). It runs InfoScript, then
// ReaderProgram, or Script at every poll where the reader cannot run.
const ShellCommand = "exec /bin/sh"

// Script is the one command every poll writes to the remote shell when the
// persistent reader cannot run (no awk on the remote). It is
// a constant: no value from the configuration or the network is ever
// added to it. It reads only, and prints:
//
//	@@lookout 1
//	stat:cpu  ...                  one grep prints every /proc file,
//	meminfo:MemTotal: ...          each line prefixed with its name
//	...
//	1234/stat:1234 (nginx) S ...   every process (a name holding a
//	@@df                           newline continues on a line with
//	Filesystem Type ...            the same prefix)
//	@@end
//
// A command the script needs and the remote lacks is named on a line
// "@@missing grep" (or df) right after the marker (Output.Missing): no grep
// is a host error, no df an error of the disks part, never zeros.
//
// It runs in a subshell so that nothing it does (cd, variables) outlives
// it. df runs under timeout(1) where it exists, so a hung network mount
// cannot stall the poll. "@@end" is always printed; it ends the poll's
// output on the shared stream.
const Script = `(LC_ALL=C; export LC_ALL; cd /proc && { echo "@@lookout 1"; ` +
	`command -v grep >/dev/null 2>&1 || echo "@@missing grep"; ` +
	`command -v df >/dev/null 2>&1 || echo "@@missing df"; ` +
	`grep -Hsa "" stat meminfo loadavg net/dev diskstats uptime [0-9]*/stat; ` +
	`echo "@@df"; ` +
	`if command -v timeout >/dev/null 2>&1; then timeout 5 df -P -T -k; else df -P -T -k; fi; }) 2>/dev/null; ` +
	`echo "@@end"`

// InfoScript runs once per connection: page size, clock ticks per second
// and the CPU model, which do not change while the host is up.
const InfoScript = `(LC_ALL=C; export LC_ALL; echo "@@lookout 1"; ` +
	`getconf PAGESIZE || echo 4096; getconf CLK_TCK || echo 100; ` +
	`grep -m1 "^model name" /proc/cpuinfo) 2>/dev/null; echo "@@end"`

// Output is Script's output split into its parts.
type Output struct {
	// Files maps a /proc file ("stat", "meminfo", "loadavg", "net/dev",
	// "diskstats", "uptime") to its text.
	Files map[string][]byte
	// Pids holds each /proc/[pid]/stat line, in PID order of the glob.
	Pids [][]byte
	// Df is df's output, header included.
	Df []byte
	// Missing names the commands the script needs that the remote does
	// not have ("grep", "df").
	Missing []string
	// DfCached: the persistent reader left df out ("@@dfcached": mounts
	// unchanged); the collector reuses the last one.
	DfCached bool
}

// maxPids bounds the process lines of one output.
const maxPids = 200000

// Errors of ParseOutput.
var (
	ErrNoMarker  = errors.New("no @@lookout marker in the output (is /bin/sh there, and /proc mounted?)")
	ErrTruncated = errors.New("output truncated (no @@end marker)")
)

// ParseOutput splits the output of Script. Anything a login script prints
// before the marker is skipped; output without the end marker is an
// error, so a cut connection never yields a half snapshot.
func ParseOutput(b []byte) (Output, error) {
	out := Output{Files: make(map[string][]byte, 6)}
	i := indexLine(b, "@@lookout 1")
	if i < 0 {
		return out, ErrNoMarker
	}
	b = b[i:]
	_, b, _ = bytes.Cut(b, []byte("\n"))
	dfAt := indexLine(b, "@@df")
	if dfAt < 0 {
		return out, ErrTruncated
	}
	procText, rest := b[:dfAt], b[dfAt+len("@@df"):]
	rest = bytes.TrimPrefix(rest, []byte("\n"))
	endAt := indexLine(rest, "@@end")
	if endAt < 0 {
		return out, ErrTruncated
	}
	out.Df = rest[:endAt]

	var cur string
	var buf []byte
	tooMany := false
	flush := func() {
		if cur == "" {
			return
		}
		if isPidFile(cur) {
			if len(out.Pids) >= maxPids {
				tooMany = true
				return
			}
			out.Pids = append(out.Pids, buf)
		} else {
			out.Files[cur] = buf
		}
	}
	for len(procText) > 0 {
		line, next, _ := bytes.Cut(procText, []byte("\n"))
		procText = next
		if cmd, ok := bytes.CutPrefix(line, []byte("@@missing ")); ok {
			if len(out.Missing) < 4 {
				out.Missing = append(out.Missing, string(truncate(cmd)))
			}
			continue
		}
		if string(line) == "@@dfcached" {
			out.DfCached = true
			continue
		}
		name, text, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return out, fmt.Errorf("output line without a file prefix: %q", truncate(line))
		}
		if string(name) == cur {
			if isPidFile(cur) {
				buf = append(append(buf, '\n'), text...) // a process name holding a newline
			} else {
				buf = append(append(buf, text...), '\n')
			}
			continue
		}
		flush()
		cur = string(name)
		if isPidFile(cur) {
			buf = text[:len(text):len(text)] // appending copies, never writes into b
		} else {
			buf = append(text[:len(text):len(text)], '\n')
		}
	}
	flush()
	if tooMany {
		return out, fmt.Errorf("more than %d processes in the output", maxPids)
	}
	return out, nil
}

// indexLine returns the offset of the first line equal to s, or -1.
func indexLine(b []byte, s string) int {
	off := 0
	for {
		i := bytes.Index(b[off:], []byte(s))
		if i < 0 {
			return -1
		}
		at := off + i
		end := at + len(s)
		if (at == 0 || b[at-1] == '\n') && (end == len(b) || b[end] == '\n') {
			return at
		}
		off = end
	}
}

// isPidFile reports whether name is "[0-9]+/stat".
func isPidFile(name string) bool {
	pid, rest, ok := cutByte(name, '/')
	return ok && rest == "stat" && isDigits(pid)
}

func cutByte(s string, c byte) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func truncate(b []byte) []byte {
	if len(b) > 64 {
		return b[:64]
	}
	return b
}

// Info is InfoScript's output.
type Info struct {
	PageSize uint64  // bytes per page (4096 on most machines)
	ClkTck   float64 // clock ticks per second in /proc (USER_HZ, 100)
	Model    string  // CPU model, "" when /proc/cpuinfo names none
}

// ParseInfo parses InfoScript's output; absent or odd values fall back to
// the Linux defaults.
func ParseInfo(b []byte) (Info, error) {
	info := Info{PageSize: 4096, ClkTck: 100}
	i := indexLine(b, "@@lookout 1")
	if i < 0 {
		return info, ErrNoMarker
	}
	b = b[i+len("@@lookout 1"):]
	end := indexLine(b, "@@end")
	if end < 0 {
		return info, ErrTruncated
	}
	lines := bytes.Split(bytes.TrimSpace(b[:end]), []byte("\n"))
	if len(lines) > 0 {
		if v, err := strconv.ParseUint(string(bytes.TrimSpace(lines[0])), 10, 64); err == nil && v >= 1024 && v&(v-1) == 0 {
			info.PageSize = v
		}
	}
	if len(lines) > 1 {
		if v, err := strconv.ParseUint(string(bytes.TrimSpace(lines[1])), 10, 32); err == nil && v > 0 {
			info.ClkTck = float64(v)
		}
	}
	if len(lines) > 2 {
		if _, model, ok := bytes.Cut(lines[2], []byte(":")); ok {
			info.Model = string(bytes.TrimSpace(model))
		}
	}
	return info, nil
}
