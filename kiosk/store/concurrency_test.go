package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
)

// race runs the two actions at once and returns their errors.
func race(a, b func() error) [2]error {
	var errs [2]error
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, f := range []func() error{a, b} {
		wg.Go(func() {
			<-start
			errs[i] = f()
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// wantOneWinner fails unless exactly one error is nil and the other is
// a slot-taken conflict.
func wantOneWinner(tb testing.TB, errs [2]error) {
	tb.Helper()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
			continue
		}
		wantCode(tb, err, kiosk.ECONFLICT, kiosk.MsgErrSlotTaken)
	}
	if won != 1 {
		tb.Fatalf("%d winners: %v", won, errs)
	}
}

func TestTwoStudentsRaceForOneRoomSlot(t *testing.T) {
	ctx := context.Background()
	db, _ := openServices(t)
	for i := range 20 {
		seedStudents(t, db, fmt.Sprintf("sa%d", i), fmt.Sprintf("sb%d", i))
		start := at(1+i/10, 9+i%10, 0)
		wantOneWinner(t, race(
			func() error {
				return db.BookRoom(ctx, booking(fmt.Sprintf("a%d", i), fmt.Sprintf("sa%d", i), seminar.ID, start, 30))
			},
			func() error {
				return db.BookRoom(ctx, booking(fmt.Sprintf("b%d", i), fmt.Sprintf("sb%d", i), seminar.ID, start, 60))
			},
		))
	}
	if n := len(allOutbox(t, db)); n != 20 {
		t.Errorf("%d outbox entries, want 20", n)
	}
}

func TestTwoStudentsRaceForOneMentorSlot(t *testing.T) {
	ctx := context.Background()
	db, _ := openServices(t)
	for d := range 10 {
		slot := slotAt(1+d, 15, 0)
		wantOneWinner(t, race(
			func() error { return db.BookAppointment(ctx, appointment(fmt.Sprintf("a%d", d), "sa", slot)) },
			func() error { return db.BookAppointment(ctx, appointment(fmt.Sprintf("b%d", d), "sb", slot)) },
		))
	}
	if n := len(allOutbox(t, db)); n != 10 {
		t.Errorf("%d outbox entries, want 10", n)
	}
}

// TestMixedActionsStayGapFree runs every kind of action from several
// goroutines, refusals included, and checks seqs and entry counts.
func TestMixedActionsStayGapFree(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	const workers = 4
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for w := range workers {
		wg.Go(func() {
			student := fmt.Sprintf("s%d", w)
			for i := range 6 {
				id := fmt.Sprintf("%d-%d", w, i)
				var err error
				switch i % 3 {
				case 0:
					err = db.CheckInVisit(ctx, visit("v"+id, student, clock))
				case 1:
					// Everyone wants the same slots: some lose.
					err = db.BookRoom(ctx, booking("b"+id, student, seminar.ID, at(1, 9+i, 0), 30))
				case 2:
					err = db.BookAppointment(ctx, appointment("a"+id, student, slotAt(1, 14+i%3, 0)))
				}
				mu.Lock()
				if err == nil {
					ok++
				} else if kiosk.ErrorCode(err) != kiosk.ECONFLICT {
					t.Errorf("%s: %v", id, err)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if n := len(allOutbox(t, db)); n != ok {
		t.Errorf("%d outbox entries for %d confirmed actions", n, ok)
	}
}

// TestUpgradeFromFirstSchema opens a database made by the first build
// (0001 only) holding a visit and its outbox entry: 0002 adds the
// services and the old entry keeps working with them.
func TestUpgradeFromFirstSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	ddl, err := os.ReadFile(filepath.Join("migrations", "0001_init.sql"))
	if err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, path)
	for _, q := range []string{
		string(ddl),
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`,
		`INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, '0001_init.sql', 0)`,
		`INSERT INTO visits (id, student_key, hall_id, purpose, at) VALUES ('v-old', 's1', 'hall-1', 'study', 1)`,
		`INSERT INTO outbox (seq, id, kind, at, payload, queued_at) VALUES (1, 'v-old', 'visit.checkin', 1, '{}', 1)`,
		`UPDATE meta SET value = 1 WHERE key = 'outbox.seq'`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	clock := kiosktest.NewClock(t0)
	db := openAt(t, path, clock)
	seedStudents(t, db, "s1")
	seed(t, db, kiosk.EntityRoom, seminar)
	must(t, db.BookRoom(ctx, booking("b1", "s1", seminar.ID, at(0, 10, 0), 30)))
	answer(t, db, 1, kiosk.OutboxRejected, "", "")
	if rj, err := db.Rejections(ctx, "s1"); err != nil || len(rj) != 1 || rj[0].EntityID != "v-old" {
		t.Fatalf("old visit's rejection: %+v, %v", rj, err)
	}
	wantOutbox(t, db, kiosk.KindVisitCheckin, kiosk.KindBookingCreate)
}
