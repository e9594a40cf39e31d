package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/admin"
	"onestop/sync/wire"
)

type ctxKey int

const kioskKey ctxKey = iota

// kiosk authenticates the bearer token of an enrolled kiosk.
func (s *Server) kiosk(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok := bearer(r.Header.Get("Authorization"))
		if tok == "" {
			s.fail(w, r, kiosk.Errorf(kiosk.EUNAUTHORIZED, kiosk.MsgErrInternal, "bearer token missing"))
			return
		}
		k, err := s.kioskByToken(r.Context(), central.HashSecret(tok))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), kioskKey, k)))
	}
}

func kioskOf(r *http.Request) central.Kiosk { return r.Context().Value(kioskKey).(central.Kiosk) }

// Token lookups are cached briefly: a kiosk polls every few seconds and
// the lookup was a quarter of a pull's cost. Only a kiosk's id and hall
// are used from the cached copy, and neither changes once enrolled.
const (
	tokenTTL     = 30 * time.Second
	tokenEntries = 10_000
)

type tokenCache struct {
	mu sync.Mutex
	m  map[string]cachedKiosk
}

type cachedKiosk struct {
	k     central.Kiosk
	until time.Time
}

func (s *Server) kioskByToken(ctx context.Context, hash string) (central.Kiosk, error) {
	now := s.clock.Now()
	s.tokens.mu.Lock()
	c, ok := s.tokens.m[hash]
	s.tokens.mu.Unlock()
	if ok && now.Before(c.until) {
		return c.k, nil
	}
	k, err := s.store.KioskByToken(ctx, hash)
	if err != nil {
		return k, err
	}
	s.tokens.mu.Lock()
	if s.tokens.m == nil || len(s.tokens.m) >= tokenEntries {
		s.tokens.m = map[string]cachedKiosk{} // crude, and rare: kiosks are few
	}
	s.tokens.m[hash] = cachedKiosk{k: k, until: now.Add(tokenTTL)}
	s.tokens.mu.Unlock()
	return k, nil
}

func (s *Server) enroll(w http.ResponseWriter, r *http.Request) {
	var req wire.EnrollRequest
	if err := decodeJSON(w, r, maxSmallBody, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	code := admin.NormalizeCode(req.Code)
	if code == "" {
		s.fail(w, r, invalidField("code", "enrollment code missing"))
		return
	}
	if len(req.Name) > 200 {
		s.fail(w, r, invalidField("name", "name longer than 200 bytes"))
		return
	}
	id, err1 := admin.NewToken(s.random, 9)
	tok, err2 := admin.NewToken(s.random, 32)
	if err1 != nil || err2 != nil {
		s.fail(w, r, fmt.Errorf("enroll: %v %v", err1, err2))
		return
	}
	name := strings.TrimSpace(req.Name)
	if name == "" {
		name = "kiosk"
	}
	k, err := s.store.Enroll(r.Context(), central.HashSecret(code), central.Kiosk{ID: "k_" + id, Name: name}, central.HashSecret(tok))
	if kiosk.ErrorCode(err) == kiosk.ENOTFOUND {
		err = kiosk.Errorf(kiosk.EUNAUTHORIZED, kiosk.MsgErrInternal, "enrollment code unknown, used or expired")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("kiosk enrolled", "kiosk", k.ID, "hall", k.HallID, "name", k.Name)
	writeJSON(w, http.StatusOK, wire.EnrollResponse{KioskID: k.ID, Token: tok, HallID: k.HallID})
}

func (s *Server) push(w http.ResponseWriter, r *http.Request) {
	start := s.clock.Now()
	k := kioskOf(r)
	var req wire.PushRequest
	if err := decodePush(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	if req.KioskID != k.ID {
		s.fail(w, r, &Failure{Code: kiosk.EFORBIDDEN, Field: "kiosk_id", Message: "kiosk_id is not the token's kiosk"})
		return
	}
	ms, err := mutations(req.Mutations)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.store.Push(r.Context(), k, ms)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := wire.PushResponse{Results: make([]wire.Result, len(res.Results)), LastSeq: res.LastSeq}
	kinds, outcomes := make([]string, len(res.Results)), make([]string, len(res.Results))
	for i, x := range res.Results {
		out.Results[i] = wire.Result{Seq: x.Seq, Status: x.Status, Stored: x.Stored, Code: x.Code, Field: x.Field,
			MessageID: x.MessageID, Entity: x.Entity}
		if j := int(x.Seq - ms[0].Seq); j >= 0 && j < len(ms) {
			kinds[i] = ms[j].Kind
		}
		outcomes[i] = x.Status
	}
	s.metrics.Push(s.clock.Now().Sub(start), kinds, outcomes)
	writeJSON(w, http.StatusOK, out)
}

// mutations checks a push's shape, naming the first bad field.
func mutations(in []wire.Mutation) ([]kiosk.Mutation, error) {
	if len(in) > wire.MaxMutations {
		return nil, &Failure{Code: wire.CodeTooLarge, Field: "mutations",
			Message: fmt.Sprintf("%d mutations; at most %d per push", len(in), wire.MaxMutations)}
	}
	out := make([]kiosk.Mutation, len(in))
	for i, m := range in {
		field := func(f string) string { return fmt.Sprintf("mutations[%d].%s", i, f) }
		switch {
		case m.Seq < 1:
			return nil, invalidField(field("seq"), "seq must be 1 or more")
		case i > 0 && m.Seq != in[i-1].Seq+1:
			return nil, invalidField(field("seq"), "seqs in a push must be consecutive")
		case m.ID == "":
			return nil, invalidField(field("id"), "id missing")
		case m.Kind == "":
			return nil, invalidField(field("kind"), "kind missing")
		case len(m.Payload) == 0 || m.Payload[0] != '{':
			return nil, invalidField(field("payload"), "payload must be a JSON object")
		}
		out[i] = kiosk.Mutation{Seq: m.Seq, ID: m.ID, Kind: m.Kind, At: m.At, Payload: m.Payload}
	}
	return out, nil
}

func (s *Server) changes(w http.ResponseWriter, r *http.Request) {
	start := s.clock.Now()
	k := kioskOf(r)
	limit := wire.MaxPullLimit
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			s.fail(w, r, invalidField("limit", "limit must be a positive number"))
			return
		}
		limit = min(n, wire.MaxPullLimit)
	}
	wait, err := waitParam(r.URL.Query().Get("wait"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.changesWaiting(r.Context(), k.HallID, central.DecodeCursor(r.URL.Query().Get("cursor")), limit, wait)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := wire.PullResponse{Changes: make([]wire.Change, len(p.Changes)), NextCursor: p.Next.Encode(),
		HasMore: p.HasMore, Reset: p.Reset}
	for i, c := range p.Changes {
		out.Changes[i] = wire.Change{Entity: c.Entity, Op: c.Op, ID: c.ID, Data: json.RawMessage(c.Data)}
	}
	s.metrics.Pull(s.clock.Now().Sub(start), wait > 0)
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) heartbeat(w http.ResponseWriter, r *http.Request) {
	var hb wire.Heartbeat
	if err := decodeJSON(w, r, maxSmallBody, &hb); err != nil {
		s.fail(w, r, err)
		return
	}
	if hb.OutboxPending < 0 {
		s.fail(w, r, invalidField("outbox_pending", "outbox_pending: want a whole number from 0"))
		return
	}
	if utf8.RuneCountInString(hb.LastError) > wire.MaxHeartbeatError {
		s.fail(w, r, invalidField("last_error", fmt.Sprintf("last_error: at most %d characters", wire.MaxHeartbeatError)))
		return
	}
	if utf8.RuneCountInString(hb.UpdateError) > wire.MaxHeartbeatError {
		s.fail(w, r, invalidField("update_error", fmt.Sprintf("update_error: at most %d characters", wire.MaxHeartbeatError)))
		return
	}
	if hb.ManifestSeq < 0 {
		s.fail(w, r, invalidField("manifest_seq", "manifest_seq: want a whole number from 0"))
		return
	}
	h := central.Health{Version: hb.Version, OutboxPending: hb.OutboxPending, OldestPendingAt: hb.OldestPendingAt,
		LastPullAt: hb.LastPullAt, LastError: hb.LastError, ManifestSeq: hb.ManifestSeq, UpdateError: hb.UpdateError}
	last, err := s.store.Heartbeat(r.Context(), kioskOf(r).ID, h)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.HeartbeatResponse{ServerTime: s.clock.Now(), LastSeq: &last})
}

// releasePackage streams a published release's package to a kiosk, with
// its length: the kiosk checks size and hash itself (update.VerifyPackage),
// so central only serves the bytes the admin published.
func (s *Server) releasePackage(w http.ResponseWriter, r *http.Request) {
	seq, err := strconv.ParseInt(r.PathValue("seq"), 10, 64)
	if err != nil || seq <= 0 {
		s.fail(w, r, invalidField("seq", "seq: want a release number"))
		return
	}
	rc, size, err := s.store.Package(r.Context(), seq, r.PathValue("file"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	// Past the header only the connection can say it failed: a short
	// body against Content-Length, which the kiosk refuses.
	if err := copyPackage(w, rc); err != nil && r.Context().Err() == nil {
		s.log.Warn("release package", "seq", seq, "file", r.PathValue("file"), "kiosk", kioskOf(r).ID, "err", err)
	}
}

// packageWriteWindow is how long one piece of a package may take to
// reach the kiosk. The server's WriteTimeout (a minute, for the long
// poll) would cut a large package on a slow link; the deadline moves
// with progress instead. It is the connection's, so on the wall clock.
const packageWriteWindow = time.Minute

func copyPackage(w http.ResponseWriter, r io.Reader) error {
	ctl := http.NewResponseController(w)
	buf := make([]byte, 256<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			// Not every writer has a deadline (a test recorder); then the
			// server's own timeout stands.
			_ = ctl.SetWriteDeadline(time.Now().Add(packageWriteWindow))
			if _, werr := w.Write(buf[:n]); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
