package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"onestop/sync/central"
)

// audit records one change under the transaction's actor (see
// central.WithActor); without an actor (a kiosk's push, upkeep) it
// records nothing. before and after are JSON-marshalled unless they are
// already JSON; nil stands for none (a create's before, a delete's
// after). Entity writes through put and del are audited there; other
// changes (roles, kiosks, roster batches) call it themselves.
func (t *txn) audit(hallID, entity, id, op string, before, after any) error {
	if !t.auditing() {
		return nil
	}
	b, err := auditJSON(before)
	if err != nil {
		return err
	}
	a, err := auditJSON(after)
	if err != nil {
		return err
	}
	return t.later(`
		INSERT INTO audit_log (
			at,
			actor,
			hall_id,
			entity,
			entity_id,
			op,
			before,
			after
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		t.now.UnixNano(), central.Actor(t.ctx), hallID, entity, id, op, b, a)
}

// auditJSON is v as JSON text, nil for none.
func auditJSON(v any) (*string, error) {
	var data []byte
	switch v := v.(type) {
	case nil:
		return nil, nil
	case json.RawMessage:
		if v == nil {
			return nil, nil
		}
		data = v
	default:
		var err error
		if data, err = json.Marshal(v); err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
	}
	s := string(data)
	return &s, nil
}

// auditing reports whether this transaction's changes are logged one by
// one: under an actor, unless a batch logs itself as a whole (summary).
func (t *txn) auditing() bool { return !t.summary && central.Actor(t.ctx) != "" }

// AuditLog implements central.AuditStore.
func (db *DB) AuditLog(ctx context.Context, f central.AuditFilter, fn func(central.AuditEntry) error) error {
	var where []string
	var args []any
	if f.Halls != nil {
		if len(f.Halls) == 0 {
			return nil
		}
		where = append(where, "hall_id IN (?"+strings.Repeat(", ?", len(f.Halls)-1)+")")
		for _, h := range f.Halls {
			args = append(args, h)
		}
	}
	for _, c := range []struct{ col, v string }{{"actor", f.Actor}, {"entity", f.Entity}, {"entity_id", f.EntityID}} {
		if c.v != "" {
			where = append(where, c.col+" = ?")
			args = append(args, c.v)
		}
	}
	if !f.From.IsZero() {
		where = append(where, "at >= ?")
		args = append(args, f.From.UnixNano())
	}
	if !f.To.IsZero() {
		where = append(where, "at < ?")
		args = append(args, f.To.UnixNano())
	}
	if f.BeforeID > 0 {
		where = append(where, "id < ?")
		args = append(args, f.BeforeID)
	}
	q := `
		SELECT
			id,
			at,
			actor,
			hall_id,
			entity,
			entity_id,
			op,
			before,
			after
		FROM audit_log`
	if len(where) > 0 {
		q += "\n\t\tWHERE " + strings.Join(where, "\n\t\t\tAND ")
	}
	q += "\n\t\tORDER BY id DESC"
	if f.Limit > 0 {
		q += fmt.Sprintf("\n\t\tLIMIT %d", f.Limit)
	}
	rows, err := db.r.QueryContext(ctx, db.q(q), args...)
	if err != nil {
		return db.wrap("audit log", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e central.AuditEntry
		var at int64
		var before, after sql.NullString
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.HallID, &e.Entity, &e.EntityID, &e.Op, &before, &after); err != nil {
			return db.wrap("audit log", err)
		}
		e.At = time.Unix(0, at).UTC()
		if before.Valid {
			e.Before = json.RawMessage(before.String)
		}
		if after.Valid {
			e.After = json.RawMessage(after.String)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return db.wrap("audit log", rows.Err())
}
