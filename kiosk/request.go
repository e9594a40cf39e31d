package kiosk

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"io"
	"strings"
	"time"
)

// RequestCategory sorts requests (接诉即办); each has its own deadline.
type RequestCategory string

const (
	CategoryRepair      RequestCategory = "repair"
	CategorySafety      RequestCategory = "safety"
	CategoryDorm        RequestCategory = "dorm"
	CategoryStudy       RequestCategory = "study"
	CategoryCatering    RequestCategory = "catering"
	CategoryNetwork     RequestCategory = "network"
	CategoryCounselling RequestCategory = "counselling_referral"
	CategoryOther       RequestCategory = "other"
)

// RequestCategories in the order the kiosk offers them: safety first.
var RequestCategories = []RequestCategory{
	CategorySafety, CategoryRepair, CategoryDorm, CategoryNetwork,
	CategoryCatering, CategoryStudy, CategoryCounselling, CategoryOther,
}

// RequestPresets are the descriptions a student picks from, per category:
// the kiosk needs no free typing. Each id is translated as "Preset.<id>";
// free text is added later on the phone through the status page.
var RequestPresets = map[RequestCategory][]string{
	CategorySafety:      {"safety.electrical", "safety.fire_exit", "safety.stranger", "safety.gas_smell", "safety.broken_glass", "safety.other"},
	CategoryRepair:      {"repair.light", "repair.water_leak", "repair.door_lock", "repair.air_con", "repair.socket", "repair.furniture", "repair.toilet", "repair.other"},
	CategoryDorm:        {"dorm.noise", "dorm.hygiene", "dorm.roommate", "dorm.room_change", "dorm.laundry", "dorm.other"},
	CategoryNetwork:     {"network.no_wifi", "network.slow", "network.wired_port", "network.account", "network.other"},
	CategoryCatering:    {"catering.quality", "catering.price", "catering.hygiene", "catering.hours", "catering.other"},
	CategoryStudy:       {"study.room_noise", "study.seats", "study.printer", "study.hours", "study.other"},
	CategoryCounselling: {"counselling.talk", "counselling.stress", "counselling.referral", "counselling.other"},
	CategoryOther:       {"other.suggestion", "other.praise", "other.other"},
}

// RequestStatus follows the 接诉即办 loop: report → dispatch → feedback
// by the deadline → follow-up with the student's rating.
type RequestStatus string

const (
	RequestSubmitted  RequestStatus = "submitted"
	RequestAccepted   RequestStatus = "accepted"
	RequestDispatched RequestStatus = "dispatched"
	RequestInProgress RequestStatus = "in_progress"
	RequestResolved   RequestStatus = "resolved"
	RequestClosed     RequestStatus = "closed" // rated by the student
	RequestRejected   RequestStatus = "rejected"
	RequestReopened   RequestStatus = "reopened"
)

// Open reports whether handlers still owe the student an answer.
func (s RequestStatus) Open() bool {
	switch s {
	case RequestResolved, RequestClosed, RequestRejected:
		return false
	}
	return true
}

// ContactPref is how the student wants to hear back.
type ContactPref string

const (
	ContactKiosk ContactPref = "kiosk" // I will look at the kiosk or the status page
	ContactPhone ContactPref = "phone" // call me (number on file centrally)
	ContactSMS   ContactPref = "sms"
	ContactVisit ContactPref = "visit" // come to my room
)

// ContactPrefs in the order the kiosk offers them.
var ContactPrefs = []ContactPref{ContactKiosk, ContactSMS, ContactPhone, ContactVisit}

// Outcome is the student's verdict on a resolved request.
type Outcome string

const (
	OutcomeSolved    Outcome = "solved"
	OutcomePartly    Outcome = "partly"
	OutcomeNotSolved Outcome = "not_solved" // reopens the request
)

// RequestNote is a handler's note, shown to the student.
type RequestNote struct {
	At     time.Time     `json:"at"`
	Status RequestStatus `json:"status"`
	Text   string        `json:"text"`
}

// Request is a report or complaint (接诉即办).
type Request struct {
	ID          string          `json:"id"`
	Ticket      string          `json:"ticket"` // short number people read out
	Token       string          `json:"token"`  // ≥128-bit secret in the status page URL
	StudentKey  string          `json:"student"`
	HallID      string          `json:"hall_id"`
	Category    RequestCategory `json:"category"`
	BuildingID  string          `json:"building_id"`
	Floor       int             `json:"floor"`
	Room        string          `json:"room,omitempty"` // room number within the floor, e.g. "512"
	Presets     []string        `json:"presets"`
	Contact     ContactPref     `json:"contact"`
	Status      RequestStatus   `json:"status"`
	SubmittedAt time.Time       `json:"submitted_at"`
	DueAt       time.Time       `json:"due_at"`
	Notes       []RequestNote   `json:"notes,omitempty"`
	Outcome     Outcome         `json:"outcome,omitempty"`
	Rating      int             `json:"rating,omitempty"`
	AssistedBy  string          `json:"assisted_by,omitempty"`
	// What central's handlers add (the console's 接诉即办 board): the
	// unit it is dispatched to, when it was first answered and by when
	// it had to be, when it was resolved, the follow-up (回访) that
	// counts for the rates, and whether the hall opened it itself
	// (未诉先办) rather than a student.
	UnitID        string    `json:"unit_id,omitempty"`
	ResponseDueAt time.Time `json:"response_due_at,omitzero"`
	RespondedAt   time.Time `json:"responded_at,omitzero"`
	ResolvedAt    time.Time `json:"resolved_at,omitzero"`
	FollowUp      *FollowUp `json:"follow_up,omitempty"`
	Proactive     bool      `json:"proactive,omitempty"`
	SyncState     string    `json:"-"`
}

// Satisfaction is how served the student felt, as a follow-up asks it.
type Satisfaction string

const (
	Satisfied          Satisfaction = "satisfied"
	BasicallySatisfied Satisfaction = "basically" // counts k × (setting, 0.9 by default) in 满意率
	NotSatisfied       Satisfaction = "not_satisfied"
)

// FollowUp (回访) is the student's answer after resolution: given by the
// student on a kiosk or the phone (By "student"), or taken by an admin
// on a call (By "admin:<name>"). Not contacted means no answer counts.
type FollowUp struct {
	At        time.Time    `json:"at"`
	By        string       `json:"by"`
	Contacted bool         `json:"contacted"`
	Solved    Outcome      `json:"solved,omitempty"`
	Satisfied Satisfaction `json:"satisfied,omitempty"`
}

// Overdue reports whether handlers missed the deadline.
func (r *Request) Overdue(now time.Time) bool {
	return r.Status.Open() && !r.DueAt.IsZero() && now.After(r.DueAt)
}

var ticketEnc = base32.NewEncoding(tokenAlphabet).WithPadding(base32.NoPadding)

// NewTicket returns a ticket number such as "R1125-7KQ3M": the date
// people recognise and five random characters without 0/O or 1/I, so
// kiosks need no coordination to keep tickets apart in practice.
func NewTicket(r io.Reader, now time.Time) (string, error) {
	b, err := randomBytes(r, 4)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("R%s-%s", now.Format("0102"), ticketEnc.EncodeToString(b)[:5]), nil
}

// The status-page alphabet: no 0/O or 1/I, so a token read out or typed
// from paper survives.
const tokenAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// tokenLen is NewToken's length: 20 random bytes in base 32.
const tokenLen = 32

// ValidToken reports whether s has NewToken's format: central refuses
// any other, so a status-page URL is never a kiosk's free text.
func ValidToken(s string) bool { return len(s) == tokenLen && inAlphabet(s) }

// ValidTicket reports whether s has NewTicket's format, "R1125-7KQ3M".
func ValidTicket(s string) bool {
	if len(s) != 11 || s[0] != 'R' || s[5] != '-' {
		return false
	}
	for _, c := range s[1:5] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return inAlphabet(s[6:])
}

func inAlphabet(s string) bool {
	for _, c := range s {
		if !strings.ContainsRune(tokenAlphabet, c) {
			return false
		}
	}
	return true
}

// clipped keeps an echoed value short in an error message.
func clipped(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// NewToken returns a URL-safe secret with 160 bits of randomness for a
// public status page.
func NewToken(r io.Reader) (string, error) {
	b, err := randomBytes(r, 20)
	if err != nil {
		return "", err
	}
	return ticketEnc.EncodeToString(b), nil
}

func randomBytes(r io.Reader, n int) ([]byte, error) {
	if r == nil {
		r = rand.Reader
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, fmt.Errorf("read random bytes: %w", err)
	}
	return b, nil
}
