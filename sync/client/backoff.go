package client

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Backoff is how one call retries: up to Attempts tries, waiting Base,
// 2·Base, 4·Base… (at most Max) between them, each wait jittered to
// between half and all of itself so kiosks that lost the network
// together do not return in step. A Retry-After is waited in full; one
// longer than Max ends the call, and the syncer holds off until then.
type Backoff struct {
	Attempts int
	Base     time.Duration
	Max      time.Duration
}

// DefaultBackoff gives a call about a minute before it fails.
var DefaultBackoff = Backoff{Attempts: 6, Base: time.Second, Max: 30 * time.Second}

func (b Backoff) withDefaults() Backoff {
	d := DefaultBackoff
	if b.Attempts > 0 {
		d.Attempts = b.Attempts
	}
	if b.Base > 0 {
		d.Base = b.Base
	}
	if b.Max > 0 {
		d.Max = b.Max
	}
	return d
}

// wait is the pause after the attempt-th failure given central's
// Retry-After (0: none) and r in [0, 1); ok is false when Retry-After
// exceeds Max.
func (b Backoff) wait(attempt int, retryAfter time.Duration, r float64) (d time.Duration, ok bool) {
	if retryAfter > b.Max {
		return 0, false
	}
	d = b.Base
	for i := 1; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	d = d/2 + time.Duration(r*float64(d/2))
	return max(d, retryAfter), true
}

// parseRetryAfter reads a Retry-After header: seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		return max(time.Duration(n)*time.Second, 0)
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}
