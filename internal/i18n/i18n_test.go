package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestEveryWindowPhraseHasChinese reads the window's sources for the
// phrases they translate and checks each has a Chinese version.
func TestEveryWindowPhraseHasChinese(t *testing.T) {
	re := regexp.MustCompile(`(?:\b[gdvs]\.t|\bt|i18n\.T\([a-zA-Z.]+,)\(?\s*"((?:[^"\\]|\\.)*)"`)
	var files []string
	for _, dir := range []string{"../../app", "../../views"} {
		fs, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		files = append(files, fs...)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			key, err := strconv.Unquote(`"` + m[1] + `"`)
			if err != nil {
				t.Fatalf("%s: %q: %v", filepath.Base(f), m[1], err)
			}
			if !Has(ZH, key) && strings.ContainsAny(key, "abcdefghijklmnopqrstuvwxyz") {
				t.Errorf("%s: no Chinese for %q", filepath.Base(f), key)
			}
		}
	}
}
