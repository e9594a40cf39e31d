package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Migrations are numbered files NNNN_name.sql, applied in order, each in
// its own transaction, and recorded in schema_migrations. They are
// append-only: a kiosk in the field has run every published one.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations sorted by version.
func migrations() ([]migration, error) {
	files, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, f := range files {
		base := path.Base(f)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", base)
		}
		b, err := migrationFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share a version", ms[i-1].name, ms[i].name)
		}
	}
	return ms, nil
}

// migrate applies the migrations the database has not seen. Each one
// checks and records itself inside its own immediate transaction, so two
// processes opening the same file cannot apply one twice.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	err = db.update(ctx, "create schema_migrations", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			CREATE TABLE IF NOT EXISTS schema_migrations (
				version    INTEGER PRIMARY KEY,
				name       TEXT NOT NULL,
				applied_at INTEGER NOT NULL
			) STRICT`)
		if err != nil {
			return err
		}
		return checkNotNewer(ctx, tx, ms[len(ms)-1].version)
	})
	if err != nil {
		return err
	}
	for _, m := range ms {
		err := db.update(ctx, "migrate "+m.name, func(tx *sql.Tx) error {
			return db.apply(ctx, tx, m)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// checkNotNewer refuses a database written by a newer build: its schema
// may mean things this code does not know.
func checkNotNewer(ctx context.Context, tx *sql.Tx, latest int) error {
	var have sql.NullInt64
	err := tx.QueryRowContext(ctx, `
		SELECT
			max(version)
		FROM schema_migrations`).Scan(&have)
	if err != nil {
		return err
	}
	if have.Int64 > int64(latest) {
		return fmt.Errorf("database schema version %d is newer than this build's %d", have.Int64, latest)
	}
	return nil
}

func (db *DB) apply(ctx context.Context, tx *sql.Tx, m migration) error {
	var n int
	err := tx.QueryRowContext(ctx, `
		SELECT
			count(*)
		FROM schema_migrations
		WHERE version = ?`, m.version).Scan(&n)
	if err != nil || n > 0 {
		return err
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO schema_migrations (
			version,
			name,
			applied_at
		) VALUES (?, ?, ?)`,
		m.version,
		m.name,
		db.now(),
	)
	return err
}
