// Command benchjson gathers `make bench`'s output into one machine-readable
// file: it reads `go test -bench` output (its "pkg:" and "Benchmark..."
// lines) and the bench scripts' "group.key value" lines from stdin and
// writes JSON with the machine and load it ran on:
//
//	go test -run '^$' -bench . ./... | scripts/bench-daemon.sh | benchjson -o bench/results.json
//
// Every other line is ignored (and echoed to stderr with -v).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/google/renameio/v2/maybe"
)

// Results is the file's content.
type Results struct {
	Date       time.Time         `json:"date"`
	Commit     string            `json:"commit"`
	Machine    Machine           `json:"machine"`
	Benchmarks []Benchmark       `json:"benchmarks"`
	Scripts    map[string]string `json:"scripts"`
}

// Machine says where the figures come from.
type Machine struct {
	CPUs      int    `json:"cpus"`
	Model     string `json:"model"`
	GoVersion string `json:"go"`
	// LoadBefore and LoadAfter are /proc/loadavg's 1-minute load when
	// benchjson started and ended: the machine is shared.
	LoadBefore string `json:"load_before"`
	LoadAfter  string `json:"load_after"`
}

// Benchmark is one line of go test -bench output.
type Benchmark struct {
	Package    string             `json:"package"`
	Name       string             `json:"name"`
	Iterations int64              `json:"iterations"`
	Metrics    map[string]float64 `json:"metrics"` // unit -> value: ns/op, B/op, and ReportMetric's
}

func main() {
	out := flag.String("o", "bench/results.json", "file to write")
	verbose := flag.Bool("v", false, "echo the lines that are not results to stderr")
	flag.Parse()
	r := Results{Date: time.Now().UTC(), Scripts: map[string]string{},
		Machine: Machine{CPUs: runtime.NumCPU(), Model: cpuModel(), GoVersion: runtime.Version(), LoadBefore: load()}}
	if b, err := exec.Command("git", "describe", "--tags", "--always", "--dirty").Output(); err == nil {
		r.Commit = strings.TrimSpace(string(b))
	}
	pkg := ""
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(p)
			continue
		}
		if b, ok := parseBench(line); ok {
			b.Package = pkg
			r.Benchmarks = append(r.Benchmarks, b)
			continue
		}
		if k, v, ok := strings.Cut(line, " "); ok && strings.Contains(k, ".") && !strings.ContainsAny(k, "/:") && strings.Count(line, " ") == 1 {
			r.Scripts[k] = v
			continue
		}
		if *verbose {
			fmt.Fprintln(os.Stderr, line)
		}
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
	r.Machine.LoadAfter = load()
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(dirOf(*out), 0o755); err != nil {
		log.Fatal(err)
	}
	if err := maybe.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "benchjson: %d benchmarks, %d script figures -> %s\n", len(r.Benchmarks), len(r.Scripts), *out)
}

// parseBench reads "BenchmarkX-2  N  v unit  v unit ...".
func parseBench(line string) (Benchmark, bool) {
	f := strings.Fields(line)
	if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
		return Benchmark{}, false
	}
	n, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return Benchmark{}, false
	}
	name := f[0]
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			name = name[:i] // the GOMAXPROCS suffix
		}
	}
	b := Benchmark{Name: name, Iterations: n, Metrics: map[string]float64{}}
	for i := 2; i+1 < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return Benchmark{}, false
		}
		b.Metrics[f[i+1]] = v
	}
	return b, true
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func load() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

func dirOf(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return "."
}
