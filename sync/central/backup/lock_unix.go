//go:build unix

package backup

import (
	"errors"
	"io"
	"os"
	"syscall"
)

type flock struct{ f *os.File }

// lock takes a non-blocking flock on the database's lock file, exclusive
// for a restore, shared for a server.
func lock(dbPath string, exclusive bool) (io.Closer, error) {
	f, err := os.OpenFile(LockPath(dbPath), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	how, busy := syscall.LOCK_SH, ErrRestoring
	if exclusive {
		how, busy = syscall.LOCK_EX, ErrInUse
	}
	for {
		err = syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, busy
		}
		return nil, err
	}
	return flock{f}, nil
}

// Close releases the lock with the file.
func (l flock) Close() error { return l.f.Close() }
