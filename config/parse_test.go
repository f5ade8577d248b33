package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseReportsEveryError(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		{"unknown keys, wrong types and bad values together",
			"intervall = \"5s\"\nfail_limit = \"three\"\nlanguage = \"fr\"\n\n[[hosts]]\nname = \"a\"\nlocal = \"yes\"\ncolour = \"red\"\ninterval = \"100ms\"\n",
			[]string{
				`c.toml:1: intervall: unknown key (did you mean "interval"?)`,
				`c.toml:2: fail_limit: expected a whole number, got a string`,
				`c.toml:3: language: expected "en" or "zh", got "fr"`,
				`c.toml:7: hosts.local: expected true or false, got a string`,
				`c.toml:8: hosts.colour: unknown key`,
				`c.toml:9: hosts[0].interval: expected a duration from 1s to 1h, got 100ms`,
			}},
		{"unknown table and unknown keys after it",
			"[grades]\nlow = 10\nhihg = 90\n\n[colours]\nred = 1\n\n[report]\neveryy = \"6h\"\n",
			[]string{
				`c.toml:3: grades.hihg: unknown key (did you mean "high"?)`,
				`c.toml:5: colours: unknown key`,
				`c.toml:9: report.everyy: unknown key (did you mean "every"?)`,
			}},
		{"unknown key in an inline table",
			"grades = {low = 10, hihg = 90}\n",
			[]string{`c.toml:1: grades.hihg: unknown key (did you mean "high"?)`}},
		{"map keys are free", "[[channels]]\nname = \"w\"\ntype = \"webhook\"\nurl = \"https://example.com/hook\"\nheaders = {X-Any-Name = \"v\"}\n" +
			"[rules.disk.mounts.\"/data\"]\nwarning = 70\n", nil},
		{"a table of too many keys", "[[channels]]\nname = \"w\"\ntype = \"webhook\"\nurl = \"https://example.com/hook\"\n[channels.headers]\n" + manyKeys(MaxTableKeys+1),
			[]string{fmt.Sprintf("c.toml:%d: channels.headers: a table holds at most %d keys", MaxTableKeys+6, MaxTableKeys)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.toml", []byte(tt.doc))
			var got []string
			var es Errors
			if errors.As(err, &es) {
				for _, e := range es {
					got = append(got, e.Error())
				}
			} else if err != nil {
				t.Fatalf("Parse error = %v (%T), want Errors", err, err)
			}
			if len(got) > len(tt.want)+5 {
				got = append(got[:len(tt.want)+5], "...")
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func manyKeys(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "k%d = 1\n", i)
	}
	return b.String()
}

func TestCheckKeepsWarningsBesideErrors(t *testing.T) {
	os.Unsetenv("LOOKOUT_TEST_UNSET_VAR")
	file := filepath.Join(t.TempDir(), "c.toml")
	doc := "intervall = \"5s\"\n[[channels]]\nname = \"d\"\ntype = \"dingtalk\"\nwebhook = \"https://oapi.dingtalk.com/robot/send?access_token=t\"\nsecret = \"${LOOKOUT_TEST_UNSET_VAR}\"\n"
	if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	errs, warnings, err := Check(file, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "c.toml:1: intervall: unknown key") {
		t.Errorf("errors = %v", errs)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "channels[0].secret: environment variable LOOKOUT_TEST_UNSET_VAR is not set") {
		t.Errorf("warnings = %q", warnings)
	}
	if _, err := Load(file, true); err == nil {
		t.Error("Load accepted the file")
	}
}

func TestSizeLimit(t *testing.T) {
	big := []byte("# " + strings.Repeat("x", MaxFileSize) + "\n")
	_, err := Parse("big.toml", big)
	if err == nil || !strings.Contains(err.Error(), "big.toml: the file is") || !strings.Contains(err.Error(), "1 MiB") {
		t.Errorf("Parse error = %v, want the size limit", err)
	}
	file := filepath.Join(t.TempDir(), "big.toml")
	if err := os.WriteFile(file, big, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Load(file, true)
	if err == nil || !strings.Contains(err.Error(), file) || !strings.Contains(err.Error(), "larger than 1 MiB") {
		t.Errorf("Load error = %v, want the file and the limit", err)
	}
	if _, err := Parse("ok.toml", []byte("# "+strings.Repeat("x", MaxFileSize-4)+"\n")); err != nil {
		t.Errorf("a file just under the limit: %v", err)
	}
}

// hostsDoc is a valid configuration of about size bytes: many hosts,
// each with a table of its own.
func hostsDoc(size int) []byte {
	var b strings.Builder
	b.WriteString("interval = \"10s\"\n")
	for i := 0; b.Len() < size-300; i++ {
		fmt.Fprintf(&b, "\n# host %d\n[[hosts]]\nname = \"h%d\"\nssh = \"root@10.%d.%d.%d:22\"\ninterval = \"10s\"\nrequire_processes = [\"nginx\", \"sshd\"]\n[hosts.rules]\ncpu.warning = 80\n",
			i, i, i/65536%256, i/256%256, i%256)
	}
	return []byte(b.String())
}

// TestParseScalesLinearly parses a 128 KiB and a 1 MiB configuration: a
// linear parse takes about 8 times as long for the large one, the
// quadratic one it replaces took about 64 times as long (and 12 minutes
// for 10 MB). The bound is loose so that a busy machine does not fail it.
func TestParseScalesLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("parses a 1 MiB file")
	}
	small, large := hostsDoc(128<<10), hostsDoc(MaxFileSize)
	best := func(doc []byte) time.Duration {
		d := time.Duration(1 << 62)
		for range 3 {
			start := time.Now()
			c, err := Parse("c.toml", doc)
			if err != nil {
				t.Fatal(err)
			}
			c.Interval = Duration(20 * time.Second)
			if _, err := Patch(doc, c); err != nil { // Save scans the file as well
				t.Fatal(err)
			}
			d = min(d, time.Since(start))
		}
		return d
	}
	s, l := best(small), best(large)
	if ratio := float64(l) / float64(s); ratio > 24 {
		t.Errorf("a file 8 times larger took %.0f times as long (%v against %v): parsing is not linear", ratio, l, s)
	}
}

// BenchmarkParse1MiB parses the largest configuration Lookout accepts.
func BenchmarkParse1MiB(b *testing.B) {
	doc := hostsDoc(MaxFileSize)
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		if _, err := Parse("c.toml", doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseUnknownKeys parses a 1 MiB file of nothing but unknown
// keys, each of which is reported.
func BenchmarkParseUnknownKeys(b *testing.B) {
	var sb strings.Builder
	for i := 0; sb.Len() < MaxFileSize-100; i++ {
		if i%(MaxTableKeys-1) == 0 {
			sb.WriteString("[[hosts]]\n")
		}
		fmt.Fprintf(&sb, "key%d = 1\n", i)
	}
	doc := []byte(sb.String())
	for b.Loop() {
		if _, err := Parse("c.toml", doc); err == nil {
			b.Fatal("no error")
		}
	}
}
