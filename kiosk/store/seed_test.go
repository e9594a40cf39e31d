package store_test

import (
	"cmp"
	"context"
	"encoding/hex"
	"encoding/json"
	"maps"
	"testing"

	"onestop/kiosk"
	"onestop/kiosk/store"
)

// Tests seed the store the way production fills it: pages of central's
// feed through ApplyChanges, and central's push answers through
// RecordPushResults. The store has no other writers for central's data.

// feed is the part of the store the syncer pulls into.
type feed interface {
	ApplyChanges(context.Context, kiosk.ChangePage) (kiosk.ApplyStats, error)
	SyncCursor(context.Context) (string, error)
}

// applyPage applies cs as one page at the stored cursor, so seeding
// leaves the feed's position alone.
func applyPage(db feed, cs ...kiosk.Change) (kiosk.ApplyStats, error) {
	ctx := context.Background()
	cursor, err := db.SyncCursor(ctx)
	if err != nil {
		return kiosk.ApplyStats{}, err
	}
	return db.ApplyChanges(ctx, kiosk.ChangePage{Changes: cs, Cursor: cursor})
}

// seedPage is applyPage failing the test on an error or on a skipped
// change: a seed the store refuses would test nothing.
func seedPage(tb testing.TB, db feed, cs ...kiosk.Change) {
	tb.Helper()
	st, err := applyPage(db, cs...)
	must(tb, err)
	if len(st.Skipped) > 0 {
		tb.Fatalf("seed skipped %v", st.Skipped)
	}
}

// seed stores rows (domain types, or RosterRows for students) as
// central's upserts of entity, in one page.
func seed[T any](tb testing.TB, db feed, entity string, rows ...T) {
	tb.Helper()
	seedPage(tb, db, changes(tb, entity, rows...)...)
}

// changes makes central's upserts of rows; a row's id is its JSON "id",
// a student's its "key".
func changes[T any](tb testing.TB, entity string, rows ...T) []kiosk.Change {
	tb.Helper()
	cs := make([]kiosk.Change, len(rows))
	for i, r := range rows {
		data, err := json.Marshal(r)
		must(tb, err)
		var id struct {
			ID  string `json:"id"`
			Key string `json:"key"`
		}
		must(tb, json.Unmarshal(data, &id))
		cs[i] = kiosk.Change{Entity: entity, ID: cmp.Or(id.ID, id.Key), Data: data}
	}
	return cs
}

// wantSkipped fails unless ApplyChanges skips every one of cs: central
// sent what the store cannot keep, and the feed goes on without it.
func wantSkipped(tb testing.TB, db feed, cs ...kiosk.Change) {
	tb.Helper()
	st, err := applyPage(db, cs...)
	if err != nil || st.Applied != 0 || len(st.Skipped) != len(cs) {
		tb.Fatalf("ApplyChanges = %+v, %v; want all %d skipped", st, err, len(cs))
	}
}

// testSettings is central's settings change: kv and the roster salt,
// which central always sends. It is testSalt: another would empty the
// roster.
func testSettings(tb testing.TB, kv map[string]string) kiosk.Change {
	tb.Helper()
	m := maps.Clone(kv)
	if m == nil {
		m = map[string]string{}
	}
	m[kiosk.SettingRosterSalt] = hex.EncodeToString(testSalt)
	return upsert(tb, kiosk.EntitySettings, "hall-1", m)
}

// seedSettings replaces the hall's settings with kv: central sends them
// whole, so a key left out falls back to its default.
func seedSettings(tb testing.TB, db feed, kv map[string]string) {
	tb.Helper()
	seedPage(tb, db, testSettings(tb, kv))
}

// rosterRows turns test entries into students as central sends them:
// number and card hashed with testSalt, the name masked, the PIN hashed.
func rosterRows(tb testing.TB, es ...kiosk.RosterEntry) []kiosk.RosterRow {
	tb.Helper()
	rows := make([]kiosk.RosterRow, len(es))
	for i, e := range es {
		r := kiosk.RosterRow{Key: numberKey(e.Number), MaskedName: kiosk.MaskName(e.Name),
			BuildingID: e.BuildingID, Floor: e.Floor, Roles: e.Roles}
		if e.CardID != "" {
			r.CardKey = kiosk.HashIdentifier(testSalt, kiosk.HashCard, e.CardID)
		}
		if e.PIN != "" {
			h, err := kiosk.HashPIN(e.PIN)
			must(tb, err)
			r.PINHash = h
		}
		rows[i] = r
	}
	return rows
}

// seedRoster puts the entries into the roster as central sends them.
func seedRoster(tb testing.TB, db feed, es ...kiosk.RosterEntry) {
	tb.Helper()
	seed(tb, db, kiosk.EntityStudent, rosterRows(tb, es...)...)
}

// answer records central's answer to outbox entry seq as the syncer
// does after a push.
func answer(tb testing.TB, db *store.DB, seq int64, state, code, msgID string) {
	tb.Helper()
	must(tb, db.RecordPushResults(context.Background(),
		[]kiosk.PushResult{{Seq: seq, State: state, Code: code, MessageID: msgID}}))
}
