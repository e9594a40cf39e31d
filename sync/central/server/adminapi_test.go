package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/sync/central"
	"onestop/sync/central/admin"
	"onestop/sync/central/server"
	"onestop/sync/central/sqlitestore/sqlitetest"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
)

const adminPassword = "correct horse battery"

// login creates the admin "root" and returns a session token.
func (e *env) login() string {
	e.T.Helper()
	e.Must(e.srv.Admin.SetPassword(e.Ctx, "root", adminPassword))
	st, body := e.call(http.MethodPost, "/api/v1/admin/login", "", admin.LoginRequest{Name: "root", Password: adminPassword})
	if st != http.StatusOK {
		e.T.Fatalf("login %d %s", st, body)
	}
	var res admin.LoginResponse
	e.Must(json.Unmarshal(body, &res))
	return res.Token
}

func TestAdminAuth(t *testing.T) {
	e := newEnv(t)
	tok := e.login()
	st, body := e.call(http.MethodPost, "/api/v1/admin/login", "", admin.LoginRequest{Name: "root", Password: "wrong password"})
	e.wantError(st, body, http.StatusUnauthorized, kiosk.EUNAUTHORIZED, "")
	st, body = e.call(http.MethodPost, "/api/v1/admin/login", "", admin.LoginRequest{Name: "nobody", Password: adminPassword})
	e.wantError(st, body, http.StatusUnauthorized, kiosk.EUNAUTHORIZED, "")
	for _, bad := range []string{"", tokK1, "forged"} {
		st, body = e.call(http.MethodGet, "/api/v1/admin/halls", bad, nil)
		e.wantError(st, body, http.StatusUnauthorized, kiosk.EUNAUTHORIZED, "")
	}
	st, body = e.call(http.MethodGet, "/api/v1/admin/halls", tok, nil)
	var hs []central.Hall
	if e.Must(json.Unmarshal(body, &hs)); st != http.StatusOK || len(hs) != 2 {
		t.Fatalf("halls %d %s", st, body)
	}
	if err := e.srv.Admin.SetPassword(e.Ctx, "weak", "short"); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("short password: %v", err)
	}
}

// TestAdminChangesReachFeed: each admin change shows in the feed of the
// hall it concerns, and only there.
func TestAdminChangesReachFeed(t *testing.T) {
	e := newEnv(t)
	tok := e.login()
	ca := e.pull(tokK1, "", 0).NextCursor
	cb := e.pull(tokKB, "", 0).NextCursor
	ok := func(st int, body []byte) {
		t.Helper()
		if st != http.StatusOK {
			t.Fatalf("%d %s", st, body)
		}
	}
	ok(e.call(http.MethodPut, "/api/v1/admin/halls/hall-a/rooms/r2", tok,
		`{"name":{"zh":"研讨室","en":"Seminar"},"type":"seminar","capacity":12,"building_id":"b-a","floor":2,"opens":480,"closes":1320,"active":true}`))
	ok(e.call(http.MethodPut, "/api/v1/admin/halls/hall-a/announcements/n1", tok, kiosk.Announcement{Title: kiosk.LocalName{Zh: "停水通知"}, StartsAt: storetest.Start}))
	ok(e.call(http.MethodPut, "/api/v1/admin/mentor-slots/s9", tok, kiosk.MentorSlot{MentorID: storetest.MentorA, Start: e.At(3, 9, 0), End: e.At(3, 9, 30)}))
	ok(e.call(http.MethodPatch, "/api/v1/admin/halls/hall-a/settings", tok, map[string]string{kiosk.SettingIdleTimeout: "120"}))
	ok(e.call(http.MethodDelete, "/api/v1/admin/events/"+storetest.EventA, tok, nil))
	ok(e.call(http.MethodPut, "/api/v1/admin/halls/hall-a", tok, central.Hall{Name: kiosk.LocalName{Zh: "新名字", En: "New name"}}))

	p := e.pull(tokK1, ca, 0)
	var got []string
	for _, c := range p.Changes {
		got = append(got, c.Op+" "+c.Entity+" "+c.ID)
	}
	want := "upsert room r2|upsert announcement n1|upsert mentor_slot s9|upsert settings hall-a|delete event event-a|upsert settings hall-a"
	if strings.Join(got, "|") != want {
		t.Fatalf("hall A feed:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	if kv := storetestDecode[map[string]string](t, p.Changes[5].Data); kv[kiosk.SettingHallNameEn] != "New name" || kv[kiosk.SettingIdleTimeout] != "120" {
		t.Fatalf("settings %v", kv)
	}
	if p := e.pull(tokKB, cb, 0); len(p.Changes) != 0 {
		t.Fatalf("hall B got %+v", p.Changes)
	}

	st, body := e.call(http.MethodPut, "/api/v1/admin/halls/hall-a/rooms/r3", tok, `{"type":"study","colour":"red"}`)
	e.wantError(st, body, http.StatusBadRequest, kiosk.EINVALID, "colour")
	st, body = e.call(http.MethodPut, "/api/v1/admin/halls/hall-a/rooms/r3", tok, `{"id":"r4","type":"study"}`)
	e.wantError(st, body, http.StatusBadRequest, kiosk.EINVALID, "id")
	st, body = e.call(http.MethodPut, "/api/v1/admin/halls/hall-a/rooms/r3", tok, `{"capacity":"many"}`)
	e.wantError(st, body, http.StatusBadRequest, kiosk.EINVALID, "capacity")
	// Issue 9, item 10: a floor far out of any building.
	st, body = e.call(http.MethodPut, "/api/v1/admin/halls/hall-a/rooms/r3", tok,
		`{"type":"study","building_id":"`+storetest.BuildingA+`","floor":-9223372036854775808,"opens":480,"closes":1320}`)
	e.wantError(st, body, http.StatusBadRequest, kiosk.EINVALID, "floor")
	st, body = e.call(http.MethodPut, "/api/v1/admin/halls/hall-a/pools/p1", tok, `{}`)
	e.wantError(st, body, http.StatusNotFound, kiosk.ENOTFOUND, "")
	st, body = e.call(http.MethodDelete, "/api/v1/admin/rooms/nope", tok, nil)
	e.wantError(st, body, http.StatusNotFound, kiosk.ENOTFOUND, "")
	st, body = e.call(http.MethodGet, "/api/v1/admin/rooms/r2", tok, nil)
	if st != http.StatusOK || !strings.Contains(string(body), `"hall_id":"hall-a"`) {
		t.Fatalf("get room %d %s", st, body)
	}
}

func storetestDecode[T any](t *testing.T, b json.RawMessage) T { return storetest.Decode[T](t, b) }

func TestAdminEnrollAndRequests(t *testing.T) {
	e := newEnv(t)
	tok := e.login()
	st, body := e.call(http.MethodPost, "/api/v1/admin/enroll-codes", tok, admin.EnrollCodeRequest{HallID: storetest.HallB})
	var code admin.EnrollCodeResponse
	if e.Must(json.Unmarshal(body, &code)); st != http.StatusOK || len(code.Code) != 19 || !code.ExpiresAt.Equal(e.Clock.Now().Add(24*60*60*1e9)) {
		t.Fatalf("code %d %s", st, body)
	}
	st, body = e.call(http.MethodPost, "/api/v1/enroll", "", wire.EnrollRequest{Code: code.Code, Name: "B2"})
	if st != http.StatusOK || !strings.Contains(string(body), `"hall_id":"hall-b"`) {
		t.Fatalf("enroll %d %s", st, body)
	}
	st, body = e.call(http.MethodPost, "/api/v1/admin/enroll-codes", tok, admin.EnrollCodeRequest{HallID: "nowhere"})
	e.wantError(st, body, http.StatusNotFound, kiosk.ENOTFOUND, "")

	e.push(tokK1, "k1", wm(t, 1, kiosk.KindRequestCreate, "r1", storetest.Request("r1", storetest.Alice)))
	c := e.pull(tokK1, "", 0).NextCursor
	st, body = e.call(http.MethodPost, "/api/v1/admin/requests/r1/status", tok,
		admin.RequestStatusRequest{Status: kiosk.RequestDispatched, Note: "已派维修工", DueAt: e.At(1, 18, 0)})
	if st != http.StatusOK {
		t.Fatalf("status %d %s", st, body)
	}
	p := e.pull(tokK1, c, 0)
	r := storetest.Decode[kiosk.Request](t, p.Changes[0].Data)
	if len(p.Changes) != 1 || r.Status != kiosk.RequestDispatched || r.Notes[0].Text != "已派维修工" || !r.DueAt.Equal(e.At(1, 18, 0)) {
		t.Fatalf("request in feed %+v", r)
	}
	st, body = e.call(http.MethodGet, "/api/v1/admin/kiosks", tok, nil)
	if st != http.StatusOK || !strings.Contains(string(body), `"B2"`) {
		t.Fatalf("kiosks %d %s", st, body)
	}
}

func TestAdminRoster(t *testing.T) {
	e := newEnv(t)
	tok := e.login()
	csv := "学号,姓名,楼栋,楼层,卡号,角色,PIN\n" +
		"2024990001,王小明,b-a,4,C0FFEE01,student;volunteer,1234\n" +
		"2024990002,Li Hua,b-b,2,,student,\n"
	st, body := e.call(http.MethodPost, "/api/v1/admin/roster", tok, csv)
	if st != http.StatusOK || string(body) != "{\"imported\":2,\"pins\":1}\n" {
		t.Fatalf("import %d %s", st, body)
	}
	// The PIN is hashed in the background (argon2id takes a while each).
	e.Must(e.srv.Admin.WaitPINs(e.Ctx, func(admin.PINProgress) {}))
	st, body = e.call(http.MethodGet, "/api/v1/admin/roster/pins", tok, nil)
	if st != http.StatusOK || !strings.Contains(string(body), `"done":1,"total":1`) {
		t.Fatalf("pin progress %d %s", st, body)
	}
	salt, _ := e.S.Salt(e.Ctx)
	key := kiosk.HashIdentifier(salt, kiosk.HashStudentNumber, "2024990001")
	p := e.pull(tokK1, "", 0)
	var found bool
	for _, c := range p.Changes {
		if c.Entity != wire.EntityStudent || c.ID != key {
			continue
		}
		s := storetest.Decode[central.Student](t, c.Data)
		found = s.MaskedName == "王*明" && s.CardKey == kiosk.HashIdentifier(salt, kiosk.HashCard, "C0FFEE01") &&
			strings.HasPrefix(s.PINHash, "argon2id$v=19$m=19456,t=2,p=1$") && len(s.Roles) == 2 && s.Floor == 4
		if strings.Contains(string(c.Data), "2024990001") || strings.Contains(string(c.Data), "王小明") {
			t.Fatalf("plain identifier in the feed: %s", c.Data)
		}
	}
	if !found {
		t.Fatal("imported student missing or wrong in hall A's feed")
	}
	bad := "2024990003,张三,b-a,x,,student,\n12,李四,b-a,1,,,\n2024990005,赵五,b-a,1,,wizard,\n"
	st, body = e.call(http.MethodPost, "/api/v1/admin/roster", tok, bad)
	eb := e.wantError(st, body, http.StatusBadRequest, kiosk.EINVALID, "roster")
	for _, line := range []string{"line 1", "line 2", "line 3"} {
		if !strings.Contains(eb.Message, line) {
			t.Fatalf("problems %q lack %s", eb.Message, line)
		}
	}
}

// Regression (issue 9, item 10): a list of none is [], not null.
func TestAdminEmptyListIsArray(t *testing.T) {
	clock := kiosktest.NewClock(storetest.Start)
	srv := server.New(sqlitetest.Fresh(t)(t, clock), clock, nil, nil)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	e := &env{Fixture: &storetest.Fixture{T: t, Ctx: context.Background(), Clock: clock}, srv: srv, url: ts.URL}
	tok := e.login()
	st, body := e.call(http.MethodGet, "/api/v1/admin/kiosks", tok, nil)
	if st != http.StatusOK || strings.TrimSpace(string(body)) != "[]" {
		t.Fatalf("kiosks of a new central: %d %s", st, body)
	}
}

// Regression (issue 9, item 5): wrong passwords get a 429 with
// Retry-After once a few have failed.
func TestAdminLoginThrottled(t *testing.T) {
	e := newEnv(t)
	e.login()
	throttled := 0
	for range 8 {
		st, retry, _ := e.send("/api/v1/admin/login", "", admin.LoginRequest{Name: "root", Password: "not the password"})
		if st == http.StatusTooManyRequests {
			throttled++
			if retry == "" {
				t.Fatal("429 without Retry-After")
			}
		}
	}
	if throttled == 0 {
		t.Fatal("eight wrong passwords in a row were never throttled")
	}
}
