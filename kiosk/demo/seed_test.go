package demo_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/kiosk/kiosktest"
	"onestop/kiosk/store"
)

// feedTarget is demo.Target over a kiosk store, which central fills: each
// call becomes a page of central's feed, applied as the syncer applies
// it, so the demo reaches the store by the production path alone.
type feedTarget struct {
	db       *store.DB
	settings map[string]string // central sends them whole, salt included
	salt     []byte
}

var _ demo.Target = (*feedTarget)(nil)

// apply applies cs as one page at the stored cursor; a change the store
// skips is an error, as the demo's data must all be kept.
func (f *feedTarget) apply(ctx context.Context, cs []kiosk.Change) error {
	cursor, err := f.db.SyncCursor(ctx)
	if err != nil {
		return err
	}
	st, err := f.db.ApplyChanges(ctx, kiosk.ChangePage{Changes: cs, Cursor: cursor})
	if err == nil && len(st.Skipped) > 0 {
		err = fmt.Errorf("skipped %v", st.Skipped)
	}
	return err
}

// put sends rows as upserts of entity; a row's id is its JSON "id", a
// student's its "key".
func put[T any](ctx context.Context, f *feedTarget, entity string, rows []T) error {
	cs := make([]kiosk.Change, len(rows))
	for i, r := range rows {
		data, err := json.Marshal(r)
		if err != nil {
			return err
		}
		var id struct {
			ID  string `json:"id"`
			Key string `json:"key"`
		}
		if err := json.Unmarshal(data, &id); err != nil {
			return err
		}
		cs[i] = kiosk.Change{Entity: entity, ID: cmp.Or(id.ID, id.Key), Data: data}
	}
	return f.apply(ctx, cs)
}

// sendSettings sends the hall's settings as central does: whole, with
// the salt once there is one.
func (f *feedTarget) sendSettings(ctx context.Context) error {
	kv := map[string]string{}
	maps.Copy(kv, f.settings)
	if f.salt != nil {
		kv[kiosk.SettingRosterSalt] = hex.EncodeToString(f.salt)
	}
	data, err := json.Marshal(kv)
	if err != nil {
		return err
	}
	return f.apply(ctx, []kiosk.Change{{Entity: kiosk.EntitySettings, ID: demo.HallID, Data: data}})
}

func (f *feedTarget) SetSettings(ctx context.Context, kv map[string]string) error {
	f.settings = maps.Clone(kv)
	return f.sendSettings(ctx)
}

// EnsureRosterSalt makes the campus salt from r, as central does once,
// and sends it with the settings.
func (f *feedTarget) EnsureRosterSalt(ctx context.Context, r io.Reader) ([]byte, error) {
	if f.salt == nil {
		salt := make([]byte, 32)
		if _, err := io.ReadFull(r, salt); err != nil {
			return nil, err
		}
		f.salt = salt
		if err := f.sendSettings(ctx); err != nil {
			return nil, err
		}
	}
	return bytes.Clone(f.salt), nil
}

// ImportRoster sends the entries as central does: number and card hashed
// with the salt, the name masked, the PIN hashed.
func (f *feedTarget) ImportRoster(ctx context.Context, es []kiosk.RosterEntry) error {
	rows := make([]kiosk.RosterRow, len(es))
	for i, e := range es {
		if err := e.Validate(); err != nil {
			return err
		}
		rows[i] = kiosk.RosterRow{Key: kiosk.HashIdentifier(f.salt, kiosk.HashStudentNumber, e.Number),
			MaskedName: kiosk.MaskName(e.Name), BuildingID: e.BuildingID, Floor: e.Floor, Roles: e.Roles}
		if e.CardID != "" {
			rows[i].CardKey = kiosk.HashIdentifier(f.salt, kiosk.HashCard, e.CardID)
		}
		if e.PIN != "" {
			h, err := kiosk.HashPIN(e.PIN)
			if err != nil {
				return err
			}
			rows[i].PINHash = h
		}
	}
	return put(ctx, f, kiosk.EntityStudent, rows)
}

func (f *feedTarget) PutBuildings(ctx context.Context, bs []kiosk.Building) error {
	return put(ctx, f, kiosk.EntityBuilding, bs)
}

func (f *feedTarget) PutAnnouncements(ctx context.Context, as []kiosk.Announcement) error {
	return put(ctx, f, kiosk.EntityAnnouncement, as)
}

func (f *feedTarget) PutRooms(ctx context.Context, rs []kiosk.Room) error {
	return put(ctx, f, kiosk.EntityRoom, rs)
}

func (f *feedTarget) PutMentors(ctx context.Context, ms []kiosk.Mentor) error {
	return put(ctx, f, kiosk.EntityMentor, ms)
}

func (f *feedTarget) PutMentorSlots(ctx context.Context, ss []kiosk.MentorSlot) error {
	return put(ctx, f, kiosk.EntityMentorSlot, ss)
}

func (f *feedTarget) PutEvents(ctx context.Context, es []kiosk.Event) error {
	return put(ctx, f, kiosk.EntityEvent, es)
}

func (f *feedTarget) PutBookings(ctx context.Context, bs []kiosk.Booking) error {
	return put(ctx, f, kiosk.EntityBooking, bs)
}

func (f *feedTarget) PutAppointments(ctx context.Context, as []kiosk.Appointment) error {
	return put(ctx, f, kiosk.EntityAppointment, as)
}

func (f *feedTarget) PutRequests(ctx context.Context, rs []kiosk.Request) error {
	return put(ctx, f, kiosk.EntityRequest, rs)
}

func (f *feedTarget) PutVisits(ctx context.Context, vs []kiosk.Visit) error {
	return put(ctx, f, kiosk.EntityVisit, vs)
}

func (f *feedTarget) PutAttendance(ctx context.Context, as []kiosk.Attendance) error {
	return put(ctx, f, kiosk.EntityAttendance, as)
}

func (f *feedTarget) PutShifts(ctx context.Context, ss []kiosk.Shift) error {
	return put(ctx, f, kiosk.EntityShift, ss)
}

// seeded returns a store seeded with n students at now, the clock
// stopped there, and the first identity's key.
func seeded(tb testing.TB, now time.Time, n int) (*store.DB, *kiosktest.Clock, string) {
	tb.Helper()
	clock := kiosktest.NewClock(now)
	db, err := store.Open(filepath.Join(tb.TempDir(), "demo.db"), clock)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	ctx := context.Background()
	if err := demo.Seed(ctx, &feedTarget{db: db}, n, now, bytes.NewReader(bytes.Repeat([]byte{7}, 64))); err != nil {
		tb.Fatal(err)
	}
	s, err := db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredScan, Value: demo.Identities[0].CardID})
	if err != nil {
		tb.Fatal(err)
	}
	return db, clock, s.Key
}

// Times the demo is started at: a Wednesday afternoon, a Sunday night.
var seedTimes = []time.Time{
	time.Date(2026, 11, 25, 15, 4, 0, 0, time.FixedZone("CST", 8*3600)),
	time.Date(2026, 11, 29, 23, 50, 0, 0, time.UTC),
}

func TestSeedCampus(t *testing.T) {
	ctx := context.Background()
	db, _, _ := seeded(t, seedTimes[0], 200)
	rooms, err := db.Rooms(ctx, "")
	if err != nil || len(rooms) < 8 {
		t.Fatalf("%d rooms, %v", len(rooms), err)
	}
	types, buildings := map[kiosk.RoomType]bool{}, map[string]bool{}
	for _, r := range rooms {
		types[r.Type], buildings[r.BuildingID] = true, true
		if r.Name.Zh == "" || r.Name.En == "" || len(r.Facilities) == 0 || r.Opens != 8*60 || r.Closes != 22*60 {
			t.Errorf("room %+v", r)
		}
	}
	if len(types) != len(kiosk.RoomTypes) || len(buildings) != len(demo.Buildings) {
		t.Errorf("rooms cover types %v, buildings %v", types, buildings)
	}
	for _, mt := range kiosk.MentorTypes {
		ms, err := db.Mentors(ctx, mt)
		if err != nil || len(ms) < 2 {
			t.Fatalf("%d %s mentors, %v", len(ms), mt, err)
		}
		for _, m := range ms {
			slots, err := db.MentorSlots(ctx, m.ID, seedTimes[0], seedTimes[0].AddDate(0, 0, 15))
			if err != nil || len(slots) == 0 {
				t.Errorf("mentor %s has no slots: %v", m.ID, err)
			}
			for _, s := range slots {
				if d := s.End.Sub(s.Start); d < 30*time.Minute || d > 60*time.Minute {
					t.Errorf("slot %+v lasts %v", s, d)
				}
			}
		}
	}
	if st, err := db.SyncStatus(ctx); err != nil || st.Pending != 0 {
		t.Errorf("seeded data waits for sync: %+v, %v", st, err)
	}
}

// TestSeedFirstIdentity checks what the README promises about the first
// demo student, whenever the demo starts.
func TestSeedFirstIdentity(t *testing.T) {
	for _, now := range seedTimes {
		t.Run(now.Format(time.DateTime), func(t *testing.T) {
			ctx := context.Background()
			db, clock, key := seeded(t, now, 50)
			if ok, err := db.VerifyPIN(ctx, key, demo.Identities[0].PIN); err != nil || !ok {
				t.Fatalf("PIN %s: %v, %v", demo.Identities[0].PIN, ok, err)
			}
			as, err := db.AppointmentsOf(ctx, key, kiosk.StartOfDay(now), now.AddDate(0, 0, 1))
			if err != nil || len(as) != 1 {
				t.Fatalf("appointments today = %+v, %v", as, err)
			}
			a, err := db.CheckInAppointment(ctx, kiosk.Self(key), as[0].ID)
			if err != nil || a.Tardy {
				t.Fatalf("check-in to today's appointment: %+v, %v", a, err)
			}
			if es, err := db.RunningEvents(ctx); err != nil || len(es) != 1 {
				t.Fatalf("running events = %+v, %v", es, err)
			}
			rs, err := db.RequestsOf(ctx, key)
			if err != nil || len(rs) != 2 {
				t.Fatalf("requests = %+v, %v", rs, err)
			}
			i := slices.IndexFunc(rs, func(r kiosk.Request) bool { return r.Status == kiosk.RequestResolved })
			if i < 0 || len(rs[i].Notes) == 0 {
				t.Fatalf("no resolved request with a note: %+v", rs)
			}
			if r, err := db.RateRequest(ctx, key, rs[i].ID, kiosk.OutcomeSolved, 5); err != nil || r.Status != kiosk.RequestClosed {
				t.Fatalf("rating: %+v, %v", r, err)
			}
			rec, err := db.Records(ctx, key, now.AddDate(0, 0, -30))
			if err != nil || len(rec.Visits) < 3 || len(rec.Attendance) == 0 || len(rec.Bookings) == 0 || len(rec.Appointments) < 2 {
				t.Fatalf("records = %+v, %v", rec, err)
			}
			clock.Advance(time.Minute)
			free, err := db.FreeSlots(ctx, "", clock.Now(), clock.Now().AddDate(0, 0, 2), 30*time.Minute)
			if err != nil || len(free) == 0 {
				t.Fatalf("free slots = %d, %v", len(free), err)
			}
		})
	}
}

func TestSeedVolunteerAndOthers(t *testing.T) {
	ctx := context.Background()
	now := seedTimes[0]
	db, _, _ := seeded(t, now, 50)
	vol, err := db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredNumber, Value: demo.Identities[1].Number})
	if err != nil || !vol.HasRole(kiosk.RoleVolunteer) {
		t.Fatalf("volunteer %+v, %v", vol, err)
	}
	rec, err := db.Records(ctx, vol.Key, now.AddDate(0, 0, -30))
	if err != nil || rec.VolunteerHours != 11 {
		t.Fatalf("volunteer hours %v, %v", rec.VolunteerHours, err)
	}
	for i, id := range demo.Identities {
		s, err := db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredNumber, Value: id.Number})
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := db.VerifyPIN(ctx, s.Key, id.PIN); err != nil || !ok || id.PIN == "" {
			t.Errorf("identity %d PIN %q: %v, %v", i, id.PIN, ok, err)
		}
		bs, err := db.BookingsOf(ctx, s.Key, kiosk.StartOfDay(now), now.AddDate(0, 0, 3))
		if err != nil || len(bs) == 0 {
			t.Errorf("identity %d has no bookings: %v", i, err)
		}
	}
	// Some slot in the coming days is taken by another student.
	taken := 0
	for _, m := range []string{"m-zhou-wenjing", "m-zhang-hao"} {
		slots, _ := db.MentorSlots(ctx, m, now, now.AddDate(0, 0, 15))
		for _, s := range slots {
			if s.Taken {
				taken++
			}
		}
	}
	if taken != 2 {
		t.Errorf("%d taken slots, want 2", taken)
	}
}

// TestSeedDeterministic: the same now and salt make the same campus.
func TestSeedDeterministic(t *testing.T) {
	ctx := context.Background()
	now := seedTimes[0]
	a, _, keyA := seeded(t, now, 20)
	b, _, keyB := seeded(t, now, 20)
	ra, _ := a.RequestsOf(ctx, keyA)
	rb, _ := b.RequestsOf(ctx, keyB)
	if keyA != keyB || len(ra) != len(rb) || ra[0].Ticket != rb[0].Ticket || ra[0].Token != rb[0].Token {
		t.Fatalf("requests differ: %+v vs %+v", ra, rb)
	}
	sa, _ := a.MentorSlots(ctx, "m-li-mingyuan", now, now.AddDate(0, 0, 15))
	sb, _ := b.MentorSlots(ctx, "m-li-mingyuan", now, now.AddDate(0, 0, 15))
	if !slices.EqualFunc(sa, sb, func(x, y kiosk.MentorSlot) bool { return x.ID == y.ID && x.Start.Equal(y.Start) }) {
		t.Fatal("mentor slots differ")
	}
}
