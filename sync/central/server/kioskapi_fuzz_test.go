package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/server"
	"onestop/sync/central/sqlitestore/sqlitetest"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
)

// fuzzEnv is one fixture campus behind a real HTTP server for a whole
// fuzz target (a fresh one per input would be far too slow), without
// the per-kiosk rate limit a fuzzer would hit at once.
func fuzzEnv(f *testing.F) *env {
	fx := storetest.NewFixture(f, sqlitetest.Fresh)
	e := serve(f, fx, fx.S)
	e.srv.KioskLimit = server.RateLimit{}
	return e
}

// fuzzCall sends a request as kiosk k1 and checks what every answer on
// /api must be: never a 5xx, and anything but a 200 the protocol's JSON
// error with a code whose status is the one answered.
func fuzzCall(t *testing.T, e *env, method, path string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, e.url+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(wire.HeaderVersion, wire.Version)
	req.Header.Set("Authorization", "Bearer "+tokK1)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", method, path, err)
	}
	if res.StatusCode >= 500 {
		t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, out)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Fatalf("%s %s: %d with content type %q: %s", method, path, res.StatusCode, ct, out)
	}
	if res.StatusCode != http.StatusOK {
		var er wire.Error
		d := json.NewDecoder(bytes.NewReader(out))
		d.DisallowUnknownFields()
		if err := d.Decode(&er); err != nil || er.Error.Code == "" || er.Error.Message == "" ||
			wire.HTTPStatus(er.Error.Code) != res.StatusCode || (er.Error.Code == wire.CodeSeqGap) != (er.Error.ExpectedSeq > 0) {
			t.Fatalf("%s %s: %d with error body %s (%v)", method, path, res.StatusCode, out, err)
		}
	}
	return res.StatusCode, out
}

// FuzzPush posts any body to /api/v1/push. Besides fuzzCall's checks, a
// 200 answers each mutation of the push, in order, with a known status.
func FuzzPush(f *testing.F) {
	e := fuzzEnv(f)
	visit := func(seq int64, id string) wire.Mutation {
		return wm(f, seq, kiosk.KindVisitCheckin, id, visitPayload(id, storetest.Alice))
	}
	booking := wm(f, 2, kiosk.KindBookingCreate, "b1", storetest.Booking("b1", storetest.RoomA, storetest.Alice, e.At(1, 10, 0), e.At(1, 11, 0)))
	for _, p := range []wire.PushRequest{
		{KioskID: "k1", Mutations: []wire.Mutation{visit(1, "v1")}},
		{KioskID: "k1", Mutations: []wire.Mutation{visit(1, "v1"), booking}},
		{KioskID: "k1", Mutations: []wire.Mutation{visit(7, "v7")}},
		{KioskID: "k1", Mutations: []wire.Mutation{visit(3, "v3"), visit(5, "v5")}},
		{KioskID: "k1", Mutations: []wire.Mutation{{Seq: 3, ID: "x", Kind: "no.such_kind", Payload: json.RawMessage(`{}`)}}},
		{KioskID: "k2", Mutations: []wire.Mutation{visit(1, "v1")}},
		{KioskID: "k1"},
	} {
		b, err := json.Marshal(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		``, `null`, `"push"`, `{}`, `{"kiosk_id":"k1","mutations":null}`, `{"kiosk_id":"k1"} {}`,
		`{"kiosk_id":"k1","mutations":[{"seq":1,"id":"v","kind":"visit.checkin","payload":[]}]}`,
		`{"kiosk_id":"k1","mutations":[{"seq":1e400,"id":"v","kind":"visit.checkin","payload":{}}]}`,
		`{"kiosk_id":"k1","mutations":[{"seq":1,"id":"v","kind":"visit.checkin","at":"yesterday","payload":{}}]}`,
		`{"kiosk_id":"k1","mutations":[{"seq":1,"id":"v\u0000","kind":"visit.checkin","payload":{"id":"v\u0000"}}]}`,
		"{\"kiosk_id\":\"k1\",\"mutations\":[{\"seq\":1,\"id\":\"v\xff\",\"kind\":\"visit.checkin\",\"payload\":{}}]}",
		`{"kiosk_id":"k1","mutations":[{"seq":1,"id":"v","kind":"visit.checkin","payload":{"student_key":{}}}],"extra":1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		st, out := fuzzCall(t, e, http.MethodPost, "/api/v1/push", body)
		if st != http.StatusOK {
			return
		}
		var req wire.PushRequest
		if err := json.Unmarshal(body, &req); err != nil {
			t.Fatalf("a push central took does not decode: %v", err)
		}
		var res wire.PushResponse
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatalf("push answer %s: %v", out, err)
		}
		if len(res.Results) != len(req.Mutations) {
			t.Fatalf("%d results for %d mutations: %s", len(res.Results), len(req.Mutations), out)
		}
		final := []string{wire.StatusApplied, wire.StatusRejected, wire.StatusConflict}
		for i, r := range res.Results {
			switch {
			case r.Seq != req.Mutations[i].Seq:
				t.Fatalf("result %d has seq %d, its mutation %d", i, r.Seq, req.Mutations[i].Seq)
			case r.Status == wire.StatusDuplicate && !slices.Contains(final, r.Stored),
				r.Status != wire.StatusDuplicate && !slices.Contains(final, r.Status):
				t.Fatalf("result %d: status %q stored %q", i, r.Status, r.Stored)
			case r.Status == wire.StatusRejected && r.Code == "":
				t.Fatalf("result %d rejected without a code", i)
			case r.Seq > res.LastSeq:
				t.Fatalf("result %d for seq %d past last_seq %d", i, r.Seq, res.LastSeq)
			}
		}
	})
}

// FuzzChanges pulls /api/v1/changes with any cursor and limit. Besides
// fuzzCall's checks, a 200 is a page of at most the limit of known
// entities and ops, with a next cursor that reads back as itself; only
// a bad limit is refused (a bad cursor means a snapshot).
func FuzzChanges(f *testing.F) {
	e := fuzzEnv(f)
	first := e.pull(tokK1, "", 1)
	rest := e.pull(tokK1, first.NextCursor, 0)
	for _, c := range []struct{ cursor, limit string }{
		{"", ""}, {first.NextCursor, "1"}, {rest.NextCursor, "500"}, {rest.NextCursor, "501"},
		{"garbage", "2"}, {"", "0"}, {"", "-1"}, {"", "lots"}, {"", "99999999999999999999"}, {"", " 3"},
		{central.Cursor{Epoch: "other", After: 1 << 40}.Encode(), ""},
		{central.Cursor{Epoch: "other", After: 3, Snapshot: true, Rank: 1 << 30, ID: "\x00"}.Encode(), "7"},
	} {
		f.Add(c.cursor, c.limit)
	}
	f.Fuzz(func(t *testing.T, cursor, limit string) {
		q := url.Values{"cursor": {cursor}}
		if limit != "" {
			q.Set("limit", limit)
		}
		st, out := fuzzCall(t, e, http.MethodGet, "/api/v1/changes?"+q.Encode(), nil)
		if st != http.StatusOK {
			var er wire.Error
			json.Unmarshal(out, &er)
			if st != http.StatusBadRequest || er.Error.Field != "limit" {
				t.Fatalf("cursor %q limit %q: %d %s", cursor, limit, st, out)
			}
			return
		}
		var p wire.PullResponse
		if err := json.Unmarshal(out, &p); err != nil {
			t.Fatalf("pull answer %s: %v", out, err)
		}
		max := wire.MaxPullLimit
		if n, err := strconv.Atoi(limit); err == nil && n >= 1 {
			max = min(n, max)
		}
		if len(p.Changes) > max {
			t.Fatalf("%d changes in a page of at most %d", len(p.Changes), max)
		}
		for _, c := range p.Changes {
			if !slices.Contains(wire.Entities, c.Entity) || (c.Op != wire.OpUpsert && c.Op != wire.OpDelete) || c.ID == "" {
				t.Fatalf("change %+v", c)
			}
		}
		next := central.DecodeCursor(p.NextCursor)
		if next == (central.Cursor{}) || next.Encode() != p.NextCursor {
			t.Fatalf("next cursor %q reads as %+v", p.NextCursor, next)
		}
	})
}
