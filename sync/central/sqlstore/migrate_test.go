package sqlstore_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
)

// TestVisitPurposeBackfill: visits stored before migration 0016 had
// their purpose only in the entity's JSON; the migration copies it into
// the column the dashboard groups by, on both backends.
func TestVisitPurposeBackfill(t *testing.T) {
	ctx := context.Background()
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			must := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			must(db.ExecTest(ctx, `INSERT INTO entities (entity, id, hall_id, rank, data) VALUES ('visit', 'v-old', 'h', 0, ?)`,
				`{"id":"v-old","student":"s1","purpose":"study","at":"2026-03-02T09:00:00+08:00"}`))
			must(db.ExecTest(ctx, `INSERT INTO visits (id, hall_id, student_key, at) VALUES ('v-old', 'h', 's1', 1)`))
			must(db.ExecTest(ctx, `INSERT INTO visits (id, hall_id, student_key, at) VALUES ('v-lost', 'h', 's1', 2)`))
			must(db.RerunMigration(ctx, 16, "UPDATE visits"))
			for id, want := range map[string]string{"v-old": "study", "v-lost": ""} {
				if p, err := db.VisitPurpose(ctx, id); err != nil || p != want {
					t.Errorf("%s purpose %q, %v; want %q", id, p, err, want)
				}
			}
		})
	}
}

// TestShiftCapBackfill: shifts capped before migration 0019 had the cap
// only in the entity's JSON; the migration flags them, with the cap's
// end where the shift still ends there (not corrected), on both
// backends.
func TestShiftCapBackfill(t *testing.T) {
	ctx := context.Background()
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			must := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			for _, s := range []struct{ id, data string }{
				{"s-open", `{"id":"s-open","student":"k","start":"2026-03-02T09:00:00+08:00"}`},
				{"s-capped", `{"id":"s-capped","student":"k","start":"2026-03-02T09:00:00+08:00","end":"2026-03-02T15:00:00+08:00","capped":true}`},
				{"s-fixed", `{"id":"s-fixed","student":"k","start":"2026-03-02T09:00:00+08:00","end":"2026-03-02T11:00:00+08:00","capped":true,"corrected_at":"2026-03-03T09:00:00+08:00"}`},
			} {
				must(db.ExecTest(ctx, `INSERT INTO entities (entity, id, hall_id, rank, data) VALUES ('shift', ?, 'h', 0, ?)`, s.id, s.data))
				must(db.ExecTest(ctx, `INSERT INTO shifts (id, hall_id, student_key, start_at, end_at) VALUES (?, 'h', 'k', 1, 7)`, s.id))
			}
			must(db.RerunMigration(ctx, 19, "UPDATE shifts"))
			for id, want := range map[string]struct {
				capped, corrected int
				capEnd            sql.NullInt64
			}{
				"s-open":   {0, 0, sql.NullInt64{}},
				"s-capped": {1, 0, sql.NullInt64{Int64: 7, Valid: true}},
				"s-fixed":  {1, 1, sql.NullInt64{}},
			} {
				capped, corrected, capEnd, err := db.ShiftCap(ctx, id)
				if err != nil || capped != want.capped || corrected != want.corrected || capEnd != want.capEnd {
					t.Errorf("%s: capped %d corrected %d cap end %v, %v; want %+v", id, capped, corrected, capEnd, err, want)
				}
			}
		})
	}
}

// TestReady: a database missing this build's latest migration, or
// holding one newer, is not ready, on both backends.
func TestReady(t *testing.T) {
	ctx := context.Background()
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			if err := db.Ready(ctx); err != nil {
				t.Fatalf("fresh database: %v", err)
			}
			if err := db.ExecTest(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)`); err != nil {
				t.Fatal(err)
			}
			if err := db.Ready(ctx); err == nil || !strings.Contains(err.Error(), "schema version 9999") {
				t.Errorf("a newer schema: %v", err)
			}
			if err := db.ExecTest(ctx, `DELETE FROM schema_migrations WHERE version >= (SELECT max(version) FROM schema_migrations WHERE version < 9999)`); err != nil {
				t.Fatal(err)
			}
			if err := db.Ready(ctx); err == nil {
				t.Error("a database behind this build is ready")
			}
		})
	}
}
