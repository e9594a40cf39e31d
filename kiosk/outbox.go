package kiosk

import "time"

// Mutation kinds the kiosk pushes to central (PROTOCOL.md).
const (
	KindVisitCheckin = "visit.checkin"
)

// Outbox states. An entry is pending until central answers; its answer
// is final.
const (
	OutboxPending  = "pending"
	OutboxApplied  = "applied"
	OutboxRejected = "rejected"
	OutboxConflict = "conflict"
)

// Mutation is one outbox entry: something a student did, waiting to reach
// central exactly once. Seq is gap-free from 1 and assigned in the same
// transaction as the domain row.
type Mutation struct {
	Seq     int64
	ID      string // the entity's id
	Kind    string
	At      time.Time
	Payload []byte // JSON
	State   string
}
