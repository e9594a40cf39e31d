package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"reflect"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/admin"
)

const adminKey ctxKey = iota + 100

// adminRoutes are the admin API: a login, then a bearer session token.
// Kiosk tokens are another table and never open these routes.
func (s *Server) adminRoutes(mux *http.ServeMux) {
	const p = "/api/v1/admin"
	mux.HandleFunc("POST "+p+"/login", s.adminLogin)
	adm := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.requireAdmin(h)) }
	adm("GET "+p+"/halls", s.adminHalls)
	adm("PUT "+p+"/halls/{id}", s.adminPut)
	adm("PUT "+p+"/halls/{hall}/{kind}/{id}", s.adminPut)
	adm("PUT "+p+"/{kind}/{id}", s.adminPut)
	adm("DELETE "+p+"/{kind}/{id}", s.adminDelete)
	adm("GET "+p+"/{kind}/{id}", s.adminGet)
	adm("GET "+p+"/halls/{hall}/settings", s.adminSettings)
	adm("PATCH "+p+"/halls/{hall}/settings", s.adminSetSettings)
	adm("POST "+p+"/enroll-codes", s.adminEnrollCode)
	adm("POST "+p+"/roster", s.adminRoster)
	adm("GET "+p+"/roster/pins", s.adminRosterPINs)
	adm("POST "+p+"/requests/{id}/status", s.adminRequestStatus)
	adm("GET "+p+"/kiosks", s.adminKiosks)
}

func (s *Server) requireAdmin(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := bearer(r.Header.Get("Authorization"))
		if tok == "" {
			s.fail(w, r, kiosk.Errorf(kiosk.EUNAUTHORIZED, kiosk.MsgErrInternal, "admin bearer token missing"))
			return
		}
		name, err := s.store.AdminBySession(r.Context(), central.HashSecret(tok))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		// The actor puts every change through the admin API in the audit log.
		ctx := central.WithActor(context.WithValue(r.Context(), adminKey, name), "api:"+name)
		next(w, r.WithContext(ctx))
	})
}

func (s *Server) adminLogin(w http.ResponseWriter, r *http.Request) {
	var req admin.LoginRequest
	if err := decodeJSON(w, r, maxSmallBody, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	tok, exp, err := s.Admin.Login(r.Context(), req.Name, req.Password, clientIP(r))
	var th *admin.Throttled
	if errors.As(err, &th) {
		tooMany(w, int((th.RetryAfter+time.Second-1)/time.Second))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("admin login", "admin", req.Name)
	writeJSON(w, http.StatusOK, admin.LoginResponse{Token: tok, ExpiresAt: exp})
}

func (s *Server) adminHalls(w http.ResponseWriter, r *http.Request) {
	hs, err := s.store.Halls(r.Context())
	s.answer(w, r, hs, err)
}

// answer writes v as 200, or the error.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, v any, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if v == nil {
		v = struct{}{}
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice && rv.IsNil() {
		v = []struct{}{} // a list of none is [], not null
	}
	writeJSON(w, http.StatusOK, v)
}

// body reads an admin request body of at most limit bytes.
func body(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	return io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
}

func (s *Server) adminPut(w http.ResponseWriter, r *http.Request) {
	kind := r.PathValue("kind")
	if kind == "" {
		kind = "halls"
	}
	b, err := body(w, r, maxSmallBody)
	if err == nil {
		err = s.Admin.Put(r.Context(), kind, r.PathValue("hall"), r.PathValue("id"), b)
	}
	s.answer(w, r, nil, err)
}

func (s *Server) adminDelete(w http.ResponseWriter, r *http.Request) {
	s.answer(w, r, nil, s.Admin.Delete(r.Context(), r.PathValue("kind"), r.PathValue("id")))
}

// adminGet returns an entity's current state, as the kiosks of its hall
// have it.
func (s *Server) adminGet(w http.ResponseWriter, r *http.Request) {
	entity, ok := admin.FeedEntity(r.PathValue("kind"))
	if !ok {
		s.fail(w, r, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "no such kind"))
		return
	}
	hall, data, err := s.store.Entity(r.Context(), entity, r.PathValue("id"))
	s.answer(w, r, map[string]any{"hall_id": hall, "data": data}, err)
}

func (s *Server) adminSettings(w http.ResponseWriter, r *http.Request) {
	kv, err := s.store.Settings(r.Context(), r.PathValue("hall"))
	s.answer(w, r, kv, err)
}

func (s *Server) adminSetSettings(w http.ResponseWriter, r *http.Request) {
	var kv map[string]string
	if err := decodeJSON(w, r, maxSmallBody, &kv); err != nil {
		s.fail(w, r, err)
		return
	}
	hall := r.PathValue("hall")
	if err := s.store.SetSettings(r.Context(), hall, kv); err != nil {
		s.fail(w, r, err)
		return
	}
	kv, err := s.store.Settings(r.Context(), hall)
	s.answer(w, r, kv, err)
}

func (s *Server) adminEnrollCode(w http.ResponseWriter, r *http.Request) {
	var req admin.EnrollCodeRequest
	if err := decodeJSON(w, r, maxSmallBody, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	code, exp, err := s.Admin.EnrollCode(r.Context(), req.HallID)
	s.answer(w, r, admin.EnrollCodeResponse{Code: code, HallID: req.HallID, ExpiresAt: exp}, err)
}

func (s *Server) adminRoster(w http.ResponseWriter, r *http.Request) {
	// PINs are hashed in the background; GET roster/pins tells how far.
	n, pins, err := s.Admin.ImportRoster(r.Context(), http.MaxBytesReader(w, r.Body, maxCSVBody))
	s.answer(w, r, map[string]int{"imported": n, "pins": pins}, err)
}

// adminRosterPINs says how far the hashing of imported PINs is.
func (s *Server) adminRosterPINs(w http.ResponseWriter, r *http.Request) {
	s.answer(w, r, s.Admin.PINProgress(), nil)
}

func (s *Server) adminRequestStatus(w http.ResponseWriter, r *http.Request) {
	var req admin.RequestStatusRequest
	if err := decodeJSON(w, r, maxSmallBody, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.store.UpdateRequest(r.Context(), r.PathValue("id"), central.RequestUpdate(req))
	s.answer(w, r, out, err)
}

func (s *Server) adminKiosks(w http.ResponseWriter, r *http.Request) {
	ks, err := s.store.Kiosks(r.Context())
	s.answer(w, r, ks, err)
}
