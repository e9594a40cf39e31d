package kiosk

import (
	"context"
	"time"
)

// KioskIdentity is what enrollment gave this kiosk; the local store keeps
// it so later starts need no enrollment code.
type KioskIdentity struct {
	KioskID string
	Token   string // bearer token for every call after enrollment
	HallID  string
	Server  string // central's base URL
	// SeqBase is subtracted from local outbox seqs to number them for
	// central: a kiosk enrolled anew starts again at central's seq 1
	// while its local counter goes on.
	SeqBase int64
}

// Entity names of central's change feed (docs/protocol.md); sync/wire
// names the same strings for the network.
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
	EntityShift        = "shift"
	EntityAttendance   = "attendance"
	EntityVisit        = "visit"
	EntityRelease      = "release" // onestop/update.Release
	EntityKioskCommand = "kiosk_command"
)

// SettingRosterSalt carries the campus roster salt, in hex, inside the
// settings central sends.
const SettingRosterSalt = "roster.salt"

// Change is one entity's new state, or its deletion, as central sends
// it. Data is the entity's JSON: the domain type the entity names
// (Room, Booking, …), RosterRow for a student, a flat string map for
// settings; none for a delete.
type Change struct {
	Entity string
	ID     string
	Delete bool
	Data   []byte
}

// ChangePage is one page of central's feed, or several consecutive ones
// joined, and the cursor after the last; the store applies changes and
// cursor in one transaction. Reset replaces the cache of central's
// entities with what follows; only a batch's first page may carry it.
type ChangePage struct {
	Changes []Change
	Cursor  string
	Reset   bool
}

// ApplyStats says what applying a page did. Changes central sent that
// the kiosk cannot store (an unknown entity, data that does not decode
// or breaks a rule of the schema) are skipped, so one bad row never
// stalls the feed; Skipped names them for the log.
type ApplyStats struct {
	Applied int
	Skipped []string
}

// RosterRow is a student as central sends them: identifiers already
// hashed with the campus salt, the PIN as a VerifyPIN hash.
type RosterRow struct {
	Key        string   `json:"key"`
	CardKey    string   `json:"card_key,omitempty"`
	MaskedName string   `json:"masked_name"`
	BuildingID string   `json:"building_id"`
	Floor      int      `json:"floor"`
	Roles      []string `json:"roles"`
	PINHash    string   `json:"pin_hash,omitempty"`
	// PINLockedUntil ends a hall-wide lock of PIN entry after too many
	// wrong PINs on any kiosk (central counts them).
	PINLockedUntil time.Time `json:"pin_locked_until,omitzero"`
}

// PushResult is central's final answer to one outbox entry: State is
// OutboxApplied, OutboxRejected or OutboxConflict; Entity, when central
// sent it, is the entity as central now has it.
type PushResult struct {
	Seq       int64 // the local outbox seq
	State     string
	Code      string
	MessageID string
	Entity    []byte
}

// SyncHealth is what a heartbeat reports and the sync corner shows.
type SyncHealth struct {
	Pending         int
	OldestPendingAt time.Time
	LastPullAt      time.Time
	LastContact     time.Time
}

// SyncService is what the syncer needs from the local store. Every
// method is one transaction.
type SyncService interface {
	// KioskIdentity returns the enrollment; ENOTFOUND before the first.
	KioskIdentity(ctx context.Context) (KioskIdentity, error)
	// SaveKioskIdentity keeps id. Another kiosk id than the stored one
	// starts over: central's numbering from the first unanswered entry
	// and a fresh snapshot. It returns the identity as stored.
	SaveKioskIdentity(ctx context.Context, id KioskIdentity) (KioskIdentity, error)
	// PendingMutations returns up to limit unanswered entries in seq
	// order, consecutive from the oldest.
	PendingMutations(ctx context.Context, limit int) ([]Mutation, error)
	// Outbox returns entries after afterSeq whatever their state, for
	// a resend from the seq central expects.
	Outbox(ctx context.Context, afterSeq int64, limit int) ([]Mutation, error)
	// PruneOutbox deletes applied entries answered longer ago than the
	// retention period; until then they can be sent again to a central
	// restored from a backup. It returns how many went.
	PruneOutbox(ctx context.Context) (int, error)
	// RecordPushResults stores a pushed batch's answers together.
	RecordPushResults(ctx context.Context, rs []PushResult) error
	SyncCursor(ctx context.Context) (string, error)
	// ApplyChanges stores a page and its cursor together. A change that
	// clashes with an entry central has not answered yet (a slot this
	// kiosk holds pending) is ECONFLICT: push, then pull again.
	ApplyChanges(ctx context.Context, p ChangePage) (ApplyStats, error)
	// MarkContact records that central answered, now by the clock.
	MarkContact(ctx context.Context) error
	// SetOnline tells the sync corner whether the last sync worked.
	SetOnline(online bool)
	SyncHealth(ctx context.Context) (SyncHealth, error)
}

// SyncProgress is where the syncer is, for a progress bar during the
// first sync and any large pull. Central does not say how many changes
// a pull will bring, so Received counts up without a total.
type SyncProgress struct {
	Running  bool
	Pulling  bool
	Snapshot bool // the pull replaces the cache (first sync, or reset)
	Received int  // changes applied in the current pull
	Pushed   int  // entries answered in the current push
	Pending  int  // entries still unanswered
	Online   bool
	Err      string // the last sync's failure, "" after a good one
	At       time.Time
}
