package kiosk_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"onestop/kiosk"
)

// Every spec's range and default are what CheckSetting and
// ParseSettings enforce: the default passes, one past each end fails.
func TestSettingSpecs(t *testing.T) {
	specs := kiosk.SettingSpecs()
	if len(specs) != len(kiosk.SettingKeys()) {
		t.Fatalf("%d specs for %d keys", len(specs), len(kiosk.SettingKeys()))
	}
	for _, s := range specs {
		if err := kiosk.CheckSetting(s.Key, s.Default); err != nil {
			t.Errorf("%s: default %q refused: %v", s.Key, s.Default, err)
		}
		if s.Kind != kiosk.SpecNumber {
			continue
		}
		for _, v := range []int{s.Min, s.Max} {
			if err := kiosk.CheckSetting(s.Key, strconv.Itoa(v)); err != nil {
				t.Errorf("%s: %d refused", s.Key, v)
			}
		}
		for _, v := range []int{s.Min - 1, s.Max + 1} {
			var ke *kiosk.Error
			if err := kiosk.CheckSetting(s.Key, strconv.Itoa(v)); !errors.As(err, &ke) || ke.Field != s.Key {
				t.Errorf("%s: %d: %v", s.Key, v, err)
			}
		}
	}
	if got := kiosk.ParseSettings(nil).Room.Slot; got != 30*time.Minute || specs[5].Key != "room.slot_minutes" || specs[5].Default != "30" || specs[5].Unit != "minutes" {
		t.Errorf("room slot: %v %+v", got, specs[5])
	}
}
