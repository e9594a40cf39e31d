// Package server is central's HTTP side: the kiosk protocol under
// /api/v1 (kioskapi.go), the admin API under /api/v1/admin (adminapi.go),
// and the public pages phones open from the kiosk's QR codes, which live
// in server/public. Everything it keeps goes through a central.Store;
// what admins may do is the admin package's, not the API's.
package server

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/admin"
	"onestop/sync/central/server/console"
	"onestop/sync/central/server/metrics"
	"onestop/sync/central/server/public"
	"onestop/sync/wire"
)

// Server is central's HTTP side: the kiosk protocol under /api/v1, the
// admin API under /api/v1/admin and the public pages.
type Server struct {
	store  central.Store
	clock  kiosk.Clock
	random io.Reader
	log    *slog.Logger

	// Admin runs the admin routes; its TTLs may be changed before serving.
	Admin *admin.Admin

	tokens tokenCache

	// KioskLimit limits each kiosk's API requests, EnrollLimit enrolls
	// per remote IP; both may be changed before serving (zero Rate:
	// unlimited).
	KioskLimit, EnrollLimit RateLimit
	kioskRate, enrollRate   limiter

	// WaitTimer times a long poll's wait (nil: a real timer); tests
	// give a channel they fire by hand. stop is closed by StopWaits.
	WaitTimer func(d time.Duration) (expired <-chan time.Time, stop func())
	stop      chan struct{}
	stopOnce  sync.Once
	wakeReads wakeReads

	metrics *metrics.Metrics
}

// New returns a server over store. random feeds tokens and codes
// (nil: crypto/rand); log gets one line per failure (nil: discarded).
func New(store central.Store, clock kiosk.Clock, random io.Reader, log *slog.Logger) *Server {
	if random == nil {
		random = rand.Reader
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	adm := admin.New(store, clock, random)
	adm.Log = log
	return &Server{store: store, clock: clock, random: random, log: log, Admin: adm,
		KioskLimit: DefaultKioskLimit, EnrollLimit: DefaultEnrollLimit, stop: make(chan struct{}),
		metrics: metrics.New(store.Kiosks, wire.Kinds, log)}
}

// Metrics are the series /metrics shows, for what records them outside
// the server (backups).
func (s *Server) Metrics() *metrics.Metrics { return s.metrics }

// Body limits: a push may carry wire.MaxPushBytes, anything else less.
const (
	maxSmallBody = 64 << 10
	maxCSVBody   = 32 << 20 // a 50,000-student roster
)

// Handler routes every request. Everything under /api answers JSON, even
// a panic, an unknown path or a wrong method.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	api := func(method, path string, h http.HandlerFunc) {
		mux.Handle(method+" "+path, s.protocol(h))
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			s.fail(w, r, &Failure{Code: wire.CodeMethod, Message: r.Method + " not allowed on " + path})
		})
	}
	api(http.MethodPost, "/api/v1/enroll", s.limitIP(s.enroll))
	api(http.MethodPost, "/api/v1/push", s.kiosk(s.limitKiosk(s.push)))
	api(http.MethodGet, "/api/v1/changes", s.kiosk(s.limitKiosk(s.changes)))
	api(http.MethodPost, "/api/v1/heartbeat", s.kiosk(s.limitKiosk(s.heartbeat)))
	api(http.MethodGet, "/api/v1/releases/{seq}/{file}", s.kiosk(s.limitKiosk(s.releasePackage)))
	s.healthRoutes(mux)
	s.adminRoutes(mux)
	public.New(s.store, s.clock, s.log).Routes(mux)
	console.New(s.store, s.Admin, s.clock, s.log).Routes(mux)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "no such API endpoint"))
	})
	return s.instrument(s.recover(s.cleanPaths(mux)))
}

// cleanPaths answers an /api path with a "." or ".." segment or a double
// slash with the JSON 404 itself: the mux would redirect it with an
// HTML 307, and no client of the API follows that.
func (s *Server) cleanPaths(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if strings.HasPrefix(p, "/api/") && path.Clean(p) != strings.TrimSuffix(p, "/") {
			s.fail(w, r, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "no such API endpoint"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// recover answers a panic with the JSON 500 instead of a dropped
// connection or a stack trace.
func (s *Server) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v) // net/http's own way to abort a response
			}
			s.log.Error("panic", "path", r.URL.Path, "panic", v)
			s.fail(w, r, errors.New("panic"))
		}()
		next.ServeHTTP(w, r)
	})
}

// protocol refuses requests without the protocol version header, or
// with another version.
func (s *Server) protocol(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch v := r.Header.Get(wire.HeaderVersion); v {
		case wire.Version:
			next(w, r)
		case "":
			s.fail(w, r, &Failure{Code: kiosk.EINVALID, Field: wire.HeaderVersion, Message: "protocol version header missing"})
		default:
			s.fail(w, r, &Failure{Code: wire.CodeVersion, Field: wire.HeaderVersion,
				Message: "protocol version " + v + " not spoken here; this server speaks " + wire.Version})
		}
	})
}

// Failure is an API error that is not a domain error: a bad field, a
// wrong version, a body too large.
type Failure struct {
	Code    string
	Field   string
	Message string
}

func (f *Failure) Error() string { return f.Code + ": " + f.Message }

// fail writes err as the protocol's JSON error with the status the one
// table in wire gives its code.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	body := wire.ErrorBody{Code: kiosk.EINTERNAL, Message: "internal error"}
	var (
		f   *Failure
		fe  *admin.FieldError
		ke  *kiosk.Error
		gap *central.SeqGapError
		mb  *http.MaxBytesError
	)
	switch {
	case errors.As(err, &f):
		body = wire.ErrorBody{Code: f.Code, Field: f.Field, Message: f.Message}
	case errors.As(err, &fe):
		body = wire.ErrorBody{Code: kiosk.EINVALID, Field: fe.Field, Message: fe.Message}
	case errors.As(err, &gap):
		body = wire.ErrorBody{Code: wire.CodeSeqGap, ExpectedSeq: gap.Expected,
			Message: "push skipped seqs; resend from expected_seq"}
	case errors.As(err, &mb):
		body = wire.ErrorBody{Code: wire.CodeTooLarge, Message: "request body over the limit"}
	case errors.As(err, &ke) && ke.Code != kiosk.EINTERNAL:
		body = wire.ErrorBody{Code: ke.Code, Field: ke.Field, Message: ke.Message}
	case errors.Is(err, context.Canceled):
		return // the client left; nobody reads an answer
	}
	status := wire.HTTPStatus(body.Code)
	if status >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if body.Code == kiosk.EUNAUTHORIZED {
		w.Header().Set("WWW-Authenticate", `Bearer realm="onestop"`)
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	writeJSON(w, status, wire.Error{Error: body})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v) // a failed write means the client left
}

// bearer returns the token of an "Authorization: Bearer …" header.
func bearer(h string) string {
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(tok)
}
