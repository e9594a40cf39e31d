// Package i18n holds the kiosk's translations: a go-i18n bundle over the
// embedded message files, zh-Hans first. Nothing else lives here.
package i18n

import (
	"embed"
	"fmt"
	"sync"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed active.*.toml
var files embed.FS

// Languages the kiosk offers, default first. Adding one means adding its
// active.<tag>.toml here and to this list.
var Languages = []string{"zh-Hans", "en"}

// Default is the language a fresh kiosk starts in.
const Default = "zh-Hans"

var (
	loadOnce sync.Once
	bundle   *goi18n.Bundle
	loadErr  error
)

// Bundle returns the shared bundle with every embedded message file loaded.
func Bundle() (*goi18n.Bundle, error) {
	loadOnce.Do(func() {
		b := goi18n.NewBundle(language.MustParse(Default))
		b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
		for _, tag := range Languages {
			if _, err := b.LoadMessageFileFS(files, "active."+tag+".toml"); err != nil {
				loadErr = fmt.Errorf("load %s messages: %w", tag, err)
				return
			}
		}
		bundle = b
	})
	return bundle, loadErr
}

// Localizer translates message ids into one language.
type Localizer struct {
	lang string
	l    *goi18n.Localizer
}

// New returns a localizer for lang, which must be one of Languages.
func New(lang string) (*Localizer, error) {
	b, err := Bundle()
	if err != nil {
		return nil, err
	}
	return &Localizer{lang: lang, l: goi18n.NewLocalizer(b, lang)}, nil
}

// MustNew is New for callers whose language comes from Languages.
func MustNew(lang string) *Localizer {
	l, err := New(lang)
	if err != nil {
		panic(err)
	}
	return l
}

// Lang returns the localizer's language tag.
func (l *Localizer) Lang() string { return l.lang }

// T returns the message id in the localizer's language, with data filling
// its template. A missing id returns the id itself so a gap shows on
// screen as a visible key rather than as nothing; the i18n tests keep
// such gaps out of the build.
func (l *Localizer) T(id string, data ...map[string]any) string {
	cfg := &goi18n.LocalizeConfig{MessageID: id}
	if len(data) > 0 && data[0] != nil {
		cfg.TemplateData = data[0]
	}
	s, err := l.l.Localize(cfg)
	if err != nil {
		return id
	}
	return s
}

// N returns the plural form of id for count; data may use {{.Count}}.
func (l *Localizer) N(id string, count int, data map[string]any) string {
	d := map[string]any{"Count": count}
	for k, v := range data {
		d[k] = v
	}
	s, err := l.l.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: d})
	if err != nil {
		return id
	}
	return s
}

// IDs returns the message ids defined for lang, for tests that compare
// languages.
func IDs(lang string) (map[string]bool, error) {
	raw, err := files.ReadFile("active." + lang + ".toml")
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := toml.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("parse %s: %w", lang, err)
	}
	ids := make(map[string]bool, len(m))
	for k := range m {
		ids[k] = true
	}
	return ids, nil
}
