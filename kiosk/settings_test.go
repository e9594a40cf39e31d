package kiosk_test

import (
	"testing"
	"time"

	"onestop/kiosk"
)

func TestCheckSetting(t *testing.T) {
	for _, k := range kiosk.SettingKeys() {
		if err := kiosk.CheckSetting(k, ""); err != nil {
			t.Errorf("%s: clearing refused: %v", k, err)
		}
	}
	for _, c := range []struct {
		key, value string
		ok         bool
	}{
		{kiosk.SettingIdleTimeout, "90", true},
		{kiosk.SettingIdleTimeout, "5", false}, // below 10 s
		{"room.max_per_day", "3", true},
		{"room.max_per_day", "3.5", false},
		{"request.sla.safety_hours", "4", true},
		{kiosk.SettingDefaultLang, kiosk.LangEn, true},
		{kiosk.SettingDefaultLang, "fr", false},
		{kiosk.SettingPublicURL, "https://hall.example.edu.cn", true},
		{kiosk.SettingPublicURL, "hall.example.edu.cn", false},
		{kiosk.SettingTermStart, "2026-09-01", true},
		{kiosk.SettingTermStart, "1 Sept", false},
		{"hall_name_zh", "北区", false}, // not a key
	} {
		err := kiosk.CheckSetting(c.key, c.value)
		if (err == nil) != c.ok || (err != nil && kiosk.ErrorCode(err) != kiosk.EINVALID) {
			t.Errorf("kiosk.CheckSetting(%q, %q) = %v, want ok=%v", c.key, c.value, err, c.ok)
		}
		// What CheckSetting takes, ParseSettings must apply.
		if c.ok && c.key == kiosk.SettingIdleTimeout && kiosk.ParseSettings(map[string]string{c.key: c.value}).IdleTimeout != 90*time.Second {
			t.Errorf("ParseSettings ignored %s=%s", c.key, c.value)
		}
	}
}
