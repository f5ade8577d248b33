package i18n

import (
	"sort"
	"strings"
	"testing"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
)

// ids reads one embedded message file's message IDs.
func ids(t *testing.T, name string) map[string]*goi18n.Message {
	t.Helper()
	b, err := locales.ReadFile("locales/" + name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := goi18n.ParseMessageFileBytes(b, name, map[string]goi18n.UnmarshalFunc{"toml": toml.Unmarshal})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := map[string]*goi18n.Message{}
	for _, m := range f.Messages {
		if _, dup := out[m.ID]; dup {
			t.Errorf("%s: %q twice", name, m.ID)
		}
		out[m.ID] = m
	}
	return out
}

// TestMessageFilesAgree checks that every name and unit English has, Chinese
// has too, and no more.
func TestMessageFilesAgree(t *testing.T) {
	en, zh := ids(t, "en.toml"), ids(t, "zh.toml")
	var missing, extra []string
	for id := range en {
		if _, ok := zh[id]; !ok {
			missing = append(missing, id)
		}
	}
	for id := range zh {
		if _, ok := en[id]; !ok && !strings.HasPrefix(id, "phrase.") {
			extra = append(extra, id)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("zh.toml lacks %v", missing)
	}
	if len(extra) > 0 {
		t.Errorf("zh.toml has IDs en.toml does not: %v", extra)
	}
	if en["duration.day"].One == "" || en["duration.day"].Other == "" {
		t.Errorf("duration.day needs English one and other forms: %+v", en["duration.day"])
	}
}

func TestDurationPlurals(t *testing.T) {
	tests := []struct {
		n      int64
		en, zh string
	}{
		{1, "1 day", "1 天"},
		{2, "2 days", "2 天"},
		{0, "0 days", "0 天"},
	}
	for _, tt := range tests {
		if got := plural(EN, "duration.day", tt.n); got != tt.en {
			t.Errorf("en %d: %q, want %q", tt.n, got, tt.en)
		}
		if got := plural(ZH, "duration.day", tt.n); got != tt.zh {
			t.Errorf("zh %d: %q, want %q", tt.n, got, tt.zh)
		}
	}
}

func TestT(t *testing.T) {
	tests := []struct {
		lang Lang
		key  string
		args []any
		want string
	}{
		{EN, "%d hosts, %d in trouble", []any{8, 3}, "8 hosts, 3 in trouble"},
		{ZH, "%d hosts, %d in trouble", []any{8, 3}, "8 台主机，3 台异常"},
		{ZH, "Running on defaults.", nil, "正在使用默认配置运行。"},
		{ZH, "a phrase nobody translated", nil, "a phrase nobody translated"},
		{"fr", "Memory", nil, "Memory"},
	}
	for _, tt := range tests {
		if got := T(tt.lang, tt.key, tt.args...); got != tt.want {
			t.Errorf("T(%s, %q) = %q, want %q", tt.lang, tt.key, got, tt.want)
		}
	}
}
