package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"

	"onestop/sync/central"
	"onestop/sync/wire"
)

// Reading the feed. Each page is read by one statement, so it sees one
// snapshot even under PostgreSQL's READ COMMITTED; what several
// statements would need to agree on is folded into that one.

// Changes returns one page of the hall's feed after c.
func (db *DB) Changes(ctx context.Context, hallID string, c central.Cursor, limit int) (central.Page, error) {
	if limit <= 0 || limit > wire.MaxPullLimit {
		limit = wire.MaxPullLimit
	}
	var (
		p   central.Page
		ok  bool
		err error
	)
	switch {
	case c.Epoch != db.epoch:
		// A new kiosk, or a cursor from another database.
	case c.Snapshot:
		last, pruned, at, err := db.ends(ctx, hallID, c.After)
		if err != nil {
			return p, db.wrap("changes", err)
		}
		if !placed(c, last, pruned, at) {
			break // a snapshot begun before a restore starts again
		}
		p, err = db.snapshot(ctx, hallID, c, limit)
		return p, db.wrap("changes", err)
	default:
		if p, ok, err = db.incremental(ctx, hallID, c, limit); ok || err != nil {
			return p, db.wrap("changes", err)
		}
	}
	// Start a snapshot that ends at the hall's newest change now.
	head, at, err := db.head(ctx, hallID)
	if err != nil {
		return central.Page{}, db.wrap("changes", err)
	}
	p, err = db.snapshot(ctx, hallID, central.Cursor{Epoch: db.epoch, After: head, At: at, Snapshot: true, Rank: -1}, limit)
	p.Reset = true
	return p, db.wrap("changes", err)
}

// head is the hall's newest change id, never below its pruned horizon,
// and when it was recorded (0 when it is the horizon).
func (db *DB) head(ctx context.Context, hallID string) (id, at int64, err error) {
	var l, a, p sql.NullInt64
	err = db.readRow(ctx, `
		SELECT
			last.id,
			last.at,
			(SELECT pruned_through FROM feed_horizon WHERE hall_id = ?)
		FROM (SELECT 1) AS one
		LEFT JOIN (
			SELECT
				id,
				at
			FROM change_log
			WHERE hall_id = ?
			ORDER BY id DESC
			LIMIT 1
		) AS last ON true`, hallID, hallID).Scan(&l, &a, &p)
	if p.Int64 >= l.Int64 {
		return p.Int64, 0, err
	}
	return l.Int64, a.Int64, err
}

// ends returns the hall's newest change id, the id its feed is pruned
// through (0 for none) and when the change after was recorded (0 when
// there is none), read in one statement, so from one snapshot. The
// newest is the hall's own, not the table's: another hall's higher id
// says nothing about this hall's uncommitted appends.
func (db *DB) ends(ctx context.Context, hallID string, after int64) (last, pruned, at int64, err error) {
	var l, p, a sql.NullInt64
	err = db.readRow(ctx, `
		SELECT
			(SELECT max(id) FROM change_log WHERE hall_id = ?),
			(SELECT pruned_through FROM feed_horizon WHERE hall_id = ?),
			(SELECT at FROM change_log WHERE id = ? AND hall_id = ?)`,
		hallID, hallID, after, hallID).Scan(&l, &p, &a)
	return l.Int64, p.Int64, a.Int64, err
}

// placed reports whether c names a position this feed has: not past its
// head, and the change it names the one the kiosk saw. A database
// restored from an older copy fails one or the other (PROTOCOL.md: a
// cursor ahead of the feed resets). A cursor at or behind the horizon
// is not checked here: the horizon decides.
func placed(c central.Cursor, last, pruned, at int64) bool {
	if c.After > max(last, pruned) {
		return false
	}
	return c.At == 0 || c.After <= pruned || at == c.At
}

// incremental reads the changes after c; ok is false when c is older
// than the pruned horizon and the kiosk needs a snapshot. One statement
// does both, so a prune committing in between cannot make the kiosk
// skip what it deleted, and a poll with nothing new costs one query: the
// changes come only while c is at or past the horizon, and a sentinel
// row with id -1 only when it is not.
func (db *DB) incremental(ctx context.Context, hallID string, c central.Cursor, limit int) (central.Page, bool, error) {
	// Most polls find nothing new. The hall's ends say so at a third of
	// the page query's cost (its parameters in a LIMIT and in constant
	// comparisons make SQLite plan it again on each run).
	last, pruned, at, err := db.ends(ctx, hallID, c.After)
	if err != nil {
		return central.Page{}, false, err
	}
	if !placed(c, last, pruned, at) {
		return central.Page{}, false, nil
	}
	if last <= c.After && pruned <= c.After {
		return central.Page{Next: c, Changes: []central.Change{}}, true, nil
	}
	rows, err := db.readQuery(ctx, `
		SELECT
			id,
			entity,
			entity_id,
			op,
			data,
			at
		FROM (
			SELECT
				id,
				entity,
				entity_id,
				op,
				data,
				at
			FROM change_log
			WHERE hall_id = ?
				AND id > ?
				AND ? >= coalesce((SELECT pruned_through FROM feed_horizon WHERE hall_id = ?), 0)
			ORDER BY id
			LIMIT ?
		) AS page
		UNION ALL
		SELECT
			-1,
			'',
			'',
			'',
			NULL,
			0
		WHERE ? < coalesce((SELECT pruned_through FROM feed_horizon WHERE hall_id = ?), 0)
		ORDER BY 1`, hallID, c.After, c.After, hallID, limit+1, c.After, hallID)
	if err != nil {
		return central.Page{}, false, err
	}
	defer rows.Close()
	p := central.Page{Next: c, Changes: []central.Change{}}
	for rows.Next() {
		if len(p.Changes) == limit {
			p.HasMore = true
			break
		}
		var ch central.Change
		var data sql.NullString
		var id, at int64
		if err := rows.Scan(&id, &ch.Entity, &ch.ID, &ch.Op, &data, &at); err != nil {
			return central.Page{}, false, err
		}
		if id < 0 {
			return central.Page{}, false, nil // behind the horizon
		}
		if data.Valid {
			ch.Data = json.RawMessage(data.String)
		}
		p.Changes = append(p.Changes, ch)
		p.Next.After, p.Next.At = id, at
	}
	return p, true, rows.Err()
}

// snapshot pages through the hall's entities after c's (rank, id). The
// changes made meanwhile are above c.After and follow the last page, so
// an entity that changed while the snapshot was paged arrives again.
func (db *DB) snapshot(ctx context.Context, hallID string, c central.Cursor, limit int) (central.Page, error) {
	rows, err := db.readQuery(ctx, `
		SELECT
			rank,
			entity,
			id,
			data
		FROM entities
		WHERE hall_id = ?
			AND (rank, id) > (?, ?)
		ORDER BY rank, id
		LIMIT ?`, hallID, c.Rank, c.ID, limit+1)
	if err != nil {
		return central.Page{}, err
	}
	defer rows.Close()
	p := central.Page{Next: c, Changes: []central.Change{}}
	for rows.Next() {
		if len(p.Changes) == limit {
			p.HasMore = true
			break
		}
		ch := central.Change{Op: wire.OpUpsert}
		var data string
		if err := rows.Scan(&p.Next.Rank, &ch.Entity, &ch.ID, &data); err != nil {
			return central.Page{}, err
		}
		ch.Data = json.RawMessage(data)
		p.Changes = append(p.Changes, ch)
		p.Next.ID = ch.ID
	}
	if err := rows.Err(); err != nil || p.HasMore {
		return p, err
	}
	// Snapshot done: go on with the changes made since it began.
	p.Next = central.Cursor{Epoch: c.Epoch, After: c.After, At: c.At}
	head, _, err := db.head(ctx, hallID)
	p.HasMore = head > c.After
	return p, err
}
