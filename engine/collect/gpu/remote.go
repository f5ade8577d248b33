package gpu

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing/fstest"

	"lookout/entity"
)

const (
	nvidiaMarker = "@@lookout-gpu-nvidia"
	amdMarker    = "@@lookout-gpu-amd"
)

// RemoteCommand is the shell command (POSIX sh) an SSH collector runs to
// read a host's GPUs: nvidia-smi's CSV when nvidia-smi is on the remote
// PATH, then the amdgpu sysfs files of AMD cards as
// "class/drm/cardN/device/FILE=VALUE" lines. Each part follows a marker
// line; the output is cut at MaxOutput bytes on the remote.
var RemoteCommand = remoteCommand("/sys")

// remoteCommand is RemoteCommand for a sysfs tree at root (tests run it
// on a fixture tree).
func remoteCommand(root string) string {
	return "{ if command -v nvidia-smi >/dev/null 2>&1; then echo " + nvidiaMarker + "; " +
		"nvidia-smi " + strings.Join(NvidiaArgs, " ") + " 2>&1; fi; " +
		"echo " + amdMarker + "; " +
		"for d in '" + root + "'/class/drm/card[0-9]*/device; do " +
		`[ "$(cat "$d/vendor" 2>/dev/null)" = ` + amdVendor + ` ] || continue; ` +
		`for f in "$d/vendor" "$d/device" "$d/product_name" "$d/gpu_busy_percent" "$d/mem_info_vram_used" "$d/mem_info_vram_total" ` +
		`"$d"/hwmon/hwmon*/temp1_input "$d"/hwmon/hwmon*/power1_average "$d"/hwmon/hwmon*/power1_input; do ` +
		`[ -r "$f" ] && v=$(head -n 1 "$f" 2>/dev/null) && printf '%s=%s\n' "${f#'` + root + `'/}" "$v"; done; done; } | head -c ` +
		fmt.Sprint(MaxOutput)
}

var amdFileRE = regexp.MustCompile(`^class/drm/card[0-9]{1,4}/device/(vendor|device|product_name|gpu_busy_percent|mem_info_vram_used|mem_info_vram_total|hwmon/hwmon[0-9]{1,4}/(temp1_input|power1_average|power1_input))$`)

// ParseRemote parses RemoteCommand's output: the NVIDIA cards, then the
// AMD ones. A failing nvidia-smi (its message instead of CSV) is an error,
// and the AMD cards are still returned.
func ParseRemote(out []byte) ([]entity.GPUStat, error) {
	if len(out) > MaxOutput {
		return nil, fmt.Errorf("gpu: output longer than %d bytes", MaxOutput)
	}
	head, amdPart, ok := bytes.Cut(out, []byte(amdMarker+"\n"))
	if !ok {
		return nil, fmt.Errorf("gpu: no %s line in the output", amdMarker)
	}
	var gpus []entity.GPUStat
	var errs []error
	if _, nv, ok := bytes.Cut(head, []byte(nvidiaMarker+"\n")); ok {
		g, err := ParseNvidia(nv)
		gpus = append(gpus, g...)
		errs = append(errs, err)
	}
	sys, err := amdTree(amdPart)
	errs = append(errs, err)
	g, err := ReadAMD(sys)
	errs = append(errs, err)
	gpus = append(gpus, g...)
	if len(gpus) > MaxGPUs {
		gpus = gpus[:MaxGPUs]
		errs = append(errs, fmt.Errorf("gpu: more than %d GPUs", MaxGPUs))
	}
	return gpus, errors.Join(errs...)
}

// amdTree rebuilds a sysfs tree from FILE=VALUE lines, keeping only the
// files ReadAMD reads.
func amdTree(b []byte) (fstest.MapFS, error) {
	sys := fstest.MapFS{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	line := 0
	for sc.Scan() {
		line++
		l := sc.Text()
		if l == "" {
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		if !ok || !amdFileRE.MatchString(k) {
			return sys, fmt.Errorf("amdgpu line %d: %q is not an amdgpu sysfs file", line, clean(l))
		}
		sys[k] = &fstest.MapFile{Data: []byte(v + "\n"), Mode: 0o444}
	}
	if err := sc.Err(); err != nil {
		return sys, fmt.Errorf("amdgpu: %w", err)
	}
	return sys, nil
}
