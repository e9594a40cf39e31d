package store_test

import (
	"encoding/hex"
	"encoding/json"
	"testing"

	"onestop/kiosk"
)

// upsert makes central's upsert of v, which marshals to the entity's data.
func upsert(tb testing.TB, entity, id string, v any) kiosk.Change {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return kiosk.Change{Entity: entity, ID: id, Data: b}
}

// del makes central's delete.
func del(entity, id string) kiosk.Change { return kiosk.Change{Entity: entity, ID: id, Delete: true} }

// centralSettings is a settings change with the test salt, as central
// sends it: flat key/values with the hall and the salt in hex.
func centralSettings(tb testing.TB, salt []byte, kv map[string]string) kiosk.Change {
	tb.Helper()
	m := map[string]string{kiosk.SettingHallID: "hall-1", kiosk.SettingRosterSalt: hex.EncodeToString(salt)}
	for k, v := range kv {
		m[k] = v
	}
	return upsert(tb, kiosk.EntitySettings, "hall-1", m)
}

// rosterRow is the student with number as central sends them.
func rosterRow(number, card, masked string, roles ...string) kiosk.RosterRow {
	r := kiosk.RosterRow{Key: numberKey(number), MaskedName: masked, BuildingID: "b1", Floor: 3, Roles: roles}
	if card != "" {
		r.CardKey = kiosk.HashIdentifier(testSalt, kiosk.HashCard, card)
	}
	return r
}

func student(tb testing.TB, r kiosk.RosterRow) kiosk.Change {
	return upsert(tb, kiosk.EntityStudent, r.Key, r)
}
