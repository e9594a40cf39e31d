package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/pgstore"
	"onestop/sync/central/pgstore/pgtest"
	"onestop/sync/central/server"
	"onestop/sync/central/sqlitestore/sqlitetest"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
)

// env is the fixture campus behind a real HTTP server.
type env struct {
	*storetest.Fixture
	srv *server.Server
	url string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	f := storetest.NewFixture(t, sqlitetest.Fresh)
	return serve(t, f, f.S)
}

func newBenchEnv(b *testing.B) *env {
	b.Helper()
	f := storetest.NewFixture(b, sqlitetest.Fresh)
	e := serve(b, f, f.S)
	e.srv.KioskLimit = server.RateLimit{} // load runs hammer one kiosk on purpose
	return e
}

func serve(t testing.TB, f *storetest.Fixture, store central.Store) *env {
	t.Helper()
	srv := server.New(store, f.Clock, nil, nil)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &env{Fixture: f, srv: srv, url: ts.URL}
}

// Bearer tokens of the fixture's kiosks.
const tokK1, tokK2, tokKB = "token-k1", "token-k2", "token-kb"

// call sends a request; body is sent as is when it is a string or
// []byte, as JSON otherwise. It returns the status and the body.
func (e *env) call(method, path, token string, body any) (int, []byte) {
	e.T.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = bytes.NewReader([]byte(b))
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		e.Must(err)
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, e.url+path, r)
	e.Must(err)
	req.Header.Set(wire.HeaderVersion, wire.Version)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	e.Must(err)
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	e.Must(err)
	if res.StatusCode >= 300 && res.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		e.T.Fatalf("%s %s: %d with content type %q: %s", method, path, res.StatusCode, res.Header.Get("Content-Type"), out)
	}
	return res.StatusCode, out
}

// wantError fails unless the answer is the protocol's JSON error with
// the status and code (and field, when given).
func (e *env) wantError(status int, body []byte, wantStatus int, code, field string) wire.ErrorBody {
	e.T.Helper()
	var er wire.Error
	if err := json.Unmarshal(body, &er); err != nil {
		e.T.Fatalf("error body %q: %v", body, err)
	}
	if status != wantStatus || er.Error.Code != code || (field != "" && er.Error.Field != field) || er.Error.Message == "" {
		e.T.Fatalf("got %d %+v, want %d %s field %q", status, er.Error, wantStatus, code, field)
	}
	return er.Error
}

// push sends mutations as kiosk id with token and decodes a 200 answer.
func (e *env) push(token, kioskID string, ms ...wire.Mutation) wire.PushResponse {
	e.T.Helper()
	st, body := e.call(http.MethodPost, "/api/v1/push", token, wire.PushRequest{KioskID: kioskID, Mutations: ms})
	if st != http.StatusOK {
		e.T.Fatalf("push: %d %s", st, body)
	}
	var res wire.PushResponse
	e.Must(json.Unmarshal(body, &res))
	return res
}

// pull gets one page of the feed.
func (e *env) pull(token, cursor string, limit int) wire.PullResponse {
	e.T.Helper()
	path := "/api/v1/changes?cursor=" + cursor
	if limit > 0 {
		path += "&limit=" + strconv.Itoa(limit)
	}
	st, body := e.call(http.MethodGet, path, token, nil)
	if st != http.StatusOK {
		e.T.Fatalf("pull: %d %s", st, body)
	}
	var p wire.PullResponse
	e.Must(json.Unmarshal(body, &p))
	return p
}

// wm makes a wire mutation with a JSON payload.
func wm(t testing.TB, seq int64, kind, id string, payload any) wire.Mutation {
	t.Helper()
	b, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	return wire.Mutation{Seq: seq, ID: id, Kind: kind, Payload: b}
}

func visitPayload(id, student string) kiosk.Visit {
	return kiosk.Visit{ID: id, StudentKey: student, Purpose: kiosk.PurposeStudy, At: storetest.Start}
}

// pgFresh opens stores on one fresh PostgreSQL schema, each a handle of
// its own as another central process would have.
func pgFresh(t testing.TB) storetest.Opener {
	dsn := pgtest.Schema(t)
	return func(tb testing.TB, clock kiosk.Clock) central.Store {
		s, err := pgstore.Open(context.Background(), dsn, clock)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { s.Close() })
		return s
	}
}
