package gpu

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"lookout/entity"
	"lookout/internal/bounded"
)

// Bounds on what a GPU reading may carry.
const (
	MaxGPUs    = 64
	MaxNameLen = 128
	// MaxOutput bounds nvidia-smi's output and RemoteCommand's.
	MaxOutput = 256 << 10
	// DefaultTimeout bounds one nvidia-smi run; a wedged driver makes it
	// hang.
	DefaultTimeout = 5 * time.Second
)

// NvidiaQuery is the field list of NvidiaArgs, in the order ParseNvidia
// reads.
const NvidiaQuery = "index,name,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw"

// NvidiaArgs are nvidia-smi's arguments for one reading of every card.
var NvidiaArgs = []string{"--query-gpu=" + NvidiaQuery, "--format=csv,noheader,nounits"}

// ErrNoNvidia is returned by ReadNvidia when nvidia-smi is not installed.
var ErrNoNvidia = errors.New("nvidia-smi not found")

// ParseNvidia parses nvidia-smi's output for NvidiaArgs, one card a line:
//
//	0, NVIDIA A40, 3, 1, 46068, 29, 23.45
//
// Memory is MiB, temperature °C and power W. A field nvidia-smi cannot
// read ("[N/A]", "[Not Supported]", "[Unknown Error]", ...) leaves the
// figure nil. A name with a comma (nvidia-smi does not quote) is
// rebuilt from the fields between the index and the five figures.
func ParseNvidia(b []byte) ([]entity.GPUStat, error) {
	var out []entity.GPUStat
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 1024), 16<<10)
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimSpace(sc.Text())
		if l == "" {
			continue
		}
		f := strings.Split(l, ",")
		if len(f) < 7 {
			return out, fmt.Errorf("nvidia-smi line %d: %d fields, want 7 (%s)", line, len(f), NvidiaQuery)
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		n := len(f)
		idx, err := strconv.Atoi(f[0])
		if err != nil || idx < 0 || idx > 1<<16 {
			return out, fmt.Errorf("nvidia-smi line %d: index %q", line, clean(f[0]))
		}
		g := entity.GPUStat{Index: idx, Vendor: entity.GPUNvidia, Name: clean(strings.Join(f[1:n-5], ", "))}
		var errs []error
		g.UtilPercent = floatField(f[n-5], 0, 100, "utilization.gpu", &errs)
		g.MemUsedBytes = mibField(f[n-4], "memory.used", &errs)
		g.MemTotalBytes = mibField(f[n-3], "memory.total", &errs)
		g.Celsius = floatField(f[n-2], -60, 200, "temperature.gpu", &errs)
		g.PowerWatts = floatField(f[n-1], 0, 10000, "power.draw", &errs)
		if err := errors.Join(errs...); err != nil {
			return out, fmt.Errorf("nvidia-smi line %d: %w", line, err)
		}
		if len(out) >= MaxGPUs {
			return out, fmt.Errorf("nvidia-smi: more than %d GPUs", MaxGPUs)
		}
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("nvidia-smi: %w", err)
	}
	return out, nil
}

// unavailable reports whether an nvidia-smi field is one of its
// bracketed "no value" words.
func unavailable(s string) bool {
	return s == "" || s == "N/A" || (strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]"))
}

func floatField(s string, lo, hi float64, name string, errs *[]error) *float64 {
	if unavailable(s) {
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v < lo || v > hi {
		*errs = append(*errs, fmt.Errorf("%s %q out of range %g–%g", name, clean(s), lo, hi))
		return nil
	}
	return &v
}

func mibField(s, name string, errs *[]error) *uint64 {
	if unavailable(s) {
		return nil
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil || v > 1<<30 { // 1 PiB of video memory
		*errs = append(*errs, fmt.Errorf("%s %q is not a MiB count", name, clean(s)))
		return nil
	}
	b := v << 20
	return &b
}

// ReadNvidia runs the local nvidia-smi, bounded by timeout
// (DefaultTimeout when 0). Without nvidia-smi on PATH it returns
// ErrNoNvidia.
func ReadNvidia(ctx context.Context, timeout time.Duration) ([]entity.GPUStat, error) {
	path, err := exec.LookPath("nvidia-smi")
	if err != nil {
		return nil, ErrNoNvidia
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	stdout, stderr := bounded.Buffer{Max: MaxOutput}, bounded.Buffer{Max: 4096}
	cmd := exec.CommandContext(ctx, path, NvidiaArgs...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	switch {
	case stdout.Over():
		return nil, fmt.Errorf("nvidia-smi: output longer than %d bytes", MaxOutput)
	case ctx.Err() != nil:
		return nil, fmt.Errorf("nvidia-smi: %w", ctx.Err())
	case err != nil:
		// nvidia-smi prints its complaints ("couldn't communicate with
		// the NVIDIA driver") on stdout.
		msg := strings.TrimSpace(stderr.String() + " " + stdout.String())
		l, _, _ := strings.Cut(msg, "\n")
		return nil, fmt.Errorf("nvidia-smi: %w: %s", err, clean(l))
	}
	return ParseNvidia(stdout.Bytes())
}

// clean is s as a GPU name or a value in an error: bounded.Text.
func clean(s string) string { return bounded.Text(s, MaxNameLen) }
