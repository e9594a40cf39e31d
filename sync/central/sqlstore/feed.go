package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"onestop/kiosk"
	"onestop/sync/central/hub"
	"onestop/sync/wire"
)

// The change feed. Every write to an entity kiosks see goes through put
// or del, which keep the entity's current state in entities (what a
// snapshot pages through) and append the change to change_log (what an
// incremental pull reads), both in the writer's transaction.
//
// Ordering. A pull reads a hall's changes with id > cursor, so a change
// must never become visible after one with a higher id: a puller that
// already moved past it would skip it for ever. Sequence and identity
// values are handed out at insert time, not at commit, so two
// transactions on PostgreSQL can commit in the other order. We make id
// order commit order per hall: before its first append to a hall's log a
// transaction takes a lock on that hall (pg_advisory_xact_lock, see
// pgstore) that it holds until it commits. Any later appender gets its
// ids only after the earlier one has committed (PostgreSQL makes a commit
// visible before it releases the transaction's locks), so the ids a
// reader can see for a hall are always a prefix. Horizon filtering with
// xid8 and pg_snapshot_xmin would also work without serialising
// writers, but needs a second column and makes every pull wait for the
// oldest open transaction of any hall; per-hall serialisation costs
// little, because kiosks of one hall write a few changes a second and
// one push batch takes the lock once. On SQLite the single writer
// connection already serialises every transaction. Aborted transactions
// leave gaps in the ids, which pulls do not mind.

// Entity ranks order a snapshot so that what is referred to comes first.
var ranks = map[string]int{
	wire.EntitySettings: 0, wire.EntityBuilding: 1, wire.EntityRoom: 2, wire.EntityMentor: 3,
	wire.EntityMentorSlot: 4, wire.EntityEvent: 5, wire.EntityAnnouncement: 6, wire.EntityStudent: 7,
	wire.EntityBooking: 8, wire.EntityAppointment: 9, wire.EntityRequest: 10, wire.EntityAttendance: 11,
	wire.EntityVisit: 12, wire.EntityShift: 13, wire.EntityRelease: 14, wire.EntityKioskCommand: 15,
}

// put stores v as the entity's current state in hallID and appends the
// upsert to the hall's feed. An entity that moved from another hall
// (a student whose building changed hands) leaves a tombstone there.
func (t *txn) put(entity, id, hallID string, v any) (json.RawMessage, error) {
	if t.auditing() {
		return t.putAudited(entity, id, hallID, v)
	}
	old, err := t.entityHall(entity, id)
	if err != nil {
		return nil, err
	}
	if old != "" && old != hallID {
		if err := t.appendChange(old, entity, id, wire.OpDelete, nil); err != nil {
			return nil, err
		}
	}
	return t.write(entity, id, hallID, v)
}

// putNew is put for an entity known to be new (a create that found no
// entity with its id): it skips looking for a previous hall.
func (t *txn) putNew(entity, id, hallID string, v any) (json.RawMessage, error) {
	data, err := t.write(entity, id, hallID, v)
	if err != nil {
		return nil, err
	}
	return data, t.audit(hallID, entity, id, "put", nil, data)
}

// write stores the entity's new state and appends it to the hall's feed.
func (t *txn) write(entity, id, hallID string, v any) (json.RawMessage, error) {
	rank, ok := ranks[entity]
	if !ok {
		return nil, fmt.Errorf("put: unknown entity %q", entity)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("put %s %s: %w", entity, id, err)
	}
	delete(t.known, entityKey{entity, id})
	// An upsert on the only key cannot be refused: it can wait for the
	// next round trip.
	err = t.later(`
		INSERT INTO entities (
			entity,
			id,
			hall_id,
			rank,
			data
		) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (entity, id) DO UPDATE SET
			hall_id = excluded.hall_id,
			data = excluded.data`,
		entity,
		id,
		hallID,
		rank,
		string(data),
	)
	if err != nil {
		return nil, fmt.Errorf("put %s %s: %w", entity, id, err)
	}
	return data, t.appendChange(hallID, entity, id, wire.OpUpsert, data)
}

// putAudited is put under an actor: the audit log gets the entity's
// state before and after.
func (t *txn) putAudited(entity, id, hallID string, v any) (json.RawMessage, error) {
	old, before, err := t.raw(entity, id)
	if kiosk.ErrorCode(err) == kiosk.ENOTFOUND {
		old, before, err = "", nil, nil
	}
	if err != nil {
		return nil, err
	}
	if old != "" && old != hallID {
		if err := t.appendChange(old, entity, id, wire.OpDelete, nil); err != nil {
			return nil, err
		}
	}
	after, err := t.write(entity, id, hallID, v)
	if err != nil {
		return nil, err
	}
	return after, t.audit(hallID, entity, id, "put", before, after)
}

// del removes the entity and appends a tombstone to its hall's feed.
func (t *txn) del(entity, id string) error {
	hall, before, err := t.raw(entity, id)
	if err != nil {
		return err
	}
	if err := t.audit(hall, entity, id, "delete", before, nil); err != nil {
		return err
	}
	delete(t.known, entityKey{entity, id})
	if err := t.exec(`
		DELETE FROM entities
		WHERE entity = ?
			AND id = ?`, entity, id); err != nil {
		return err
	}
	return t.appendChange(hall, entity, id, wire.OpDelete, nil)
}

// entityHall returns the hall an entity is filed under, "" if none.
func (t *txn) entityHall(entity, id string) (string, error) {
	if e, ok := t.known[entityKey{entity, id}]; ok {
		if e == nil {
			return "", nil
		}
		return e.hall, nil
	}
	var hall string
	err := t.row(`
		SELECT
			hall_id
		FROM entities
		WHERE entity = ?
			AND id = ?`, entity, id).Scan(&hall)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return hall, err
}

// get decodes the entity's current state into v and returns its hall;
// ENOTFOUND when there is none.
func (t *txn) get(entity, id string, v any) (string, error) {
	hall, data, err := t.raw(entity, id)
	if err != nil {
		return "", err
	}
	return hall, json.Unmarshal(data, v)
}

// raw returns the entity's hall and current JSON; ENOTFOUND when none.
func (t *txn) raw(entity, id string) (string, json.RawMessage, error) {
	if e, ok := t.known[entityKey{entity, id}]; ok {
		if e == nil {
			return "", nil, notFound(entity, id)
		}
		return e.hall, e.data, nil
	}
	var hall, data string
	err := t.row(`
		SELECT
			hall_id,
			data
		FROM entities
		WHERE entity = ?
			AND id = ?`, entity, id).Scan(&hall, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, notFound(entity, id)
	}
	return hall, json.RawMessage(data), err
}

// lockFeed takes the hall's feed lock once per transaction.
func (t *txn) lockFeed(hallID string) error {
	if t.locked[hallID] {
		return nil
	}
	// The hook runs on the transaction directly: send the queue first.
	if err := t.flush(); err != nil {
		return err
	}
	if err := t.db.d.LockFeed(t.ctx, t.tx, hallID); err != nil {
		return fmt.Errorf("lock feed of %s: %w", hallID, err)
	}
	t.locked[hallID] = true
	return nil
}

// appendChange queues a change for the hall's log; flushChanges writes
// the queue just before commit, in order and in multi-row inserts, so a
// push of 500 mutations does not pay a statement per change. The feed
// lock is taken now, before any id could be handed out.
func (t *txn) appendChange(hallID, entity, id, op string, data []byte) error {
	if err := t.lockFeed(hallID); err != nil {
		return err
	}
	var d sql.NullString
	if data != nil {
		d = sql.NullString{String: string(data), Valid: true}
	}
	t.changes = append(t.changes, []any{hallID, entity, id, op, d, t.now.UnixNano()})
	return nil
}

// flushChanges writes the queued changes in their order and notes the
// halls whose waiters they wake (see FeedChanged).
func (t *txn) flushChanges() error {
	for _, c := range t.changes {
		if hall := c[0].(string); !slices.Contains(t.notify, hall) {
			t.notify = append(t.notify, hall)
		}
	}
	if t.db.d.Notify != "" {
		for _, hall := range t.notify {
			if err := t.later(t.db.d.Notify, hall); err != nil {
				return err
			}
		}
	}
	err := t.insertRows(`
		INSERT INTO change_log (
			hall_id,
			entity,
			entity_id,
			op,
			data,
			at
		) VALUES `, t.changes)
	t.changes = nil
	return err
}

// rowsPerInsert bounds a multi-row insert well below both engines'
// parameter limits.
const rowsPerInsert = 100

// insertRows runs head followed by one (?, …) group per row, in chunks,
// queued (later): the callers write rows no mutation can be refused for,
// just before commit.
func (t *txn) insertRows(head string, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), rowsPerInsert)
		group := "(" + strings.Repeat("?, ", len(rows[0])-1) + "?)"
		q := head + strings.Repeat(group+", ", n-1) + group
		args := make([]any, 0, n*len(rows[0]))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if err := t.later(q, args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// Entity returns an entity's current state and hall.
func (db *DB) Entity(ctx context.Context, entity, id string) (string, json.RawMessage, error) {
	var hall, data string
	err := db.r.QueryRowContext(ctx, db.q(`
		SELECT
			hall_id,
			data
		FROM entities
		WHERE entity = ?
			AND id = ?`), entity, id).Scan(&hall, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, notFound(entity, id)
	}
	if err != nil {
		return "", nil, db.wrap("entity", err)
	}
	return hall, json.RawMessage(data), nil
}

// PruneChanges drops changes recorded before cutoff, per hall up to the
// newest such change so what is left stays a suffix of the log, and
// moves each hall's horizon there.
func (db *DB) PruneChanges(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := db.update(ctx, "prune changes", func(t *txn) error {
		rows, err := t.query(`
			SELECT
				hall_id,
				max(id)
			FROM change_log
			WHERE at < ?
			GROUP BY hall_id`, before.UnixNano())
		if err != nil {
			return err
		}
		type cut struct {
			hall string
			id   int64
		}
		var cuts []cut
		for rows.Next() {
			var c cut
			if err := rows.Scan(&c.hall, &c.id); err != nil {
				rows.Close()
				return err
			}
			cuts = append(cuts, c)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return err
		}
		for _, c := range cuts {
			k, err := t.execCount(`
				DELETE FROM change_log
				WHERE hall_id = ?
					AND id <= ?`, c.hall, c.id)
			if err != nil {
				return err
			}
			n += k
			if err := t.exec(`
				INSERT INTO feed_horizon (
					hall_id,
					pruned_through
				) VALUES (?, ?)
				ON CONFLICT (hall_id) DO UPDATE SET
					pruned_through = excluded.pruned_through`,
				c.hall,
				c.id,
			); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// FeedChanged returns a channel closed by the next commit that records a
// change for hallID (central.FeedWatcher).
func (db *DB) FeedChanged(hallID string) <-chan struct{} { return db.feeds.Changed(hallID) }

// Feeds is the store's broadcaster, for a dialect that hears other
// processes' commits (pgstore's LISTEN) to wake this one's waiters.
func (db *DB) Feeds() *hub.Hub { return &db.feeds }

var barrierSeq atomic.Int64

// FeedBarrier returns once every change committed before it was called
// has woken its waiters in this process. With PostgreSQL the wake comes
// through LISTEN after the commit, and a listener hears notifications in
// commit order: a notification of its own arriving means all the earlier
// ones did. Tests that check who was woken start from it.
func (db *DB) FeedBarrier(ctx context.Context) error {
	token := fmt.Sprintf("barrier~%d", barrierSeq.Add(1)) // no hall id has a "~"
	woken := db.feeds.Changed(token)
	if err := db.update(ctx, "feed barrier", func(t *txn) error {
		t.notify = append(t.notify, token)
		return nil
	}); err != nil {
		return err
	}
	select {
	case <-woken:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
