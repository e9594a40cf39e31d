package ui

import (
	"context"
	"slices"

	"onestop/kiosk"
)

// RequestState is the request flow (接诉即办): category → place →
// descriptions → contact → review → receipt; my requests with details
// and the rating of a resolved one.
type RequestState struct {
	Category  kiosk.RequestCategory
	Building  string // building id
	Floor     int
	Room      string // room number digits, optional
	Presets   []string
	Contact   kiosk.ContactPref
	Pending   *kiosk.Request // built, not confirmed stored: a retry resends it
	Submitted *kiosk.Request

	Mine    []kiosk.Request
	Page    int
	Detail  string // id of the request whose details show
	Outcome kiosk.Outcome
	Stars   int
}

// Request screens' limits and page sizes.
const (
	MaxRoomDigits   = 6
	RequestPageSize = 4
	maxFloor        = 99 // when the building's floor count is unknown
)

// openRequests starts a request at the student's own building and floor.
func (f *Flow) openRequests() {
	f.S.Screen = ScreenRequestCategory
	rq := &f.S.Req
	if rq.Building == "" && f.S.Student != nil {
		rq.Building, rq.Floor = f.S.Student.BuildingID, max(f.S.Student.Floor, 1)
	}
}

// ChooseCategory picks the category; descriptions of another category
// are dropped, since they do not apply to this one.
func (f *Flow) ChooseCategory(c kiosk.RequestCategory) {
	f.S.clearMessages()
	rq := &f.S.Req
	if rq.Category != c {
		rq.Presets = slices.DeleteFunc(rq.Presets, func(p string) bool { return !slices.Contains(kiosk.RequestPresets[c], p) })
	}
	rq.Category = c
	f.S.Screen = ScreenRequestPlace
}

// PlaceBuildings returns the buildings the picker steps through: the
// Hall's list, or the student's own building alone.
func (f *Flow) PlaceBuildings() []kiosk.Building {
	if len(f.Buildings) > 0 {
		return f.Buildings
	}
	if b, ok := f.building(f.S.Req.Building); ok {
		return []kiosk.Building{b}
	}
	return nil
}

// StepBuilding moves the building picker by d, wrapping around.
func (f *Flow) StepBuilding(d int) {
	f.S.clearMessages()
	bs := f.PlaceBuildings()
	if len(bs) == 0 {
		return
	}
	i := slices.IndexFunc(bs, func(b kiosk.Building) bool { return b.ID == f.S.Req.Building })
	i = ((i+d)%len(bs) + len(bs)) % len(bs)
	f.S.Req.Building = bs[i].ID
	f.S.Req.Floor = min(f.S.Req.Floor, f.TopFloor())
}

// TopFloor is the chosen building's highest floor.
func (f *Flow) TopFloor() int {
	if b, ok := f.building(f.S.Req.Building); ok && b.Floors > 0 {
		return b.Floors
	}
	return maxFloor
}

// StepFloor moves the floor by d within 1 … TopFloor.
func (f *Flow) StepFloor(d int) {
	f.S.clearMessages()
	f.S.Req.Floor = min(max(f.S.Req.Floor+d, 1), f.TopFloor())
}

// RoomDigit types a room number digit.
func (f *Flow) RoomDigit(d rune) {
	f.S.clearMessages()
	if d >= '0' && d <= '9' && len(f.S.Req.Room) < MaxRoomDigits {
		f.S.Req.Room += string(d)
	}
}

// RoomBackspace removes the last room digit.
func (f *Flow) RoomBackspace() {
	f.S.clearMessages()
	if n := len(f.S.Req.Room); n > 0 {
		f.S.Req.Room = f.S.Req.Room[:n-1]
	}
}

// RoomClear empties the room number.
func (f *Flow) RoomClear() {
	f.S.clearMessages()
	f.S.Req.Room = ""
}

// PlaceDone goes on to the descriptions.
func (f *Flow) PlaceDone() {
	f.S.clearMessages()
	if f.S.Req.Building == "" {
		f.S.Fail(kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrRequestPlace, "no building"))
		return
	}
	f.S.Screen = ScreenRequestPresets
}

// TogglePreset selects or deselects a description.
func (f *Flow) TogglePreset(id string) {
	f.S.clearMessages()
	rq := &f.S.Req
	if i := slices.Index(rq.Presets, id); i >= 0 {
		rq.Presets = slices.Delete(rq.Presets, i, i+1)
	} else if slices.Contains(kiosk.RequestPresets[rq.Category], id) {
		rq.Presets = append(rq.Presets, id)
	}
}

// PresetsDone goes on to the contact choice; at least one description
// is needed.
func (f *Flow) PresetsDone() {
	f.S.clearMessages()
	if len(f.S.Req.Presets) == 0 {
		f.S.Fail(kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrRequestPresets, "no description"))
		return
	}
	f.S.Screen = ScreenRequestContact
}

// ChooseContact picks how to hear back and shows the review.
func (f *Flow) ChooseContact(c kiosk.ContactPref) {
	f.S.clearMessages()
	f.S.Req.Contact = c
	f.S.Screen = ScreenRequestReview
}

// Draft is the request as composed so far.
func (f *Flow) Draft() kiosk.Request {
	rq := &f.S.Req
	return kiosk.Request{Category: rq.Category, BuildingID: rq.Building, Floor: rq.Floor, Room: rq.Room,
		Presets: slices.Clone(rq.Presets), Contact: rq.Contact}
}

// SubmitRequest stores the request. A retry after a failure resends the
// same request (same id, ticket and token) unless the draft changed.
func (f *Flow) SubmitRequest(ctx context.Context) {
	f.S.clearMessages()
	rq := &f.S.Req
	d := f.Draft()
	r := rq.Pending
	if r == nil || !sameDraft(*r, d) {
		var err error
		r, err = kiosk.NewRequest(f.d.IDs, f.d.Clock, f.Settings, f.S.Student, f.Settings.HallID, d)
		if err != nil {
			f.S.Fail(err)
			return
		}
		r.AssistedBy = f.S.AssistedBy
	}
	rq.Pending = r
	if err := f.d.Requests.SubmitRequest(ctx, r); err != nil {
		f.S.Fail(err)
		return
	}
	rq.Pending, rq.Submitted = nil, r
	f.S.Screen = ScreenRequestDone
}

func sameDraft(a, b kiosk.Request) bool {
	return a.Category == b.Category && a.BuildingID == b.BuildingID && a.Floor == b.Floor && a.Room == b.Room &&
		slices.Equal(a.Presets, b.Presets) && a.Contact == b.Contact
}

// OpenMyRequests lists the student's requests, newest first.
func (f *Flow) OpenMyRequests(ctx context.Context) {
	f.S.clearMessages()
	f.S.Screen = ScreenMyRequests
	f.loadRequests(ctx)
}

func (f *Flow) loadRequests(ctx context.Context) {
	rs, err := f.d.Requests.RequestsOf(ctx, f.studentKey())
	if err != nil {
		f.S.Fail(err)
		return
	}
	f.S.Req.Mine = rs
}

// RequestDetails shows request id's details after strong identification
// or the PIN.
func (f *Flow) RequestDetails(ctx context.Context, id string) {
	f.unlock(ctx, UnlockRequestDetail, id)
}

// showRequest shows request id as stored now: handlers may have moved
// it on since the list was read.
func (f *Flow) showRequest(ctx context.Context, id string) {
	f.loadRequests(ctx)
	rq := &f.S.Req
	if rq.Detail != id {
		rq.Outcome, rq.Stars = "", 0
	}
	rq.Detail = id
	f.S.Screen = ScreenRequestDetail
}

// DetailRequest returns the request whose details show.
func (f *Flow) DetailRequest() *kiosk.Request {
	rq := &f.S.Req
	if i := slices.IndexFunc(rq.Mine, func(r kiosk.Request) bool { return r.ID == rq.Detail }); i >= 0 {
		return &rq.Mine[i]
	}
	return nil
}

// ChooseOutcome and ChooseStars compose the rating of a resolved request.
func (f *Flow) ChooseOutcome(o kiosk.Outcome) {
	f.S.clearMessages()
	f.S.Req.Outcome = o
}

// ChooseStars sets the 1–5 star rating.
func (f *Flow) ChooseStars(n int) {
	f.S.clearMessages()
	f.S.Req.Stars = n
}

// RateRequest sends the rating; "not solved" reopens the request. The
// choices stay on a refusal.
func (f *Flow) RateRequest(ctx context.Context) {
	f.S.clearMessages()
	rq := &f.S.Req
	r := f.DetailRequest()
	if r == nil {
		return
	}
	if rq.Outcome == "" || rq.Stars < 1 || rq.Stars > 5 {
		f.S.Fail(kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrRating, "rating incomplete"))
		return
	}
	got, err := f.d.Requests.RateRequest(ctx, f.studentKey(), r.ID, rq.Outcome, rq.Stars)
	if err != nil {
		f.S.Fail(err)
		return
	}
	*r = *got
	id := "RatedThanks"
	if got.Status == kiosk.RequestReopened {
		id = "RatedReopened"
	}
	f.S.Notice = &Message{ID: id, Data: map[string]any{"Due": got.DueAt}}
	rq.Outcome, rq.Stars = "", 0
}
