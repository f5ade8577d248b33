package procfs

import "testing"

func TestParsePidStat(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		want    PidStat
		wantErr bool
	}{
		{"plain", "42 (sshd) S 1 42 42 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 1 0 555 1000 250 18446744073709551615 0 0",
			PidStat{PID: 42, Comm: "sshd", State: 'S', UTime: 7, STime: 3, StartTime: 555, RSSPages: 250}, false},
		{"name with spaces and parens", "7 (my (odd) name) R 1 7 7 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 9 0 3 0",
			PidStat{PID: 7, Comm: "my (odd) name", State: 'R', UTime: 1, STime: 2, StartTime: 9, RSSPages: 3}, false},
		{"truncated", "7 (x) R 1 7", PidStat{}, true},
		{"no name", "7 x R 1 7 7 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 9 0 3 0", PidStat{}, true},
		{"bad number", "7 (x) R 1 7 7 0 -1 0 0 0 0 0 zz 2 0 0 20 0 1 0 9 0 3 0", PidStat{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePidStat([]byte(tt.line))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if !tt.wantErr && got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
