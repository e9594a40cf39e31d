package kiosk

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
)

// IDSource makes entity ids. Random bytes come from R so tests can make
// ids deterministic; nil means crypto/rand.
type IDSource struct {
	R io.Reader
}

// NewID returns a random UUID version 4 string.
func (s IDSource) NewID() (string, error) {
	r := s.R
	if r == nil {
		r = rand.Reader
	}
	var b [16]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("read random id: %w", err)
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:])
	return string(out[:]), nil
}
