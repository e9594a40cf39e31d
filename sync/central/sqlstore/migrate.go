package sqlstore

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
)

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the dialect's NNNN_name.sql files in order.
func (db *DB) migrations() ([]migration, error) {
	files, err := fs.Glob(db.d.Migrations, "*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, f := range files {
		num, _, ok := strings.Cut(f, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", f)
		}
		b, err := fs.ReadFile(db.d.Migrations, f)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: f, sql: string(b)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share a version", ms[i-1].name, ms[i].name)
		}
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("no migrations")
	}
	return ms, nil
}

// migrate applies the migrations the database has not seen, all in one
// transaction under the dialect's migration lock, so central processes
// starting together apply each exactly once.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := db.migrations()
	if err != nil {
		return err
	}
	return db.update(ctx, "migrate", func(t *txn) error {
		if err := db.d.LockMigrations(ctx, t.tx); err != nil {
			return err
		}
		if _, err := t.exec(`
			CREATE TABLE IF NOT EXISTS schema_migrations (
				version    BIGINT PRIMARY KEY,
				name       TEXT NOT NULL,
				applied_at BIGINT NOT NULL
			)`); err != nil {
			return err
		}
		var have int
		if err := t.row(`
			SELECT
				coalesce(max(version), 0)
			FROM schema_migrations`).Scan(&have); err != nil {
			return err
		}
		if latest := ms[len(ms)-1].version; have > latest {
			return fmt.Errorf("database schema version %d is newer than this build's %d", have, latest)
		}
		for _, m := range ms {
			if m.version <= have {
				continue
			}
			if _, err := t.tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("%s: %w", m.name, err)
			}
			if _, err := t.exec(`
				INSERT INTO schema_migrations (
					version,
					name,
					applied_at
				) VALUES (?, ?, ?)`,
				m.version,
				m.name,
				t.now.UnixNano(),
			); err != nil {
				return err
			}
		}
		return nil
	})
}
