package sqlstore_test

import (
	"context"
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
