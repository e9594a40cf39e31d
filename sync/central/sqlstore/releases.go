package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"

	"onestop/sync/central"
	"onestop/sync/wire"
	"onestop/update"
)

// chunkSize is the most of a package one row of release_chunks holds
// (migration 0020): serving a package reads one chunk at a time.
const chunkSize = 1 << 20

// releaseLock serialises publishes and rollouts on PostgreSQL (on the
// dialect's feed lock), so the check that a seq is newer than the
// channel's last holds at commit; no hall is named so.
const releaseLock = "*releases*"

// PublishRelease implements central.ReleaseStore.
func (db *DB) PublishRelease(ctx context.Context, manifest, sig []byte, packages map[string][]byte) (central.Release, error) {
	m, files, err := central.CheckRelease(manifest, sig, packages)
	if err != nil {
		return central.Release{}, err
	}
	var rel central.Release
	err = db.update(ctx, "publish release", func(t *txn) error {
		if err := t.lockFeed(releaseLock); err != nil {
			return err
		}
		last, found, err := t.latestRelease(m.Channel)
		if err != nil {
			return err
		}
		if found && m.Seq <= last.Seq {
			return central.ErrReleaseSeq(m.Seq, last.Seq)
		}
		names := slices.Sorted(maps.Keys(files))
		for _, file := range names {
			var n int
			if err := t.row(`
				SELECT
					count(*)
				FROM release_packages
				WHERE seq = ?
					AND file = ?`, m.Seq, file).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return central.ErrReleaseFileTaken(m.Seq, file)
			}
		}
		// The ring and the pins are the channel's, kept from release to
		// release; a new release starts in the ring when there is one.
		rel = central.Release{Channel: m.Channel, Seq: m.Seq, ManifestBytes: manifest, Sig: sig, Manifest: m,
			PublishedAt: t.now, Stage: update.StageAll, Canary: last.Canary, Pins: last.Pins}
		if len(rel.Canary) > 0 {
			rel.Stage = update.StageCanary
		}
		canary, pins, err := rolloutJSON(rel.Canary, rel.Pins)
		if err != nil {
			return err
		}
		if err := t.exec(`
			INSERT INTO releases (
				channel,
				seq,
				manifest,
				sig,
				published_at,
				stage,
				canary,
				pins
			) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			rel.Channel, rel.Seq, manifest, sig, t.now.UnixNano(), rel.Stage, canary, pins); err != nil {
			return err
		}
		for _, file := range names {
			b := packages[file]
			chunks := (len(b) + chunkSize - 1) / chunkSize
			if err := t.exec(`
				INSERT INTO release_packages (
					seq,
					file,
					channel,
					size,
					chunks
				) VALUES (?, ?, ?, ?, ?)`,
				rel.Seq, file, rel.Channel, len(b), chunks); err != nil {
				return err
			}
			for i := range chunks {
				if err := t.exec(`
					INSERT INTO release_chunks (
						seq,
						file,
						n,
						data
					) VALUES (?, ?, ?, ?)`,
					rel.Seq, file, i, b[i*chunkSize:min(len(b), (i+1)*chunkSize)]); err != nil {
					return err
				}
			}
		}
		return t.sendRelease(rel, "")
	})
	if err != nil {
		return central.Release{}, err
	}
	return rel, nil
}

// SetRollout implements central.ReleaseStore.
func (db *DB) SetRollout(ctx context.Context, channel, stage string, canary []string, pins map[string]string) error {
	canary = slices.Compact(slices.Sorted(slices.Values(canary)))
	if len(pins) == 0 {
		pins = nil
	}
	if stage != update.StageCanary && stage != update.StageAll {
		return central.ErrRollout("stage %q is neither %s nor %s", stage, update.StageCanary, update.StageAll)
	}
	for k, v := range pins {
		if _, err := update.ParseVersion(v); err != nil {
			return central.ErrRollout("pin of kiosk %s: %v", k, err)
		}
	}
	return db.update(ctx, "set rollout", func(t *txn) error {
		if err := t.lockFeed(releaseLock); err != nil {
			return err
		}
		rel, found, err := t.latestRelease(channel)
		if err != nil {
			return err
		}
		if !found {
			return notFound("release channel", channel)
		}
		ids := append(slices.Clone(canary), slices.Collect(maps.Keys(pins))...)
		if err := t.knownKiosks(ids); err != nil {
			return err
		}
		rel.Stage, rel.Canary, rel.Pins = stage, canary, pins
		c, p, err := rolloutJSON(canary, pins)
		if err != nil {
			return err
		}
		if err := t.exec(`
			UPDATE releases SET
				stage = ?,
				canary = ?,
				pins = ?
			WHERE channel = ?
				AND seq = ?`, stage, c, p, channel, rel.Seq); err != nil {
			return err
		}
		return t.sendRelease(rel, "")
	})
}

// knownKiosks refuses a rollout naming a kiosk central never enrolled.
func (t *txn) knownKiosks(ids []string) error {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if len(ids) == 0 {
		return nil
	}
	in, args := inList(ids)
	rows, err := t.query(`
		SELECT
			id
		FROM kiosks
		WHERE id IN `+in, args...)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		known[id] = true
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	for _, id := range ids {
		if !known[id] {
			return central.ErrRollout("no kiosk %s", id)
		}
	}
	return nil
}

func rolloutJSON(canary []string, pins map[string]string) (string, string, error) {
	if canary == nil {
		canary = []string{}
	}
	if pins == nil {
		pins = map[string]string{}
	}
	c, err := json.Marshal(canary)
	if err != nil {
		return "", "", err
	}
	p, err := json.Marshal(pins)
	return string(c), string(p), err
}

// latestRelease returns the channel's latest release, found false (and
// no error) when the channel has none.
func (t *txn) latestRelease(channel string) (central.Release, bool, error) {
	rows, err := t.query(releaseSelect+`
		WHERE channel = ?
		ORDER BY seq DESC
		LIMIT 1`, channel)
	if err != nil {
		return central.Release{}, false, err
	}
	rs, err := t.db.scanReleases(rows)
	if err != nil || len(rs) == 0 {
		return central.Release{}, false, err
	}
	return rs[0], true, nil
}

// sendRelease writes rel as the release entity of every hall, or of the
// one hall given.
func (t *txn) sendRelease(rel central.Release, hall string) error {
	halls := []string{hall}
	if hall == "" {
		var err error
		if halls, err = t.hallIDs(); err != nil {
			return err
		}
	}
	r := update.Release{Channel: rel.Channel, Seq: rel.Seq, Manifest: rel.ManifestBytes, Sig: rel.Sig,
		Stage: rel.Stage, Canary: rel.Canary, Pins: rel.Pins}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("release entity: %w", err)
	}
	for _, h := range halls {
		if _, err := t.put(wire.EntityRelease, h+"/"+rel.Channel, h, r); err != nil {
			return err
		}
	}
	return nil
}

// sendReleasesTo gives a hall new to central every channel's latest
// release it does not hold yet.
func (t *txn) sendReleasesTo(hall string) error {
	rows, err := t.query(releaseSelect + `
		WHERE seq = (
			SELECT
				max(l.seq)
			FROM releases l
			WHERE l.channel = releases.channel
		)
		ORDER BY channel`)
	if err != nil {
		return err
	}
	rs, err := t.db.scanReleases(rows)
	if err != nil {
		return err
	}
	for _, rel := range rs {
		has, err := t.entityHall(wire.EntityRelease, hall+"/"+rel.Channel)
		if err != nil {
			return err
		}
		if has != "" {
			continue
		}
		if err := t.sendRelease(rel, hall); err != nil {
			return err
		}
	}
	return nil
}

// dropReleasesOf removes a hall's release entities as it is deleted.
func (t *txn) dropReleasesOf(hall string) error {
	rows, err := t.query(`
		SELECT
			id
		FROM entities
		WHERE entity = ?
			AND hall_id = ?`, wire.EntityRelease, hall)
	if err != nil {
		return err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	for _, id := range ids {
		if err := t.del(wire.EntityRelease, id); err != nil {
			return err
		}
	}
	return nil
}

func (t *txn) hallIDs() ([]string, error) {
	rows, err := t.query(`
		SELECT
			id
		FROM halls
		ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, id)
	}
	return out, errors.Join(rows.Err(), rows.Close())
}

const releaseSelect = `
		SELECT
			channel,
			seq,
			manifest,
			sig,
			published_at,
			stage,
			canary,
			pins
		FROM releases`

// scanReleases reads and closes rows of releaseSelect.
func (db *DB) scanReleases(rows *sql.Rows) ([]central.Release, error) {
	defer rows.Close()
	loc := db.clock.Now().Location()
	var out []central.Release
	for rows.Next() {
		var r central.Release
		var at sql.NullInt64
		var canary, pins string
		if err := rows.Scan(&r.Channel, &r.Seq, &r.ManifestBytes, &r.Sig, &at, &r.Stage, &canary, &pins); err != nil {
			return nil, err
		}
		r.PublishedAt = fromNanos(at, loc)
		if err := json.Unmarshal([]byte(canary), &r.Canary); err != nil {
			return nil, fmt.Errorf("release %d canary: %w", r.Seq, err)
		}
		if err := json.Unmarshal([]byte(pins), &r.Pins); err != nil {
			return nil, fmt.Errorf("release %d pins: %w", r.Seq, err)
		}
		if len(r.Canary) == 0 {
			r.Canary = nil
		}
		if len(r.Pins) == 0 {
			r.Pins = nil
		}
		m, err := update.ParseManifest(r.ManifestBytes)
		if err != nil {
			return nil, fmt.Errorf("release %d: %w", r.Seq, err)
		}
		r.Manifest = m
		out = append(out, r)
	}
	return out, rows.Err()
}

// Releases implements central.ReleaseStore.
func (db *DB) Releases(ctx context.Context) ([]central.Release, error) {
	rows, err := db.r.QueryContext(ctx, releaseSelect+`
		ORDER BY published_at DESC, seq DESC, channel`)
	if err != nil {
		return nil, db.wrap("releases", err)
	}
	rs, err := db.scanReleases(rows)
	return rs, db.wrap("releases", err)
}

// Package implements central.ReleaseStore: a reader that fetches the
// package's chunks one at a time as it is read.
func (db *DB) Package(ctx context.Context, seq int64, file string) (io.ReadCloser, int64, error) {
	var size, chunks int64
	err := db.readRow(ctx, `
		SELECT
			size,
			chunks
		FROM release_packages
		WHERE seq = ?
			AND file = ?`, seq, file).Scan(&size, &chunks)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, notFound("release package", fmt.Sprintf("%d/%s", seq, file))
	}
	if err != nil {
		return nil, 0, db.wrap("package", err)
	}
	return &chunkReader{ctx: ctx, db: db, seq: seq, file: file, chunks: chunks, left: size}, size, nil
}

type chunkReader struct {
	ctx       context.Context
	db        *DB
	seq       int64
	file      string
	n, chunks int64
	left      int64 // bytes not yet read
	buf       []byte
	closed    bool
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if r.closed {
		return 0, errors.New("package: read after close")
	}
	for len(r.buf) == 0 {
		if r.n >= r.chunks {
			if r.left != 0 {
				return 0, fmt.Errorf("package %d/%s: %d bytes missing", r.seq, r.file, r.left)
			}
			return 0, io.EOF
		}
		if err := r.db.readRow(r.ctx, `
			SELECT
				data
			FROM release_chunks
			WHERE seq = ?
				AND file = ?
				AND n = ?`, r.seq, r.file, r.n).Scan(&r.buf); err != nil {
			return 0, r.db.wrap("package chunk", err)
		}
		r.n++
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	if r.left -= int64(n); r.left < 0 {
		return n, fmt.Errorf("package %d/%s: longer than its size", r.seq, r.file)
	}
	return n, nil
}

func (r *chunkReader) Close() error {
	r.closed, r.buf = true, nil
	return nil
}

var _ central.ReleaseStore = (*DB)(nil)
