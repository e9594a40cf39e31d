package kiosk

import (
	"strconv"
	"time"
)

// Setting keys as stored locally and sent by central. Every number the
// rules use is a setting so admins can change it through sync.
const (
	SettingHallID      = "hall.id"
	SettingHallNameZh  = "hall.name.zh"
	SettingHallNameEn  = "hall.name.en"
	SettingIdleTimeout = "idle.timeout_seconds"
	SettingIdleWarning = "idle.warning_seconds"
	SettingDefaultLang = "ui.default_lang"
)

// Settings are the kiosk's effective settings: stored values over defaults.
type Settings struct {
	HallID      string
	HallName    LocalName
	IdleTimeout time.Duration // no touch for this long → warning
	IdleWarning time.Duration // warning shows this long → home, session wiped
	DefaultLang string
}

// DefaultSettings are the values DESIGN.md starts from.
func DefaultSettings() Settings {
	return Settings{
		HallName:    LocalName{Zh: "一站式学生社区服务大厅", En: "One-Stop Student Community Hall"},
		IdleTimeout: 60 * time.Second,
		IdleWarning: 15 * time.Second,
		DefaultLang: LangZh,
	}
}

// ParseSettings overlays stored key/values on the defaults. A value that
// does not parse or is out of range keeps the default: a bad admin edit
// must not make the kiosk unusable.
func ParseSettings(kv map[string]string) Settings {
	s := DefaultSettings()
	if v := kv[SettingHallID]; v != "" {
		s.HallID = v
	}
	if v := kv[SettingHallNameZh]; v != "" {
		s.HallName.Zh = v
	}
	if v := kv[SettingHallNameEn]; v != "" {
		s.HallName.En = v
	}
	s.IdleTimeout = seconds(kv[SettingIdleTimeout], s.IdleTimeout, 10, 3600)
	s.IdleWarning = seconds(kv[SettingIdleWarning], s.IdleWarning, 5, 300)
	if v := kv[SettingDefaultLang]; v == LangZh || v == LangEn {
		s.DefaultLang = v
	}
	return s
}

func seconds(v string, def time.Duration, min, max int) time.Duration {
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return def
	}
	return time.Duration(n) * time.Second
}
