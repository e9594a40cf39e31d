package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template"
)

// The migrations are written once for both backends, as text/templates
// that the dialect's Schema fills in, so a schema change cannot reach one
// backend and miss the other. Versions and names are those of the
// per-dialect files they replace, so existing databases see nothing new.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// Schema is where SQLite's and PostgreSQL's DDL differ; the migrations
// use each field as {{.Field}}.
type Schema struct {
	Int    string // a 64-bit integer column: INTEGER, BIGINT
	Blob   string // a bytes column: BLOB, BYTEA
	Serial string // an integer primary key never reused, even after deletes
	Strict string // after a table's closing parenthesis, " STRICT" or ""
	// JSONText reads a text field of a JSON text column, as a Sprintf
	// pattern of the column and the key: json_extract(%s, '$.%s').
	JSONText string
}

// JSON is {{.JSON "column" "key"}} in a migration: the key's text.
func (s Schema) JSON(column, key string) string { return fmt.Sprintf(s.JSONText, column, key) }

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the NNNN_name.sql files in order, rendered for the
// dialect.
func (db *DB) migrations() ([]migration, error) {
	// Strict may be empty; an empty type would leave SQLite columns untyped.
	if s := db.d.Schema; s.Int == "" || s.Blob == "" || s.Serial == "" || s.JSONText == "" {
		return nil, fmt.Errorf("dialect %s: Schema incomplete", db.d.Name)
	}
	files, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, f := range files {
		name := strings.TrimPrefix(f, "migrations/")
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", name)
		}
		t, err := template.ParseFS(migrationFS, f)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		if err := t.Execute(&b, db.d.Schema); err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: b.String()})
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
		if err := t.exec(`
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
			if err := t.exec(`
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

// Ready implements central.Store: the read pool answers and the schema
// is at this build's latest migration, for /readyz.
func (db *DB) Ready(ctx context.Context) error {
	want, err := latestMigration()
	if err != nil {
		return err
	}
	var have int
	if err := db.r.QueryRowContext(ctx, `
		SELECT
			coalesce(max(version), 0)
		FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	if have != want {
		return fmt.Errorf("database schema version %d, this build's is %d", have, want)
	}
	return nil
}

// latestMigration is the highest migration version embedded, read once
// from the file names: /readyz asks every few seconds.
var latestMigration = sync.OnceValues(func() (int, error) {
	files, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return 0, err
	}
	latest := 0
	for _, f := range files {
		num, _, _ := strings.Cut(strings.TrimPrefix(f, "migrations/"), "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			return 0, fmt.Errorf("migration %s: name must be NNNN_name.sql", f)
		}
		latest = max(latest, v)
	}
	return latest, nil
})

// LatestVersion is the newest migration this build carries: a database
// recorded above it (a backup from a newer central) must not be opened.
func LatestVersion() (int, error) { return latestMigration() }
