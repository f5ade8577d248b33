package gpu

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"lookout/entity"
)

// amdVendor is AMD's PCI vendor ID, as device/vendor prints it.
const amdVendor = "0x1002"

var cardRE = regexp.MustCompile(`^card([0-9]{1,4})$`)

// ReadAMD reads the AMD cards of a sysfs tree: sys is rooted at /sys
// (os.DirFS("/sys") on the machine itself), cards are
// class/drm/cardN whose device/vendor is 0x1002. Connector entries
// (card0-DP-1) and other vendors' cards are skipped. A file the driver
// does not provide leaves its figure nil; a file with nonsense is an
// error naming it, the other cards are still returned.
func ReadAMD(sys fs.FS) ([]entity.GPUStat, error) {
	ents, err := fs.ReadDir(sys, "class/drm")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("amdgpu: %w", err)
	}
	type card struct {
		n   int
		dir string
	}
	var cards []card
	for _, e := range ents {
		m := cardRE.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		cards = append(cards, card{n, path.Join("class/drm", e.Name(), "device")})
	}
	sort.Slice(cards, func(i, j int) bool { return cards[i].n < cards[j].n })
	var out []entity.GPUStat
	var errs []string
	for _, c := range cards {
		if v, _ := readLine(sys, c.dir+"/vendor"); v != amdVendor {
			continue
		}
		if len(out) >= MaxGPUs {
			errs = append(errs, fmt.Sprintf("more than %d GPUs", MaxGPUs))
			break
		}
		g, err := readAMDCard(sys, c.n, c.dir)
		if err != nil {
			errs = append(errs, err.Error())
		}
		out = append(out, g)
	}
	if len(errs) > 0 {
		return out, fmt.Errorf("amdgpu: %s", strings.Join(errs, "; "))
	}
	return out, nil
}

func readAMDCard(sys fs.FS, n int, dir string) (entity.GPUStat, error) {
	g := entity.GPUStat{Index: n, Vendor: entity.GPUAMD}
	if name, err := readLine(sys, dir+"/product_name"); err == nil && name != "" {
		g.Name = clean(name)
	} else if id, err := readLine(sys, dir+"/device"); err == nil {
		g.Name = clean("AMD GPU " + id)
	} else {
		g.Name = "AMD GPU"
	}
	var errs []string
	num := func(file string, max uint64) *uint64 {
		s, err := readLine(sys, file)
		if err != nil {
			return nil // the driver has no such figure
		}
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil || v > max {
			errs = append(errs, fmt.Sprintf("card%d %s: %q", n, path.Base(file), clean(s)))
			return nil
		}
		return &v
	}
	if v := num(dir+"/gpu_busy_percent", 100); v != nil {
		f := float64(*v)
		g.UtilPercent = &f
	}
	g.MemUsedBytes = num(dir+"/mem_info_vram_used", 1<<50)
	g.MemTotalBytes = num(dir+"/mem_info_vram_total", 1<<50)
	if mons, _ := fs.Glob(sys, dir+"/hwmon/hwmon*"); len(mons) > 0 {
		sort.Strings(mons)
		mon := mons[0]
		if v := num(mon+"/temp1_input", 200_000); v != nil { // millidegrees
			f := float64(*v) / 1000
			g.Celsius = &f
		}
		p := num(mon+"/power1_average", 10_000_000_000) // microwatts
		if p == nil {
			p = num(mon+"/power1_input", 10_000_000_000) // newer kernels, some cards
		}
		if p != nil {
			f := float64(*p) / 1e6
			g.PowerWatts = &f
		}
	}
	if len(errs) > 0 {
		return g, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return g, nil
}

// readLine reads a small sysfs file's first line.
func readLine(sys fs.FS, name string) (string, error) {
	f, err := sys.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	buf := make([]byte, 256)
	n, err := f.Read(buf)
	if n == 0 && err != nil {
		return "", err
	}
	s, _, _ := strings.Cut(string(buf[:n]), "\n")
	return strings.TrimSpace(s), nil
}
