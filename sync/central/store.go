// Package central is the central server's storage contract: the Store
// the kiosk API, the admin API, the public pages and the admin CLI work
// on, the types it takes and returns, the change feed's Cursor and how
// secrets are stored. sqlitestore and pgstore implement it and pass the
// one contract suite in storetest; they need nothing else from central.
// The HTTP server is in server (the public pages in server/public), what
// admins do in admin, the `central admin` commands in admincli and the
// demo campus's seeding in centraldemo.
package central

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"onestop/kiosk"
)

// Store is everything the server keeps. Every exported method is one
// transaction; every write to an entity kiosks see appends the entity's
// new state (or a tombstone) to its hall's change feed in that same
// transaction. Business refusals are *kiosk.Error values.
type Store interface {
	CatalogStore
	RosterStore
	KioskStore
	FeedStore
	AdminStore
	AuditStore
	MentorLinkStore
	BoardStore
	EditorStore
	RatesStore
	RosterImportStore
	DashboardStore
	ShiftStore
	ReleaseStore
	FeedWatcher
	// Ready reports whether the store can serve: its database answers
	// and holds every migration this build knows, no fewer and no more
	// (the error says which is wrong).
	Ready(ctx context.Context) error
	Close() error
}

// CatalogStore holds what admins arrange per hall: the hall itself, its
// buildings, rooms, mentors and their slots, announcements, events and
// settings. Put* adds or replaces by id; Delete* of an unknown id is
// ENOTFOUND; deleting something that still holds bookings or
// appointments is ECONFLICT (deactivate it instead).
type CatalogStore interface {
	PutHall(ctx context.Context, h Hall) error
	DeleteHall(ctx context.Context, id string) error
	Halls(ctx context.Context) ([]Hall, error)
	PutBuilding(ctx context.Context, hallID string, b kiosk.Building) error
	DeleteBuilding(ctx context.Context, id string) error
	PutRoom(ctx context.Context, hallID string, r kiosk.Room) error
	DeleteRoom(ctx context.Context, id string) error
	PutMentor(ctx context.Context, hallID string, m kiosk.Mentor) error
	DeleteMentor(ctx context.Context, id string) error
	// PutMentorSlot files the slot under its mentor's hall.
	PutMentorSlot(ctx context.Context, s kiosk.MentorSlot) error
	DeleteMentorSlot(ctx context.Context, id string) error
	PutAnnouncement(ctx context.Context, hallID string, a kiosk.Announcement) error
	DeleteAnnouncement(ctx context.Context, id string) error
	PutEvent(ctx context.Context, hallID string, e kiosk.Event) error
	DeleteEvent(ctx context.Context, id string) error
	// SetSettings merges kv into the hall's settings; an empty value
	// removes the key (the kiosk falls back to the default).
	SetSettings(ctx context.Context, hallID string, kv map[string]string) error
	Settings(ctx context.Context, hallID string) (map[string]string, error)
	// Entity returns the current state of one entity as kiosks see it.
	Entity(ctx context.Context, entity, id string) (hallID string, data json.RawMessage, err error)
}

// RosterStore holds the students, identified only by salted hashes.
type RosterStore interface {
	// Salt is the campus-wide roster salt, created with the database.
	Salt(ctx context.Context) ([]byte, error)
	// PutStudents adds or replaces students by key; each goes to the
	// feed of the hall its building belongs to. An unknown building
	// refuses the whole batch.
	PutStudents(ctx context.Context, ss []Student) error
	DeleteStudent(ctx context.Context, key string) error
	// SetStudentPIN stores a PIN hash for the student (an imported PIN,
	// hashed late) and sends it to the student's hall.
	SetStudentPIN(ctx context.Context, key, hash string) error
	// UpdateRequest is a handler's step in the request loop.
	UpdateRequest(ctx context.Context, id string, u RequestUpdate) (kiosk.Request, error)
	// RequestByToken finds a request by its status-page token.
	RequestByToken(ctx context.Context, token string) (kiosk.Request, error)
	// AddRequestDetail attaches what the student added on the phone;
	// ELIMIT after MaxRequestDetails of them.
	AddRequestDetail(ctx context.Context, token string, d RequestDetail) error
	RequestDetails(ctx context.Context, requestID string) ([]RequestDetail, error)
	Appointment(ctx context.Context, id string) (kiosk.Appointment, error)
	// ImportHistory stores students' records as they are (a migration,
	// the demo): no rules apply, but a second holder of a room slot or
	// a mentor slot is still refused.
	ImportHistory(ctx context.Context, hallID string, h History) error
}

// History is students' records brought in as they are.
type History struct {
	Bookings     []kiosk.Booking
	Appointments []kiosk.Appointment
	Requests     []kiosk.Request
	Visits       []kiosk.Visit
	Attendance   []kiosk.Attendance
	Shifts       []kiosk.Shift
}

// KioskStore enrolls kiosks and takes what they push.
type KioskStore interface {
	CreateEnrollCode(ctx context.Context, codeHash, hallID string, expires time.Time) error
	// Enroll redeems an unexpired, unused code (ENOTFOUND otherwise,
	// telling nothing about why) and registers k in the code's hall.
	Enroll(ctx context.Context, codeHash string, k Kiosk, tokenHash string) (Kiosk, error)
	KioskByToken(ctx context.Context, tokenHash string) (Kiosk, error)
	Kiosks(ctx context.Context) ([]Kiosk, error)
	// Heartbeat records h and returns the kiosk's last applied seq.
	Heartbeat(ctx context.Context, kioskID string, h Health) (int64, error)
	// RevokeKiosk stops a kiosk's token working; ENOTFOUND if unknown.
	RevokeKiosk(ctx context.Context, id string) error
	// AskKiosk asks kiosk id to sync now or restart at its next idle
	// moment (kiosk.AskSync, kiosk.AskRestart): the kiosk_command entity
	// in its hall's feed counts one more ask. ENOTFOUND if unknown.
	AskKiosk(ctx context.Context, id, what string) (kiosk.KioskCommand, error)
	// Push applies ms, consecutive seqs in order, exactly once per
	// (kiosk, seq): seqs already applied return their stored result as
	// duplicates, a first seq beyond last+1 is a *SeqGapError.
	Push(ctx context.Context, k Kiosk, ms []kiosk.Mutation) (PushResult, error)
	// ReleaseNoShows releases bookings and appointments whose check-in
	// window closed unused, as of the store's clock and each hall's rules.
	ReleaseNoShows(ctx context.Context) (int, error)
}

// FeedStore serves the per-hall change feed.
type FeedStore interface {
	// Changes returns the hall's changes after c. A zero cursor, one from
	// another database or one older than the retention horizon starts a
	// snapshot: Reset on its first page, then the hall's entities in
	// pages, then changes again.
	Changes(ctx context.Context, hallID string, c Cursor, limit int) (Page, error)
	// PruneChanges drops changes recorded before t; cursors older than
	// the newest pruned change then get a snapshot.
	PruneChanges(ctx context.Context, before time.Time) (int64, error)
}

// AdminStore keeps admin accounts and their sessions.
type AdminStore interface {
	PutAdmin(ctx context.Context, name, passwordHash string) error
	AdminPasswordHash(ctx context.Context, name string) (string, error)
	// SetAdminRole gives an admin a role (RoleCampus, RoleHall with the
	// hall, RoleViewer); ENOTFOUND for an unknown admin.
	SetAdminRole(ctx context.Context, name, role, hallID string) error
	// AdminAccount returns an admin's name, role and hall.
	AdminAccount(ctx context.Context, name string) (AdminAccount, error)
	CreateAdminSession(ctx context.Context, tokenHash, name string, expires time.Time) error
	// AdminBySession returns the admin of an unexpired session.
	AdminBySession(ctx context.Context, tokenHash string) (string, error)
	// DeleteAdminSession ends a session (logout); an unknown one is no error.
	DeleteAdminSession(ctx context.Context, tokenHash string) error
}

// Admin roles of the console.
const (
	RoleCampus = "campus" // every hall
	RoleHall   = "hall"   // one hall (AdminAccount.HallID)
	RoleViewer = "viewer" // dashboards only, every hall
)

// AdminAccount is who an admin is to the console.
type AdminAccount struct {
	Name   string `json:"name"`
	Role   string `json:"role"`
	HallID string `json:"hall_id,omitempty"`
}

// Sees reports whether the account may see the hall's data.
func (a AdminAccount) Sees(hallID string) bool { return a.Role != RoleHall || a.HallID == hallID }

// Changes reports whether the account may change the hall's data.
func (a AdminAccount) Changes(hallID string) bool { return a.Role != RoleViewer && a.Sees(hallID) }

// Hall is one service hall; its kiosks see only its data. TimeZone is
// an IANA name ("" means kiosk.DefaultZone): the hall's days, weeks,
// opening hours and every local time shown are counted in it.
type Hall struct {
	ID       string          `json:"id"`
	Name     kiosk.LocalName `json:"name"`
	TimeZone string          `json:"time_zone,omitempty"`
}

// Zone is the hall's time zone name, the default when unset.
func (h Hall) Zone() string {
	if strings.TrimSpace(h.TimeZone) == "" {
		return kiosk.DefaultZone
	}
	return strings.TrimSpace(h.TimeZone)
}

// Validate checks a hall: an id, a name, a zone Go knows.
func (h Hall) Validate() error {
	if h.ID == "" || strings.TrimSpace(h.Name.Zh+h.Name.En) == "" {
		return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "hall needs an id and a name").WithField("name")
	}
	if _, err := kiosk.LoadZone(h.Zone()); err != nil {
		return err.(*kiosk.Error).WithField("time_zone")
	}
	return nil
}

// Kiosk is an enrolled touchscreen.
type Kiosk struct {
	ID         string    `json:"id"`
	HallID     string    `json:"hall_id"`
	Name       string    `json:"name"`
	EnrolledAt time.Time `json:"enrolled_at"`
	LastSeq    int64     `json:"last_seq"`
	LastSeenAt time.Time `json:"last_seen_at,omitzero"`
	Health     Health    `json:"health"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"` // its token no longer works
}

// Health is a kiosk's last heartbeat.
type Health struct {
	At              time.Time `json:"at,omitzero"`
	Version         string    `json:"version,omitempty"`
	OutboxPending   int       `json:"outbox_pending"`
	OldestPendingAt time.Time `json:"oldest_pending_at,omitzero"`
	LastPullAt      time.Time `json:"last_pull_at,omitzero"`
	LastError       string    `json:"last_error,omitempty"` // the kiosk's last failed sync
	// The last release manifest the kiosk accepted and its last failed
	// or refused update (onestop/update).
	ManifestSeq int64  `json:"manifest_seq,omitempty"`
	UpdateError string `json:"update_error,omitempty"`
}

// Student is a roster entry as central keeps and sends it: no plain
// identifier, a masked name and a PIN hash in the kiosk's PBKDF2 format.
type Student struct {
	Key        string   `json:"key"`
	CardKey    string   `json:"card_key,omitempty"`
	MaskedName string   `json:"masked_name"`
	BuildingID string   `json:"building_id"`
	Floor      int      `json:"floor"`
	Roles      []string `json:"roles"`
	PINHash    string   `json:"pin_hash,omitempty"`
	// PINLockedUntil ends a hall-wide lock of PIN entry after too many
	// wrong PINs (kiosk.RecordPINFailure).
	PINLockedUntil time.Time `json:"pin_locked_until,omitzero"`
}

// RequestUpdate is a handler's step: a new status (empty keeps it), a
// note shown to the student and a new deadline (zero keeps it).
type RequestUpdate struct {
	Status kiosk.RequestStatus
	Note   string
	DueAt  time.Time
}

// MaxRequestDetails caps what one status-page link can add, photos up to
// 5 MB each included: whoever holds the link cannot fill the disk.
const MaxRequestDetails = 20

// RequestDetail is what a student added on the status page.
type RequestDetail struct {
	At        time.Time
	Text      string
	Photo     []byte
	PhotoType string
}

// Result is central's answer to one mutation.
type Result struct {
	Seq       int64
	Status    string // wire.Status*
	Stored    string // for duplicates: the status first given
	Code      string
	MessageID string
	Field     string // the input at fault, for an invalid one
	Entity    json.RawMessage
}

// PushResult answers a push; LastSeq is the kiosk's highest applied seq.
type PushResult struct {
	Results []Result
	LastSeq int64
}

// SeqGapError says a push skipped seqs central has not seen.
type SeqGapError struct{ Expected int64 }

func (e *SeqGapError) Error() string { return fmt.Sprintf("seq gap: expected seq %d", e.Expected) }

// Change is one entity's new state, or its deletion, in a hall's feed.
type Change struct {
	Entity string
	Op     string // wire.OpUpsert or wire.OpDelete
	ID     string
	Data   json.RawMessage
}

// Page is one page of the change feed.
type Page struct {
	Changes []Change
	Next    Cursor
	HasMore bool
	Reset   bool
}
