// Package i18n holds Lookout's user-facing words in English and Simplified
// Chinese. The language comes from the configuration (`language`), not the
// desktop locale, because a team's chat group reads one language whatever
// the admin's workstation is set to.
//
// The words live in go-i18n message files (locales/en.toml, locales/zh.toml,
// embedded), read by github.com/nicksnyder/go-i18n: a maintained library
// that gives translators plain files and CLDR plural rules ("1 day",
// "2 days"; Chinese has one form). A phrase's ID is its English text, so
// code reads as English and an untranslated phrase shows in English
// rather than as nothing; names and units have IDs of their own
// (rule.mem, duration.day).
package i18n

import (
	"embed"
	"fmt"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"
)

// Lang is a language code: "en" or "zh".
type Lang string

// Languages Lookout speaks.
const (
	EN Lang = "en"
	ZH Lang = "zh"
)

//go:embed locales/*.toml
var locales embed.FS

var (
	bundle     = load()
	localizers = map[Lang]*goi18n.Localizer{
		EN: goi18n.NewLocalizer(bundle, string(EN)),
		ZH: goi18n.NewLocalizer(bundle, string(ZH)),
	}
	// phrases caches looked-up phrases: the window asks for the same few
	// hundred every second.
	phrases sync.Map // key{lang, id} → string
)

type key struct {
	lang Lang
	id   string
}

// load reads the embedded message files. A malformed file is a build
// defect, caught by the package's tests.
func load() *goi18n.Bundle {
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, f := range []string{"locales/en.toml", "locales/zh.toml"} {
		if _, err := b.LoadMessageFileFS(locales, f); err != nil {
			panic(fmt.Sprintf("i18n: %s: %v", f, err))
		}
	}
	return b
}

// T returns the phrase for key in lang, formatted with args like
// fmt.Sprintf. An unknown key is returned as it is, so a missing
// translation shows English rather than nothing.
func T(lang Lang, key string, args ...any) string {
	s := key
	if lang == ZH {
		if z, ok := lookup(ZH, "phrase."+key); ok {
			s = z
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether key has a translation in lang (English phrases
// are their own).
func Has(lang Lang, key string) bool {
	if lang != ZH {
		return true
	}
	_, ok := lookup(ZH, "phrase."+key)
	return ok
}

// Msg returns the message with its own ID (not an English phrase), such
// as "render.critical", in lang; English where lang has none, and the
// ID itself where no file has it.
func Msg(lang Lang, id string) string {
	if s, ok := lookup(norm(lang), id); ok {
		return s
	}
	if s, ok := lookup(EN, id); ok {
		return s
	}
	return id
}

// Plural returns message id in the plural form lang uses for n, with n
// filled in ({{.PluralCount}}): "1 alert", "3 alerts", "告警 3 次".
func Plural(lang Lang, id string, n int) string { return plural(norm(lang), id, int64(n)) }

func norm(lang Lang) Lang {
	if lang == ZH {
		return ZH
	}
	return EN
}

// lookup returns message id in lang, without falling back to another
// language.
func lookup(lang Lang, id string) (string, bool) {
	k := key{lang, id}
	if v, ok := phrases.Load(k); ok {
		s, _ := v.(string)
		return s, ok && s != "\x00"
	}
	s, tag, err := localizers[lang].LocalizeWithTag(&goi18n.LocalizeConfig{MessageID: id})
	if err != nil || tag != tagOf(lang) {
		phrases.Store(k, "\x00")
		return "", false
	}
	phrases.Store(k, s)
	return s, true
}

// plural returns message id in lang for count n: "1 day", "2 days".
func plural(lang Lang, id string, n int64) string {
	l, ok := localizers[lang]
	if !ok {
		l = localizers[EN]
	}
	s, err := l.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: n})
	if err != nil {
		return fmt.Sprintf("%d %s", n, id)
	}
	return s
}

func tagOf(lang Lang) language.Tag {
	if lang == ZH {
		return language.Chinese
	}
	return language.English
}
