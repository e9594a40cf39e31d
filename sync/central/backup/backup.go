// Package backup copies central's SQLite database while it runs, keeps a
// rotation of such copies, and puts one back. The copy is SQLite's own
// VACUUM INTO, a consistent snapshot that takes no write lock, so pushes
// go on while it is made.
package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	_ "github.com/mattn/go-sqlite3" // the driver central's store uses
)

// Report says what a backup holds.
type Report struct {
	Path string
	// Rows is the row count of every table of the copy.
	Rows map[string]int64
	// Exact is true when no write reached the database while the copy
	// was made, so Rows was also checked against the source's own counts;
	// otherwise only against the feed's head before and after.
	Exact bool
}

// Copy writes an online, checked copy of the database at src to dst: a
// temporary file beside dst, synced, checked, then renamed into place
// and the directory synced, so dst is either the old file or a whole
// good copy. Files are owner-only.
func Copy(ctx context.Context, src, dst string) (Report, error) {
	if err := distinct(src, dst); err != nil {
		return Report{}, fmt.Errorf("backup %s to %s: %w", src, dst, err)
	}
	db, err := openRO(src)
	if err != nil {
		return Report{}, fmt.Errorf("backup %s: %w", src, err)
	}
	defer db.Close()
	tmp, err := emptyTemp(dst)
	if err != nil {
		return Report{}, fmt.Errorf("backup to %s: %w", dst, err)
	}
	done := false
	defer func() {
		if !done {
			os.Remove(tmp)
		}
	}()
	snap, err := snapshot(ctx, db, tmp)
	if err != nil {
		return Report{}, fmt.Errorf("backup %s: %w", src, err)
	}
	if err := syncFile(tmp); err != nil {
		return Report{}, fmt.Errorf("backup to %s: %w", dst, err)
	}
	rows, err := verifyCopy(ctx, tmp, snap)
	if err != nil {
		return Report{}, fmt.Errorf("backup %s: the copy is not good: %w", src, err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return Report{}, fmt.Errorf("backup to %s: %w", dst, err)
	}
	done = true
	if err := syncDir(filepath.Dir(dst)); err != nil {
		return Report{}, fmt.Errorf("backup to %s: %w", dst, err)
	}
	return Report{Path: dst, Rows: rows, Exact: snap.exact}, nil
}

// taken is what the source looked like around VACUUM INTO.
type taken struct {
	exact      bool             // no commit by anyone between count and copy
	rows       map[string]int64 // the source's counts, if exact
	headBefore int64            // the feed's last change id before the copy
	headAfter  int64            // and after it
}

// snapshot counts the source's rows, copies it into tmp and tells whether
// any other connection committed in between: PRAGMA data_version changes
// between two reads on one connection exactly when another committed. If
// none did, the copy's counts must equal these; if one did, the copy's
// feed head must lie between the heads read before and after. Neither
// can flake, and neither holds a lock writers wait on.
func snapshot(ctx context.Context, db *sql.DB, tmp string) (taken, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return taken{}, err
	}
	defer conn.Close()
	var s taken
	var v1, v2 int64
	if err := conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v1); err != nil {
		return taken{}, err
	}
	if s.rows, err = countRows(ctx, conn); err != nil {
		return taken{}, err
	}
	if s.headBefore, err = feedHead(ctx, conn); err != nil {
		return taken{}, err
	}
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return taken{}, fmt.Errorf("vacuum into: %w", err)
	}
	if s.headAfter, err = feedHead(ctx, conn); err != nil {
		return taken{}, err
	}
	if err := conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v2); err != nil {
		return taken{}, err
	}
	s.exact = v1 == v2
	return s, nil
}

// verifyCopy opens the copy and checks it is whole and holds what the
// source held; it returns the copy's row counts.
func verifyCopy(ctx context.Context, path string, s taken) (map[string]int64, error) {
	db, err := openRO(path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if err := integrity(ctx, conn); err != nil {
		return nil, err
	}
	rows, err := countRows(ctx, conn)
	if err != nil {
		return nil, err
	}
	head, err := feedHead(ctx, conn)
	if err != nil {
		return nil, err
	}
	if head < s.headBefore || head > s.headAfter {
		return nil, fmt.Errorf("feed head %d outside %d–%d", head, s.headBefore, s.headAfter)
	}
	if s.exact {
		if err := sameRows(s.rows, rows); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

func sameRows(want, got map[string]int64) error {
	var errs []error
	for t, n := range want {
		if g, ok := got[t]; !ok || g != n {
			errs = append(errs, fmt.Errorf("table %s: %d rows in the copy, %d in the source", t, g, n))
		}
	}
	for t := range got {
		if _, ok := want[t]; !ok {
			errs = append(errs, fmt.Errorf("table %s only in the copy", t))
		}
	}
	return errors.Join(errs...)
}

// integrity runs PRAGMA integrity_check, whose one row is "ok" when the
// file is whole and otherwise lists the damage.
func integrity(ctx context.Context, conn *sql.Conn) error {
	rows, err := conn.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []error
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			problems = append(problems, errors.New(line))
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check: %w", errors.Join(problems...))
	}
	return nil
}

// countRows counts every table's rows in one read transaction.
func countRows(ctx context.Context, conn *sql.Conn) (map[string]int64, error) {
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `
		SELECT
			name
		FROM sqlite_schema
		WHERE type = 'table'
			AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		return nil, err
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	counts := make(map[string]int64, len(tables))
	for _, t := range tables {
		var n int64
		// Table names come from the schema, not from input; quoted.
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM "`+t+`"`).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		counts[t] = n
	}
	return counts, tx.Commit()
}

// feedHead is the change feed's last id; an unmigrated file has none.
func feedHead(ctx context.Context, conn *sql.Conn) (int64, error) {
	var n int64
	err := conn.QueryRowContext(ctx, `
		SELECT
			coalesce(max(id), 0)
		FROM change_log`).Scan(&n)
	return n, err
}

// distinct refuses a copy onto the database itself or its WAL files,
// which the rename (backup) or the WAL removal (restore) would destroy.
func distinct(a, b string) error {
	aa, err := filepath.Abs(a)
	if err != nil {
		return err
	}
	bb, err := filepath.Abs(b)
	if err != nil {
		return err
	}
	for _, p := range []string{aa, aa + "-wal", aa + "-shm", aa + "-journal"} {
		if p == bb {
			return errors.New("the copy would overwrite the database")
		}
		fa, errA := os.Stat(p)
		fb, errB := os.Stat(bb)
		if errA == nil && errB == nil && os.SameFile(fa, fb) {
			return errors.New("the copy would overwrite the database")
		}
	}
	return nil
}

// openRO opens a database file read-only, one connection.
func openRO(path string) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, err // read-only open would otherwise fail less clearly
	}
	u := url.URL{Scheme: "file", Path: abs, RawQuery: url.Values{
		"mode":          {"ro"},
		"_busy_timeout": {"5000"},
	}.Encode()}
	db, err := sql.Open("sqlite3", u.String())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// emptyTemp creates an empty owner-only file beside dst. VACUUM INTO
// fills an existing empty file and keeps its mode, so the copy is never
// readable by others, not even for a moment.
func emptyTemp(dst string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	if err := errors.Join(f.Chmod(0o600), f.Close()); err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}
