package backup

import (
	"errors"
	"fmt"
	"io"
)

// ErrInUse is a restore refused because a server holds the database.
var ErrInUse = errors.New("a central server is running on this database; stop it and restore again")

// ErrRestoring is a server refused because a restore holds the database.
var ErrRestoring = errors.New("a restore is in progress on this database")

// LockPath is the lock file beside a database.
func LockPath(dbPath string) string { return dbPath + ".lock" }

// Hold takes the server's hold on the database at dbPath for as long as
// it runs; Close releases it. Servers share it (several may serve one
// file), a restore needs it alone. The kernel drops it when the process
// dies, so a crashed server never blocks a restore.
func Hold(dbPath string) (io.Closer, error) {
	l, err := lock(dbPath, false)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dbPath, err)
	}
	return l, nil
}
