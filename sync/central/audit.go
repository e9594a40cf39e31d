package central

import (
	"context"
	"encoding/json"
	"time"
)

// The audit log: every change an admin makes, kept by the store in the
// same transaction as the change.

// AuditStore reads the audit log.
type AuditStore interface {
	// AuditLog calls fn for each entry f picks, newest first; it streams,
	// so an export of the whole log holds one entry at a time.
	AuditLog(ctx context.Context, f AuditFilter, fn func(AuditEntry) error) error
}

type actorKey struct{}

// WithActor returns ctx naming who acts ("admin:ada", "cli"): the store
// records each change made under it in the audit log.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// Actor is the ctx's actor, "" for none (a kiosk's push, the store's
// own upkeep), whose changes the log leaves out.
func Actor(ctx context.Context) string {
	s, _ := ctx.Value(actorKey{}).(string)
	return s
}

// AuditEntry is one change: who, when, what, before → after (JSON, null
// for a create's before or a delete's after).
type AuditEntry struct {
	ID       int64
	At       time.Time
	Actor    string
	HallID   string // "" for campus-wide changes
	Entity   string // "room", "settings", "admin", "kiosk", "roster", …
	EntityID string
	Op       string // "put", "delete" or the action's name
	Before   json.RawMessage
	After    json.RawMessage
}

// AuditFilter picks entries; zero fields match all. Halls limits to
// those halls' entries (nil: every hall, campus-wide ones included).
type AuditFilter struct {
	Halls    []string
	Actor    string
	Entity   string
	EntityID string
	From, To time.Time // [From, To)
	BeforeID int64     // paging: entries older than this id
	Limit    int       // 0: no limit (export)
}
