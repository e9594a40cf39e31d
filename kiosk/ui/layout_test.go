package ui_test

import (
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"onestop/kiosk"
)

// Screens the layout check visits, each reached the way a student would.
var screens = []struct {
	name string
	goTo func(r *rig)
}{
	{"home", func(r *rig) {}},
	{"identify+error", func(r *rig) {
		r.tap("tile.checkin")
		r.keypad("99999999999999999999")
		r.tap("keypad.ok")
	}},
	{"purpose", func(r *rig) { r.scan(zhangCard) }},
	{"done", func(r *rig) {
		r.scan(zhangCard)
		r.tap("purpose.study")
	}},
	{"idle", func(r *rig) {
		r.tap("tile.checkin")
		r.advance(settings().IdleTimeout)
	}},
	{"checkin items+error", func(r *rig) {
		today(r)
		r.clock.Set(at(13, 0))
		r.scan(zhangCard)
		if r.has("checkin.next") {
			r.tap("checkin.next")
			r.tap("checkin.prev")
		}
		r.tap("checkin.0") // too early, with a two-line message
	}},
	{"checkin done tardy", func(r *rig) {
		today(r)
		r.scan(zhangCard)
		r.tap("checkin.0")
	}},
	{"rejections", func(r *rig) {
		for i := int64(1); i <= 4; i++ {
			r.records.AddRejection(rejection(i, kiosk.KindRequestRate, start.Add(-time.Duration(i)*time.Hour)))
		}
		r.tap("tile.mentor")
		r.scan(zhangCard)
	}},
	{"pin+error", func(r *rig) {
		r.reqs.Add(resolvedRequest())
		r.tap("tile.requests")
		r.identifyByNumber()
		r.tap("req.mine")
		r.tap("req.detail.0")
		r.keypad("123456789012")
		r.tap("keypad.ok")
	}},
	{"room types", func(r *rig) {
		r.tap("tile.rooms")
		r.scan(zhangCard)
	}},
	{"room list", func(r *rig) {
		r.tap("tile.rooms")
		r.scan(zhangCard)
		r.tap("roomtype.study")
	}},
	{"room day+error", func(r *rig) {
		othersBooking(r)
		r.tap("tile.rooms")
		r.scan(zhangCard)
		r.tap("roomtype.study")
		r.tap("room.study-1")
		r.tap("slot.1430")
		r.rooms.AddBooking(kiosk.Booking{ID: "race", RoomID: "study-1", StudentKey: "x", Start: at(14, 30), End: at(15, 0)})
		r.tap("room.book")
	}},
	{"room now", func(r *rig) {
		r.tap("tile.rooms")
		r.scan(zhangCard)
		r.tap("rooms.now")
	}},
	{"room done", func(r *rig) {
		r.tap("tile.rooms")
		r.scan(zhangCard)
		r.tap("rooms.now")
		r.tap("now.confirm")
	}},
	{"my bookings", func(r *rig) {
		myBookings(r)
		r.tap("tile.rooms")
		r.scan(zhangCard)
		r.tap("rooms.mine")
	}},
	{"cancel booking+error", func(r *rig) {
		r.rooms.AddBooking(kiosk.Booking{ID: "soon", RoomID: "act-1", StudentKey: zhangKey, Start: at(14, 30), End: at(15, 0)})
		r.tap("tile.rooms")
		r.scan(zhangCard)
		r.tap("rooms.mine")
		r.tap("bk.cancel.0")
		r.clock.Set(at(14, 31))
		r.tap("bk.confirm")
	}},
	{"pin locked", func(r *rig) {
		r.rooms.AddBooking(kiosk.Booking{ID: "b", RoomID: "act-1", StudentKey: zhangKey, Start: at(18, 0), End: at(19, 0)})
		r.tap("tile.rooms")
		r.identifyByNumber()
		r.tap("rooms.mine")
		r.tap("bk.cancel.0")
		for range kiosk.PINAttempts {
			r.keypad("1111")
			r.tap("keypad.ok")
		}
	}},
	{"room suspended", func(r *rig) {
		for i := 1; i <= 3; i++ {
			s := start.Add(-time.Duration(i) * 24 * time.Hour)
			r.rooms.AddBooking(kiosk.Booking{ID: fmt.Sprint("ns", i), RoomID: "gym", StudentKey: zhangKey, Start: s, End: s.Add(time.Hour), Status: kiosk.BookingNoShow})
		}
		r.tap("tile.rooms")
		r.scan(zhangCard)
	}},
	{"mentor types", func(r *rig) {
		r.tap("tile.mentor")
		r.scan(zhangCard)
	}},
	{"mentor list", func(r *rig) {
		r.tap("tile.mentor")
		r.scan(zhangCard)
		r.tap("mentortype.academic")
	}},
	{"mentor week+error", func(r *rig) {
		r.tap("tile.mentor")
		r.scan(zhangCard)
		r.tap("mentortype.career")
		r.tap("mentor.m-zhao")
		r.tap("mslot.0306.0900")
		r.appts.AddAppointment(kiosk.Appointment{ID: "race", SlotID: slotID("m-zhao", tomorrow9), StudentKey: "x"})
		r.tap("mentor.book")
	}},
	{"mentor done", func(r *rig) {
		r.tap("tile.mentor")
		r.scan(zhangCard)
		r.tap("mentortype.leader")
		r.tap("mentor.m-chen")
		r.tap("mslot.0306.1000")
		r.tap("mentor.book")
	}},
	{"my appointments", func(r *rig) {
		for i, id := range []string{"m-wang", "m-li", "m-lin", "m-zhao", "m-chen"} {
			r.appts.AddAppointment(kiosk.Appointment{ID: id, SlotID: slotID(id, tomorrow9.AddDate(0, 0, i)), StudentKey: zhangKey})
		}
		r.tap("tile.mentor")
		r.scan(zhangCard)
		r.tap("mentor.mine")
		r.tap("appt.cancel.0")
		r.tap("cancel.confirm")
	}},
	{"cancel appointment", func(r *rig) {
		r.appts.AddAppointment(kiosk.Appointment{ID: "a", SlotID: slotID("m-wang", at(15, 0)), StudentKey: zhangKey})
		r.tap("tile.mentor")
		r.scan(zhangCard)
		r.tap("mentor.mine")
		r.tap("appt.cancel.0")
	}},
	{"request category", func(r *rig) {
		r.tap("tile.requests")
		r.scan(zhangCard)
	}},
	{"request place", func(r *rig) {
		r.tap("tile.requests")
		r.scan(zhangCard)
		r.tap("reqcat.counselling_referral")
		r.keypad("123456")
	}},
	{"request presets+error", func(r *rig) {
		r.tap("tile.requests")
		r.scan(zhangCard)
		r.tap("reqcat.repair")
		r.tap("keypad.ok")
		r.tap("req.next")
		r.tap("preset.repair.water_leak")
		r.tap("req.next")
		r.tap("back")
		r.tap("req.next")
	}},
	{"request contact", func(r *rig) {
		r.tap("tile.requests")
		r.scan(zhangCard)
		r.tap("reqcat.dorm")
		r.tap("keypad.ok")
		r.tap("preset.dorm.noise")
		r.tap("req.next")
	}},
	{"request review+error", func(r *rig) {
		r.tap("tile.requests")
		r.scan(zhangCard)
		r.tap("reqcat.safety")
		r.keypad("101")
		r.tap("keypad.ok")
		for _, p := range kiosk.RequestPresets[kiosk.CategorySafety] {
			r.tap("preset." + p)
		}
		r.tap("req.next")
		r.tap("contact.phone")
		r.reqs.SetErr(kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.MsgErrStoreUnavailable, "locked"))
		r.tap("req.submit")
	}},
	{"request receipt", func(r *rig) {
		r.tap("tile.requests")
		r.scan(zhangCard)
		r.tap("reqcat.other")
		r.tap("keypad.ok")
		r.tap("preset.other.praise")
		r.tap("req.next")
		r.tap("contact.kiosk")
		r.tap("req.submit")
	}},
	{"my requests", func(r *rig) {
		for _, id := range []string{"a", "b", "c", "d", "e"} {
			r.reqs.Add(openRequest(id, kiosk.RequestInProgress, start.Add(-time.Hour)))
		}
		r.tap("tile.requests")
		r.scan(zhangCard)
		r.tap("req.mine")
	}},
	{"request rating+error", func(r *rig) {
		q := resolvedRequest()
		q.Notes = append(q.Notes, kiosk.RequestNote{At: start.Add(-time.Hour), Status: kiosk.RequestResolved,
			Text: "已更换灯管并检查了线路，如仍有问题请再次反映"})
		r.reqs.Add(q)
		r.tap("tile.requests")
		r.scan(zhangCard)
		r.tap("req.mine")
		r.tap("req.detail.0")
		r.tap("outcome.partly")
		r.tap("rate.submit")
	}},
	{"records", func(r *rig) {
		history(r)
		r.tap("tile.records")
		r.scan(zhangCard)
	}},
	{"records empty", func(r *rig) {
		r.tap("tile.records")
		r.scan(zhangCard)
	}},
	{"new PIN refused", func(r *rig) {
		r.tap("tile.records")
		r.scan(zhangCard)
		r.tap("records.newpin")
		r.keypad("123456")
		r.tap("keypad.ok")
	}},
}

// TestLayoutFits checks at the two target resolutions, in normal and
// large mode and in both languages, that every screen's minimum size fits
// the window, that named buttons are big enough to tap and do not overlap.
func TestLayoutFits(t *testing.T) {
	sizes := []fyne.Size{{Width: 1280, Height: 800}, {Width: 1920, Height: 1080}}
	if testing.Short() {
		sizes = sizes[:1] // the tighter screen; the full run checks both
	}
	for _, size := range sizes {
		for _, large := range []bool{false, true} {
			for _, en := range []bool{false, true} {
				for _, sc := range screens {
					name := fmt.Sprintf("%vx%v/large=%v/en=%v/%s", size.Width, size.Height, large, en, sc.name)
					t.Run(name, func(t *testing.T) {
						r := newRig(t, announcements)
						r.win.Resize(size)
						if large {
							r.tap("largetext")
						}
						if en {
							r.tap("lang")
						}
						sc.goTo(r)
						checkLayout(t, r, size)
					})
				}
			}
		}
	}
}

func checkLayout(t *testing.T, r *rig, size fyne.Size) {
	t.Helper()
	if min := r.win.Canvas().Content().MinSize(); min.Width > size.Width || min.Height > size.Height {
		t.Errorf("content needs %v, window is %v", min, size)
	}
	type box struct {
		name     string
		pos, end fyne.Position
	}
	var boxes []box
	d := r.app.Driver()
	names := r.k.ButtonNames()
	// Language and text size on every screen; Home everywhere but home.
	home := slices.Contains(names, "tile.checkin")
	// The open desk has its own way home and its lock instead.
	homeward := slices.Contains(names, "home") || slices.Contains(names, "desk.lock")
	if !slices.Contains(names, "lang") || !slices.Contains(names, "largetext") || (!home && !homeward) {
		t.Errorf("screen lacks lang, largetext or home: %v", names)
	}
	if raw := rawIDs(r.text()); len(raw) > 0 {
		t.Errorf("untranslated message ids on screen: %v", raw)
	}
	for _, n := range names {
		b := r.k.Button(n)
		p := d.AbsolutePositionForObject(b)
		s := b.Size()
		if s.Height < 48 || s.Width < 48 {
			t.Errorf("%s is %v, smaller than a 48 px tap target", n, s)
		}
		end := p.Add(fyne.NewPos(s.Width, s.Height))
		if p.X < 0 || p.Y < 0 || end.X > size.Width+0.5 || end.Y > size.Height+0.5 {
			t.Errorf("%s at %v–%v is outside the %v window", n, p, end, size)
		}
		if n != "idle.continue" { // the idle card covers the screen on purpose
			boxes = append(boxes, box{n, p, end})
		}
	}
	for i, a := range boxes {
		for _, b := range boxes[i+1:] {
			if a.pos.X < b.end.X-0.5 && b.pos.X < a.end.X-0.5 && a.pos.Y < b.end.Y-0.5 && b.pos.Y < a.end.Y-0.5 {
				t.Errorf("%s %v–%v overlaps %s %v–%v", a.name, a.pos, a.end, b.name, b.pos, b.end)
			}
		}
	}
}

// rawIDs finds message ids that were not translated: CamelCase words
// ("ApptPrivate") and dotted ids ("Facility.projector").
var rawID = regexp.MustCompile(`\b[A-Z][a-z]+[A-Z][A-Za-z]*\b|\b[A-Z][A-Za-z]+\.[a-z_.]+\b`)

func rawIDs(text string) []string { return rawID.FindAllString(text, -1) }
