package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/sync/central/pgstore"
	"onestop/sync/central/pgstore/pgtest"
	"onestop/sync/central/sqlitestore"
	"onestop/sync/central/sqlstore"
)

// backends opens an empty store of each kind.
func backends(t *testing.T) map[string]func(t *testing.T) *sqlstore.DB {
	clock := kiosktest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	return map[string]func(t *testing.T) *sqlstore.DB{
		"sqlite": func(t *testing.T) *sqlstore.DB {
			db, err := sqlitestore.Open(filepath.Join(t.TempDir(), "c.db"), clock)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		},
		"postgres": func(t *testing.T) *sqlstore.DB {
			db, err := pgstore.Open(context.Background(), pgtest.Schema(t), clock)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		},
	}
}

// TestHoldConstraints: the database itself refuses a second holder of a
// room slot or a mentor slot, whatever the rule check saw.
func TestHoldConstraints(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			ctx := context.Background()
			at := func(h, m int) time.Time { return time.Date(2026, 3, 3, h, m, 0, 0, time.UTC) }
			slot := 30 * time.Minute
			b1 := kiosk.Booking{ID: "b1", RoomID: "r", StudentKey: "s1", Start: at(10, 0), End: at(11, 0)}
			if err := db.ForceBooking(ctx, "h", b1, slot); err != nil {
				t.Fatal(err)
			}
			b2 := kiosk.Booking{ID: "b2", RoomID: "r", StudentKey: "s2", Start: at(10, 30), End: at(11, 30)}
			if err := db.ForceBooking(ctx, "h", b2, slot); !db.IsUnique(err) {
				t.Fatalf("overlapping booking: %v", err)
			}
			b3 := kiosk.Booking{ID: "b3", RoomID: "other", StudentKey: "s2", Start: at(10, 30), End: at(11, 30)}
			if err := db.ForceBooking(ctx, "h", b3, slot); err != nil {
				t.Fatalf("another room: %v", err)
			}
			a := kiosk.Appointment{ID: "a1", SlotID: "sl", StudentKey: "s1", Start: at(10, 0), End: at(10, 30), Status: kiosk.AppointmentBooked}
			if err := db.ForceAppointment(ctx, "h", a); err != nil {
				t.Fatal(err)
			}
			a.ID, a.StudentKey = "a2", "s2"
			if err := db.ForceAppointment(ctx, "h", a); !db.IsUnique(err) {
				t.Fatalf("second appointment: %v", err)
			}
		})
	}
}
