// Package wire holds the JSON types of the kiosk ↔ central protocol,
// version 1 (../shared/PROTOCOL.md; every field is documented in
// docs/protocol.md). Both the kiosk's syncer and the central server
// speak only these types on the network.
package wire

import (
	"encoding/json"
	"time"

	"onestop/kiosk"
)

// Version is the protocol version this package speaks.
const Version = "1"

// HeaderVersion carries Version on every request.
const HeaderVersion = "X-Onestop-Protocol"

// Limits of one push.
const (
	MaxMutations = 500
	MaxPushBytes = 1 << 20
	MaxPullLimit = 500
)

// MaxWait is the longest long poll a pull may ask for (wait=N seconds,
// 1 to MaxWait): under the 60 s a proxy commonly allows an idle answer.
const MaxWait = 30

// EnrollRequest trades a one-time enrollment code for a kiosk token.
type EnrollRequest struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// EnrollResponse identifies the new kiosk; Token goes in every later
// request as "Authorization: Bearer <token>".
type EnrollResponse struct {
	KioskID string `json:"kiosk_id"`
	Token   string `json:"token"`
	HallID  string `json:"hall_id"`
}

// Mutation is one outbox entry on the wire.
type Mutation struct {
	Seq     int64           `json:"seq"`
	ID      string          `json:"id"`
	Kind    string          `json:"kind"`
	At      time.Time       `json:"at"`
	Payload json.RawMessage `json:"payload"`
}

// PushRequest sends outbox entries in seq order.
type PushRequest struct {
	KioskID   string     `json:"kiosk_id"`
	Mutations []Mutation `json:"mutations"`
}

// Result statuses. Rejected and conflict are final business outcomes and
// are never retried.
const (
	StatusApplied   = "applied"
	StatusDuplicate = "duplicate"
	StatusRejected  = "rejected"
	StatusConflict  = "conflict"
)

// Result is central's answer to one mutation. For a duplicate, Stored
// is the status the first answer gave (applied, rejected or conflict),
// and Code, MessageID and Entity are that answer's.
type Result struct {
	Seq       int64  `json:"seq"`
	Status    string `json:"status"`
	Stored    string `json:"stored_status,omitempty"`
	Code      string `json:"code,omitempty"`
	MessageID string `json:"message_id,omitempty"`
	// Field names the input at fault of a rejected invalid mutation.
	Field  string          `json:"field,omitempty"`
	Entity json.RawMessage `json:"entity,omitempty"`
}

// PushResponse answers a push; LastSeq is the highest seq central has
// applied for the kiosk.
type PushResponse struct {
	Results []Result `json:"results"`
	LastSeq int64    `json:"last_seq"`
}

// Change ops.
const (
	OpUpsert = "upsert"
	OpDelete = "delete"
)

// Entity names in the change feed.
const (
	EntitySettings     = "settings"
	EntityAnnouncement = "announcement"
	EntityBuilding     = "building"
	EntityEvent        = "event"
	EntityRoom         = "room"
	EntityMentor       = "mentor"
	EntityMentorSlot   = "mentor_slot"
	EntityStudent      = "student"
	EntityBooking      = "booking"
	EntityAppointment  = "appointment"
	EntityRequest      = "request"
	EntityVolunteer    = "volunteer"
	EntityShift        = "shift"
	EntityAttendance   = "attendance"
	EntityVisit        = "visit"
	EntityRelease      = "release"       // onestop/update.Release: a signed kiosk release and its rollout
	EntityKioskCommand = "kiosk_command" // kiosk.KioskCommand: the console's asks of one kiosk
)

// Entities lists every entity name the feed carries; docs/protocol.md
// documents each one's data (a test checks).
var Entities = []string{
	EntitySettings, EntityAnnouncement, EntityBuilding, EntityEvent, EntityRoom, EntityMentor,
	EntityMentorSlot, EntityStudent, EntityBooking, EntityAppointment, EntityRequest, EntityVolunteer,
	EntityShift, EntityAttendance, EntityVisit, EntityRelease, EntityKioskCommand,
}

// Change is one entity's new state (or its deletion) in the feed.
type Change struct {
	Entity string          `json:"entity"`
	Op     string          `json:"op"`
	ID     string          `json:"id"`
	Data   json.RawMessage `json:"data,omitempty"`
}

// PullResponse is one page of the change feed. Reset means the kiosk
// must replace its cache with the snapshot that follows.
type PullResponse struct {
	Changes    []Change `json:"changes"`
	NextCursor string   `json:"next_cursor"`
	HasMore    bool     `json:"has_more"`
	Reset      bool     `json:"reset"`
}

// Heartbeat tells central how a kiosk is doing.
type Heartbeat struct {
	Version         string    `json:"version"`
	OutboxPending   int       `json:"outbox_pending"`
	OldestPendingAt time.Time `json:"oldest_pending_at,omitzero"`
	LastPullAt      time.Time `json:"last_pull_at,omitzero"`
	// LastError is the kiosk's last failed sync ("" after a good one),
	// at most MaxHeartbeatError characters.
	LastError string `json:"last_error,omitempty"`
	// Software updates (onestop/update): the last manifest the kiosk
	// accepted and its last update failure ("" after a good one, a
	// refusal as "reason: detail"), at most MaxHeartbeatError characters.
	ManifestSeq int64  `json:"manifest_seq,omitempty"`
	UpdateError string `json:"update_error,omitempty"`
}

// MaxHeartbeatError bounds a heartbeat's last_error.
const MaxHeartbeatError = 500

// HeartbeatResponse answers a heartbeat with the server's clock, so a
// kiosk can show how far its own clock is off, and the highest seq
// central has applied for the kiosk. A kiosk that knows more of its
// entries were answered (central was restored from a backup) sends
// those again. Absent from centrals before it: nil, nothing to compare.
type HeartbeatResponse struct {
	ServerTime time.Time `json:"server_time"`
	LastSeq    *int64    `json:"last_seq,omitempty"`
}

// Error is the body of every non-2xx answer on /api.
type Error struct {
	Error ErrorBody `json:"error"`
}

// ErrorBody says what went wrong; Field names the offending field of a
// 400, ExpectedSeq the seq central wants after a seq_gap.
type ErrorBody struct {
	Code        string `json:"code"`
	Message     string `json:"message"`
	Field       string `json:"field,omitempty"`
	ExpectedSeq int64  `json:"expected_seq,omitempty"`
}

// Protocol error codes beyond the domain's (kiosk.E*).
const (
	CodeSeqGap   = "seq_gap"
	CodeVersion  = "version"
	CodeTooLarge = "too_large"
	CodeBusy     = "too_many_requests"
	CodeMethod   = "method_not_allowed"
)

// Mutation kinds of the volunteer desk. The student-service kinds are
// kiosk.Kind*; these two are named here until the kiosk queues them.
const (
	KindShiftStart = kiosk.KindShiftStart
	KindShiftEnd   = kiosk.KindShiftEnd
)

// Mutation kinds of the desk's shift cap and its correction (issue 11).
const (
	KindShiftCap     = kiosk.KindShiftCap
	KindShiftCorrect = kiosk.KindShiftCorrect
)

// Kinds lists every mutation kind central applies; docs/protocol.md
// documents each one's payload (a test checks).
var Kinds = []string{
	kiosk.KindVisitCheckin, kiosk.KindBookingCreate, kiosk.KindBookingCancel, kiosk.KindBookingCheckin,
	kiosk.KindAppointmentCreate, kiosk.KindAppointmentCancel, kiosk.KindAppointmentCheckin,
	kiosk.KindRequestCreate, kiosk.KindRequestRate, kiosk.KindEventCheckin, KindShiftStart, KindShiftEnd,
	kiosk.KindPINSet, kiosk.KindPINFail, KindShiftCap, KindShiftCorrect,
	kiosk.KindAppointmentQueue,
}
