package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"onestop/sync/central/sqlstore"
)

// Check opens a backup and tells whether this build can restore it: the
// file is whole and its schema no newer than the migrations built in.
func Check(ctx context.Context, path string) error {
	db, err := openRO(path)
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := integrity(ctx, conn); err != nil {
		return err
	}
	var have int
	if err := conn.QueryRowContext(ctx, `
		SELECT
			coalesce(max(version), 0)
		FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("not a central database: %w", err)
	}
	latest, err := sqlstore.LatestVersion()
	if err != nil {
		return err
	}
	if have > latest {
		return fmt.Errorf("schema version %d is newer than this build's %d: restore it with that central", have, latest)
	}
	return nil
}

// Restore replaces the database at dbPath with the backup at src. It
// refuses while a server holds the database (see Hold) and keeps the lock
// until the copy is in place, so no server starts on a half-restored
// file. The copy goes to a temporary file beside dbPath, is synced, and
// renamed over it; the old WAL and shared-memory files go first, since
// SQLite would otherwise replay the old database's WAL onto the restored
// one.
func Restore(ctx context.Context, src, dbPath string) error {
	if err := distinct(dbPath, src); err != nil {
		return fmt.Errorf("restore %s: %w", src, err)
	}
	if err := Check(ctx, src); err != nil {
		return fmt.Errorf("restore %s: %w", src, err)
	}
	// A new machine restoring its first copy has no data directory yet.
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o700); err != nil {
		return fmt.Errorf("restore into %s: %w", dbPath, err)
	}
	l, err := lock(dbPath, true)
	if err != nil {
		return fmt.Errorf("restore into %s: %w", dbPath, err)
	}
	defer l.Close()
	tmp, err := copyTemp(src, dbPath)
	if err != nil {
		return fmt.Errorf("restore %s: %w", src, err)
	}
	for _, p := range []string{dbPath + "-wal", dbPath + "-shm", dbPath + "-journal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			os.Remove(tmp)
			return fmt.Errorf("restore into %s: %w", dbPath, err)
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore into %s: %w", dbPath, err)
	}
	return syncDir(filepath.Dir(dbPath))
}

// copyTemp copies src to an owner-only synced temporary file beside dst.
func copyTemp(src, dst string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	out, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".restore-*")
	if err != nil {
		return "", err
	}
	_, err = io.Copy(out, in)
	err = errors.Join(err, out.Chmod(0o600), out.Sync(), out.Close())
	if err != nil {
		os.Remove(out.Name())
		return "", err
	}
	return out.Name(), nil
}
