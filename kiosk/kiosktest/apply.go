package kiosktest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"onestop/kiosk"
)

// ApplyChanges takes a page of central's feed into the fakes, as
// kiosk.SyncService's does into the store: the one way tests seed what
// central owns, so the fakes and the store are seeded alike. Rows are
// checked with the domain's Validate; one that fails is skipped and
// named, as the store skips it. Reset drops central's rows first.
func (f *Fakes) ApplyChanges(_ context.Context, p kiosk.ChangePage) (kiosk.ApplyStats, error) {
	st := f.Hall.st
	st.mu.Lock()
	defer st.mu.Unlock()
	if p.Reset {
		st.rooms, st.mentors, st.slots, st.events = nil, nil, nil, nil
	}
	var stats kiosk.ApplyStats
	for _, c := range p.Changes {
		if err := f.apply(c); err != nil {
			stats.Skipped = append(stats.Skipped, fmt.Sprintf("%s %s: %v", c.Entity, c.ID, err))
			continue
		}
		stats.Applied++
	}
	return stats, nil
}

// apply takes one change; st.mu is held.
func (f *Fakes) apply(c kiosk.Change) error {
	st := f.Hall.st
	switch c.Entity {
	case kiosk.EntitySettings:
		var kv map[string]string
		if err := json.Unmarshal(c.Data, &kv); err != nil {
			return err
		}
		f.Hall.SetSettings(kiosk.ParseSettings(kv))
		return nil
	case kiosk.EntityStudent:
		var r kiosk.RosterRow
		if err := decodeValid(c, &r, r.Validate); err != nil {
			return err
		}
		f.Roster.put(r)
		if r.PINHash != "" {
			st.pins[r.Key] = r.PINHash
		}
		return nil
	case kiosk.EntityRoom:
		return upsert(c, &st.rooms, func(x kiosk.Room) string { return x.ID }, (*kiosk.Room).Validate)
	case kiosk.EntityMentor:
		return upsert(c, &st.mentors, func(x kiosk.Mentor) string { return x.ID }, (*kiosk.Mentor).Validate)
	case kiosk.EntityMentorSlot:
		return upsert(c, &st.slots, func(x kiosk.MentorSlot) string { return x.ID }, (*kiosk.MentorSlot).Validate)
	case kiosk.EntityEvent:
		return upsert(c, &st.events, func(x kiosk.Event) string { return x.ID }, (*kiosk.Event).Validate)
	case kiosk.EntityBooking:
		return upsert(c, &st.bookings, bookingID, (*kiosk.Booking).Validate)
	case kiosk.EntityAppointment:
		return upsert(c, &st.appts, appointmentID, (*kiosk.Appointment).Validate)
	case kiosk.EntityRequest:
		return upsert(c, &st.requests, requestID, (*kiosk.Request).ValidateStored)
	case kiosk.EntityShift:
		return upsert(c, &st.shifts, func(x kiosk.Shift) string { return x.ID }, (*kiosk.Shift).Validate)
	case kiosk.EntityVisit:
		return upsert(c, &st.visits, func(x kiosk.Visit) string { return x.ID }, (*kiosk.Visit).Validate)
	case kiosk.EntityAttendance:
		return upsert(c, &st.attendance, func(x kiosk.Attendance) string { return x.ID }, (*kiosk.Attendance).Validate)
	}
	return fmt.Errorf("the fakes keep no %q", c.Entity)
}

// upsert decodes c into a T, checks it, and adds or replaces it in xs by
// id; a delete removes it.
func upsert[T any](c kiosk.Change, xs *[]T, id func(T) string, valid func(*T) error) error {
	i := slices.IndexFunc(*xs, func(x T) bool { return id(x) == c.ID })
	if c.Delete {
		if i >= 0 {
			*xs = slices.Delete(*xs, i, i+1)
		}
		return nil
	}
	var v T
	if err := json.Unmarshal(c.Data, &v); err != nil {
		return err
	}
	if err := valid(&v); err != nil {
		return err
	}
	if i >= 0 {
		(*xs)[i] = v
	} else {
		*xs = append(*xs, v)
	}
	return nil
}

func decodeValid[T any](c kiosk.Change, v *T, valid func() error) error {
	if err := json.Unmarshal(c.Data, v); err != nil {
		return err
	}
	return valid()
}

// put adds or replaces a student central sent, by key.
func (r *Roster) put(row kiosk.RosterRow) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := &kiosk.Student{Key: row.Key, MaskedName: row.MaskedName, BuildingID: row.BuildingID,
		Floor: row.Floor, Roles: slices.Clone(row.Roles)}
	r.byKey[row.Key] = s
}
