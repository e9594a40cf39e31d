package kiosk_test

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
)

func TestParseSettings(t *testing.T) {
	def := kiosk.DefaultSettings()
	if def.IdleTimeout != 60*time.Second || def.IdleWarning != 15*time.Second || def.DefaultLang != kiosk.LangZh {
		t.Fatalf("defaults drifted from DESIGN.md: %+v", def)
	}
	s := kiosk.ParseSettings(map[string]string{
		kiosk.SettingIdleTimeout: "90",
		kiosk.SettingIdleWarning: "abc", // bad value keeps the default
		kiosk.SettingDefaultLang: "en",
		kiosk.SettingHallNameZh:  "北区大厅",
	})
	if s.IdleTimeout != 90*time.Second || s.IdleWarning != 15*time.Second || s.DefaultLang != "en" || s.HallName.Zh != "北区大厅" {
		t.Fatalf("parsed %+v", s)
	}
	if got := kiosk.ParseSettings(map[string]string{kiosk.SettingIdleTimeout: "1"}).IdleTimeout; got != 60*time.Second {
		t.Fatalf("out-of-range timeout accepted: %v", got)
	}
}

func TestNewID(t *testing.T) {
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	id, err := kiosk.IDSource{R: bytes.NewReader(bytes.Repeat([]byte{0xff}, 16))}.NewID()
	if err != nil || !uuid.MatchString(id) {
		t.Fatalf("id %q err %v", id, err)
	}
	a, _ := kiosk.IDSource{}.NewID()
	b, _ := kiosk.IDSource{}.NewID()
	if a == b || !uuid.MatchString(a) {
		t.Fatalf("random ids %q %q", a, b)
	}
	if _, err := (kiosk.IDSource{R: bytes.NewReader(nil)}).NewID(); err == nil {
		t.Fatal("short randomness must fail")
	}
}

func TestNewVisit(t *testing.T) {
	clock := kiosktest.NewClock(time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC))
	ids := kiosk.IDSource{R: bytes.NewReader(bytes.Repeat([]byte{1}, 64))}
	s := &kiosk.Student{Key: "k1"}
	v, err := kiosk.NewVisit(ids, clock, s, "hall-1", kiosk.PurposeStudy)
	if err != nil || v.StudentKey != "k1" || !v.At.Equal(clock.Now()) || v.Purpose != kiosk.PurposeStudy {
		t.Fatalf("visit %+v err %v", v, err)
	}
	if _, err := kiosk.NewVisit(ids, clock, s, "hall-1", "nap"); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("bad purpose: %v", err)
	}
	if _, err := kiosk.NewVisit(ids, clock, nil, "hall-1", kiosk.PurposeStudy); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("no student: %v", err)
	}
}

func TestErrors(t *testing.T) {
	base := kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrUnknownStudent, "no student %d", 7)
	wrapped := fmt.Errorf("identify: %w", base.With(map[string]any{"N": 1}))
	if kiosk.ErrorCode(wrapped) != kiosk.ENOTFOUND {
		t.Fatal("code lost through wrapping")
	}
	id, data := kiosk.ErrorMessageID(wrapped)
	if id != kiosk.MsgErrUnknownStudent || data["N"] != 1 {
		t.Fatalf("message %q %v", id, data)
	}
	if base.Data != nil {
		t.Fatal("With must not change the original")
	}
	if kiosk.ErrorCode(errors.New("disk")) != kiosk.EINTERNAL || kiosk.ErrorCode(nil) != "" {
		t.Fatal("plain and nil errors")
	}
	if id, _ := kiosk.ErrorMessageID(errors.New("disk")); id != kiosk.MsgErrInternal {
		t.Fatalf("plain error message id %q", id)
	}
}

func TestAnnouncementActiveAt(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	a := kiosk.Announcement{StartsAt: t0, EndsAt: t0.Add(time.Hour)}
	if a.ActiveAt(t0.Add(-time.Second)) || !a.ActiveAt(t0) || a.ActiveAt(t0.Add(time.Hour)) {
		t.Fatal("window is [start, end)")
	}
	if !(kiosk.Announcement{StartsAt: t0}).ActiveAt(t0.Add(1000 * time.Hour)) {
		t.Fatal("no end means open-ended")
	}
	n := kiosk.LocalName{Zh: "大厅"}
	if n.In(kiosk.LangEn) != "大厅" || (kiosk.LocalName{Zh: "大厅", En: "Hall"}).In(kiosk.LangEn) != "Hall" {
		t.Fatal("LocalName fallback")
	}
}
