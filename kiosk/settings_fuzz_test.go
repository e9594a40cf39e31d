package kiosk

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// FuzzSettings feeds CheckSetting and ParseSettings the values an admin
// may type and central may send. Neither may panic; a value CheckSetting
// takes must be the one ParseSettings applies (an empty one: the
// default); and whatever the key/values (more is extra "key=value"
// lines), the kiosk gets settings it can run on.
func FuzzSettings(f *testing.F) {
	for _, c := range [][3]string{
		{SettingIdleTimeout, "90", ""},
		{SettingIdleTimeout, " 90 ", ""},
		{SettingIdleTimeout, "+10", ""},
		{SettingIdleTimeout, "5", ""},
		{SettingIdleWarning, "-0", ""},
		{"room.slot_minutes", "240", "room.max_length_minutes=10"},
		{"room.max_length_minutes", "10", ""},
		{"room.max_per_day", "3.5", ""},
		{"room.suspend_days", "0", ""},
		{"request.sla.safety_hours", "99999999999999999999", ""},
		{SettingDefaultLang, LangEn, ""},
		{SettingDefaultLang, "fr", ""},
		{SettingPublicURL, "https://hall.example.edu.cn/", ""},
		{SettingPublicURL, "https://", ""},
		{SettingPublicURL, "http://hall.example.edu.cn/status?x=1", ""},
		{SettingPublicURL, "hall.example.edu.cn", ""},
		{SettingTermStart, "2026-09-01", "hall.time_zone=America/New_York"},
		{SettingTermStart, "2026-02-30", ""},
		{SettingTermStart, "0001-01-01", "hall.time_zone=UTC"},
		{SettingHallZone, "Local", ""},
		{SettingHallZone, "../../etc/passwd", ""},
		{SettingHallID, "hall-a", "hall.name.zh=北区\nhall.name.en=North"},
		{"hall_name_zh", "北区", ""},
	} {
		f.Add(c[0], c[1], c[2])
	}
	f.Fuzz(func(t *testing.T, key, value, more string) {
		def := DefaultSettings()
		err := CheckSetting(key, value)
		if err != nil && ErrorCode(err) != EINVALID {
			t.Fatalf("CheckSetting(%q, %q) = %v, want an %s error", key, value, err, EINVALID)
		}
		one := ParseSettings(map[string]string{key: value})
		checkUsable(t, one, def)
		if err == nil {
			checkTaken(t, key, value, one, def)
		}

		kv := map[string]string{key: value}
		for _, line := range strings.Split(more, "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				kv[k] = v
			}
		}
		checkUsable(t, ParseSettings(kv), def)
	})
}

// checkTaken fails unless s, parsed from key=value alone, has the value
// CheckSetting accepted.
func checkTaken(t *testing.T, key, value string, s, def Settings) {
	t.Helper()
	if value == "" {
		if !reflect.DeepEqual(s, def) {
			t.Fatalf("%s cleared: settings %+v, want the defaults", key, s)
		}
		return
	}
	for _, d := range durationSettings {
		if d.key != key {
			continue
		}
		n, _ := intIn(value, d.min, d.max)
		want := time.Duration(n) * d.unit
		if key == "room.max_length_minutes" {
			want = max(want, s.Room.Slot) // a booking is never shorter than a slot
		}
		if got := *d.field(&s); got != want {
			t.Fatalf("%s=%q accepted, but parsed as %v, want %v", key, value, got, want)
		}
		return
	}
	for _, d := range intSettings {
		if d.key == key {
			if n, _ := intIn(value, d.min, d.max); *d.field(&s) != n {
				t.Fatalf("%s=%q accepted, but parsed as %d", key, value, *d.field(&s))
			}
			return
		}
	}
	switch key {
	case SettingDefaultLang:
		if s.DefaultLang != value {
			t.Fatalf("%s=%q accepted, but parsed as %q", key, value, s.DefaultLang)
		}
	case SettingPublicURL:
		if s.PublicURL != strings.TrimRight(value, "/") {
			t.Fatalf("%s=%q accepted, but parsed as %q", key, value, s.PublicURL)
		}
	case SettingTermStart:
		if s.TermStart.Format(time.DateOnly) != value {
			t.Fatalf("%s=%q accepted, but parsed as %v", key, value, s.TermStart)
		}
	default:
		t.Fatalf("CheckSetting accepted unknown key %q", key)
	}
}

// checkUsable fails unless s is settings a kiosk can run on: a zone
// everywhere, every number in its range or the default, positive
// durations where a zero would stop the rules (idle timers, slots,
// SLAs), bookings at least a slot long, links phones can open.
func checkUsable(t *testing.T, s, def Settings) {
	t.Helper()
	if s.Zone == nil || s.Room.Zone != s.Zone || s.Mentor.Zone != s.Zone {
		t.Fatalf("zones %v %v %v", s.Zone, s.Room.Zone, s.Mentor.Zone)
	}
	for _, d := range durationSettings {
		got, dflt := *d.field(&s), *d.field(&def)
		inRange := got >= time.Duration(d.min)*d.unit && got <= time.Duration(d.max)*d.unit && got%d.unit == 0
		if got != dflt && !inRange && !(d.key == "room.max_length_minutes" && got == s.Room.Slot) {
			t.Fatalf("%s = %v, out of range", d.key, got)
		}
		if dflt > 0 && d.min > 0 && got <= 0 {
			t.Fatalf("%s = %v, want positive", d.key, got)
		}
	}
	for _, d := range intSettings {
		if got := *d.field(&s); got != *d.field(&def) && (got < d.min || got > d.max) {
			t.Fatalf("%s = %d, out of range", d.key, got)
		}
	}
	if s.Room.MaxLength < s.Room.Slot {
		t.Fatalf("bookings up to %v with %v slots", s.Room.MaxLength, s.Room.Slot)
	}
	if s.DefaultLang != LangZh && s.DefaultLang != LangEn {
		t.Fatalf("default language %q", s.DefaultLang)
	}
	// The kiosk's QR codes are PublicURL + "/r/" + a token.
	u, err := url.Parse(s.PublicURL + "/r/token")
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || !strings.HasSuffix(u.Path, "/r/token") || u.RawQuery != "" || u.Fragment != "" {
		t.Fatalf("public URL %q makes QR links %q that no phone opens", s.PublicURL, s.PublicURL+"/r/token")
	}
	if s.HallName.Zh == "" || s.HallName.En == "" {
		t.Fatalf("hall name %+v", s.HallName)
	}
}
