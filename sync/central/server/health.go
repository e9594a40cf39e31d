package server

import (
	"context"
	"net/http"
	"time"

	"onestop/kiosk"
	"onestop/sync/wire"
)

// Health and metrics for the machines that watch central: /livez (the
// process answers), /readyz (it can serve: the database answers and is
// migrated; a load balancer sends kiosks elsewhere otherwise) and
// /metrics (Prometheus, package metrics).

// readyTimeout bounds /readyz's look at the database: a database that
// hangs is not ready either.
const readyTimeout = 2 * time.Second

func (s *Server) healthRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /livez", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		defer cancel()
		if err := s.store.Ready(ctx); err != nil {
			// A warning, not fail's error: a balancer asks every few
			// seconds through an outage.
			s.log.Warn("not ready", "err", err)
			writeJSON(w, wire.HTTPStatus(kiosk.EUNAVAILABLE),
				wire.Error{Error: wire.ErrorBody{Code: kiosk.EUNAVAILABLE, Message: "not ready: " + err.Error()}})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	mux.Handle("GET /metrics", s.metrics.Handler())
}

// instrument times every request under the route pattern the mux
// matched (bounded, unlike paths) and the status it answered.
func (s *Server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.clock.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		// The mux sets r.Pattern on this same request when it routes it.
		s.metrics.Request(r.Pattern, sw.status, s.clock.Now().Sub(start))
	})
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
