package app

import (
	"bytes"
	"strings"
	"testing"

	"lookout/entity"
	"lookout/internal/i18n"
)

// lookout snapshot of a Windows PC says it has no load average, instead of
// printing zeros for it.
func TestSnapshotTableNoLoad(t *testing.T) {
	s := entity.Snapshot{Host: "pc", CPU: entity.CPUStat{Cores: 4}, Load: entity.LoadStat{Absent: true},
		Mem: entity.MemStat{TotalBytes: 1 << 30, Percent: 40}}
	for _, tt := range []struct {
		lang i18n.Lang
		want string
	}{{i18n.EN, "no load average on this system"}, {i18n.ZH, "本系统没有负载均值"}} {
		var b bytes.Buffer
		if err := WriteTable(&b, s, tt.lang); err != nil {
			t.Fatal(err)
		}
		if out := b.String(); !strings.Contains(out, tt.want) || strings.Contains(out, "0.00 0.00 0.00") {
			t.Errorf("%s table:\n%s", tt.lang, out)
		}
	}
}
