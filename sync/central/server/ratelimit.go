package server

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"onestop/sync/wire"
)

// RateLimit is a token bucket: Burst requests at once, refilled at Rate
// per second. A zero Rate means unlimited.
type RateLimit struct {
	Rate  float64
	Burst float64
}

// Default limits. A syncing kiosk needs a handful of requests a second
// (a push, a pull or two, a heartbeat), and catching up after a day
// offline pages through a burst of pulls; 20/s sustained with a burst of
// 40 leaves it plenty. A runaway kiosk (a retry loop without backoff)
// must not starve the others of the database, so it gets 429s instead.
// Enrollment is rare and per remote IP (several kiosks may share a NAT),
// so its limit is loose and only stops code guessing floods.
var (
	DefaultKioskLimit  = RateLimit{Rate: 20, Burst: 40}
	DefaultEnrollLimit = RateLimit{Rate: 5, Burst: 20}
)

// Idle buckets are dropped once they would have refilled anyway; the map
// is swept at most this often.
const rateSweepEvery = time.Minute

type limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// allow takes a token from key's bucket at now. If none is left it
// returns false and the whole seconds until one is (at least 1).
func (l *limiter) allow(key string, lim RateLimit, now time.Time) (bool, int) {
	if lim.Rate <= 0 {
		return true, 0
	}
	burst := math.Max(lim.Burst, 1)
	full := time.Duration(burst / lim.Rate * float64(time.Second))
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = make(map[string]*bucket)
	}
	if now.Sub(l.swept) >= rateSweepEvery {
		for k, b := range l.buckets {
			if now.Sub(b.last) >= full {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: burst, last: now}
		l.buckets[key] = b
	}
	if d := now.Sub(b.last); d > 0 {
		b.tokens = math.Min(burst, b.tokens+d.Seconds()*lim.Rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := int(math.Ceil((1 - b.tokens) / lim.Rate))
	return false, max(wait, 1)
}

// limitKiosk limits an authenticated kiosk's requests per kiosk id; it
// goes inside s.kiosk.
func (s *Server) limitKiosk(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if ok, wait := s.kioskRate.allow(kioskOf(r).ID, s.KioskLimit, s.clock.Now()); !ok {
			tooMany(w, wait)
			return
		}
		next(w, r)
	}
}

// limitIP limits requests per remote IP (the peer address; a proxy's
// headers are not trusted).
func (s *Server) limitIP(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if ok, wait := s.enrollRate.allow(clientIP(r), s.EnrollLimit, s.clock.Now()); !ok {
			tooMany(w, wait)
			return
		}
		next(w, r)
	}
}

// clientIP is the request's remote address without the port. Behind a
// proxy it is the proxy's; central is meant to be reached directly.
func clientIP(r *http.Request) string {
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return ip
}

func tooMany(w http.ResponseWriter, wait int) {
	w.Header().Set("Retry-After", strconv.Itoa(wait))
	writeJSON(w, wire.HTTPStatus(wire.CodeBusy), wire.Error{Error: wire.ErrorBody{
		Code: wire.CodeBusy, Message: "too many requests; retry after " + strconv.Itoa(wait) + "s"}})
}
