//go:build !unix

package backup

import (
	"errors"
	"io"
)

// lock is unsupported off Unix: central is packaged for Linux only.
func lock(string, bool) (io.Closer, error) {
	return nil, errors.New("database locks need a Unix system")
}
