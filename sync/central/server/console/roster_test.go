package console_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/server"
	"onestop/sync/central/storetest"
)

// upload posts a file to the roster preview of hall as the console's
// form does.
func (e *env) upload(c *http.Client, hall, name string, data []byte) (*http.Response, string) {
	e.T.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	e.Must(err)
	_, err = fw.Write(data)
	e.Must(err)
	e.Must(mw.Close())
	req, err := http.NewRequest(http.MethodPost, e.url+"/admin/roster/preview?lang=en&hall="+url.QueryEscape(hall), &buf)
	e.Must(err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	e.Must(err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

var roTokenRE = regexp.MustCompile(`name="token" value="([^"]+)"`)

// token is the preview's confirmation token on the page.
func roToken(t *testing.T, body string) string {
	t.Helper()
	m := roTokenRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no confirm form:\n%s", body)
	}
	return m[1]
}

// counts is the preview's row of counts: new, changed, removed,
// unchanged, rejected.
var roCountsRE = regexp.MustCompile(`(?s)<table id="ro-counts">.*?<tbody><tr><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>`)

func roCounts(t *testing.T, body string) string {
	t.Helper()
	m := roCountsRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no counts:\n%s", body)
	}
	return strings.Join(m[1:], " ")
}

func (e *env) hallRoster(hall string) []central.Student {
	e.T.Helper()
	ss, err := e.S.HallRoster(e.Ctx, hall)
	e.Must(err)
	return ss
}

func numberKey(e *env, number string) string {
	salt, err := e.S.Salt(e.Ctx)
	e.Must(err)
	return kiosk.HashIdentifier(salt, kiosk.HashStudentNumber, number)
}

const roFile = "学号,姓名,楼栋,楼层,角色\n" +
	"2024000001,张三华,b-a,3,志愿者\n" +
	"2024000002,李四,b-a,x,\n" + // line 3: a bad floor
	"2024000003,王五,b-a,5,\n"

func TestRosterPreviewConfirm(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("ada")
	res, body := e.do(c, http.MethodGet, "/admin/roster?lang=en", nil, "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `<strong id="ro-current">2</strong>`) || !strings.Contains(body, "Hall A") {
		t.Fatalf("roster page %d:\n%s", res.StatusCode, body)
	}

	// GB18030, as a Chinese Excel saves it.
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(roFile))
	e.Must(err)
	res, body = e.upload(c, storetest.HallA, "名单.csv", gb)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("preview %d:\n%s", res.StatusCode, body)
	}
	// Two new; Alice and Bob (not in the file) removed; line 3 rejected.
	if got := roCounts(t, body); got != "2 0 2 0 1" {
		t.Errorf("counts %s, want 2 new, 2 removed, 1 rejected", got)
	}
	if !strings.Contains(body, `<th scope="row">3</th><td>Floor “x” is not a valid number</td>`) || !strings.Contains(body, "<td>张*华</td><td>明德楼</td><td>3</td>") || !strings.Contains(body, "<td>李*</td>") {
		t.Errorf("line 3 or the students to remove not shown:\n%s", body)
	}
	token := roToken(t, body)
	if ss := e.hallRoster(storetest.HallA); len(ss) != 2 || ss[0].Key != storetest.Alice {
		t.Fatalf("a preview wrote the roster: %+v", ss)
	}

	res, body = e.do(c, http.MethodPost, "/admin/roster/confirm?lang=en", url.Values{"token": {token}}, "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Imported 名单.csv: 2 new, 0 changed, 2 removed.") {
		t.Fatalf("confirm %d:\n%s", res.StatusCode, body)
	}
	var keys []string
	for _, s := range e.hallRoster(storetest.HallA) {
		keys = append(keys, s.Key)
		if s.Key == numberKey(e, "2024000001") && (s.MaskedName != kiosk.MaskName("张三华") || s.Floor != 3 || !slices.Equal(s.Roles, []string{kiosk.RoleVolunteer})) {
			t.Errorf("imported %+v", s)
		}
	}
	want := []string{numberKey(e, "2024000001"), numberKey(e, "2024000003")}
	slices.Sort(want)
	if !slices.Equal(keys, want) {
		t.Fatalf("roster after import %v, want %v", keys, want)
	}
	var audit []central.AuditEntry
	e.Must(e.S.AuditLog(e.Ctx, central.AuditFilter{Entity: "roster"}, func(a central.AuditEntry) error { audit = append(audit, a); return nil }))
	if len(audit) != 1 || audit[0].Actor != "admin:ada" || !strings.Contains(string(audit[0].After), `"file":"名单.csv"`) {
		t.Errorf("audit %+v", audit)
	}

	// A token works once.
	res, body = e.do(c, http.MethodPost, "/admin/roster/confirm?lang=en", url.Values{"token": {token}}, "")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "This preview has expired or is not yours") {
		t.Fatalf("second confirm %d:\n%s", res.StatusCode, body)
	}

	// An .xlsx that moves 王五 a floor up and names the student of the
	// bad line again: one changed, 李四 new, nobody removed; without a
	// role column 张三华 stays a volunteer.
	x := excelize.NewFile()
	for i, row := range [][]any{{"Student number", "Name", "Building", "Floor"}, {2024000001, "张三华", "b-a", 3}, {2024000002, "李四", "b-a", 4}, {2024000003, "王五", "b-a", 6}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		e.Must(x.SetSheetRow("Sheet1", cell, &row))
	}
	xb, err := x.WriteToBuffer()
	e.Must(err)
	_, body = e.upload(c, storetest.HallA, "roster.xlsx", xb.Bytes())
	if got := roCounts(t, body); got != "1 1 0 1 0" || !strings.Contains(body, "The file has no role column") {
		t.Errorf("xlsx counts %s, want 1 new, 1 changed, 1 unchanged\n%s", got, body)
	}
	e.do(c, http.MethodPost, "/admin/roster/confirm", url.Values{"token": {roToken(t, body)}}, "")
	for _, s := range e.hallRoster(storetest.HallA) {
		if s.Key == numberKey(e, "2024000001") && !slices.Equal(s.Roles, []string{kiosk.RoleVolunteer}) {
			t.Errorf("张三华's roles %v after a file without roles", s.Roles)
		}
	}
}

func TestRosterPreviewRefusals(t *testing.T) {
	e := newEnv(t)
	ada := e.signIn("ada")

	// Another hall's roster is a 403 page, for the page and the upload.
	if res, _ := e.do(ada, http.MethodGet, "/admin/roster?hall="+storetest.HallB, nil, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("hall B's page for hall A's admin: %d", res.StatusCode)
	}
	if res, body := e.upload(ada, storetest.HallB, "r.csv", []byte(roFile)); res.StatusCode != http.StatusForbidden || strings.Contains(body, "ro-counts") {
		t.Errorf("hall B's upload for hall A's admin: %d", res.StatusCode)
	}
	if res, _ := e.do(e.signIn("vic"), http.MethodGet, "/admin/roster", nil, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("viewer: %d", res.StatusCode)
	}

	// A token is the admin's own: root's preview is not ada's to confirm.
	root := e.signIn("root")
	_, body := e.upload(root, storetest.HallA, "r.csv", []byte(roFile))
	token := roToken(t, body)
	res, body := e.do(ada, http.MethodPost, "/admin/roster/confirm?lang=en", url.Values{"token": {token}}, "")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "expired or is not yours") {
		t.Errorf("ada confirming root's preview: %d", res.StatusCode)
	}
	for _, bad := range []string{"", "nonsense"} {
		if res, _ := e.do(ada, http.MethodPost, "/admin/roster/confirm", url.Values{"token": {bad}}, ""); res.StatusCode != http.StatusBadRequest {
			t.Errorf("token %q: %d", bad, res.StatusCode)
		}
	}

	// An expired preview, then one the roster moved away from.
	_, body = e.upload(ada, storetest.HallA, "r.csv", []byte(roFile))
	token = roToken(t, body)
	e.Clock.Advance(31 * time.Minute)
	res, body = e.do(ada, http.MethodPost, "/admin/roster/confirm?lang=en", url.Values{"token": {token}}, "")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "upload the file again") {
		t.Errorf("expired preview: %d\n%s", res.StatusCode, body)
	}
	_, body = e.upload(ada, storetest.HallA, "r.csv", []byte(roFile))
	token = roToken(t, body)
	e.Must(e.S.PutStudents(e.Ctx, []central.Student{{Key: "key-new", MaskedName: "新*", BuildingID: storetest.BuildingA, Floor: 1}}))
	res, body = e.do(ada, http.MethodPost, "/admin/roster/confirm?lang=en", url.Values{"token": {token}}, "")
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "The roster changed after this preview") {
		t.Errorf("stale preview: %d\n%s", res.StatusCode, body)
	}
	if ss := e.hallRoster(storetest.HallA); len(ss) != 3 {
		t.Errorf("a stale confirm wrote: %d students, want Alice, Bob and key-new", len(ss))
	}
	// The page previews the same file again, against the roster now:
	// key-new is removed too, and this preview can be confirmed.
	if got := roCounts(t, body); got != "2 0 3 0 1" {
		t.Errorf("re-preview counts %s, want 2 new, 3 removed, 1 rejected", got)
	}
	if again := roToken(t, body); again == token {
		t.Error("the re-preview reuses the stale token")
	} else if res, body := e.do(ada, http.MethodPost, "/admin/roster/confirm?lang=en", url.Values{"token": {again}}, ""); res.StatusCode != http.StatusOK || !strings.Contains(body, "2 new, 0 changed, 3 removed") {
		t.Errorf("confirming the re-preview: %d\n%s", res.StatusCode, body)
	}

	// Too big, no file, a file without a student number column, another
	// hall's building and student: clear errors, nothing kept.
	res, body = e.upload(ada, storetest.HallA, "big.csv", bytes.Repeat([]byte("x"), 10<<20+1))
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "over 10 MB") {
		t.Errorf("too big: %d\n%s", res.StatusCode, body)
	}
	res, body = e.upload(ada, storetest.HallA, "empty.csv", nil)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `<p class="field-err" id="ro-file-err">Choose a file.</p>`) {
		t.Errorf("empty: %d\n%s", res.StatusCode, body)
	}
	res, body = e.upload(ada, storetest.HallA, "r.csv", []byte("姓名,楼栋\n张三,b-a\n"))
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Line 1: The header has no student number column") {
		t.Errorf("no number column: %d\n%s", res.StatusCode, body)
	}
	e.Must(e.S.PutStudents(e.Ctx, []central.Student{{Key: numberKey(e, "2024000009"), MaskedName: "何*", BuildingID: storetest.BuildingB, Floor: 1}}))
	res, body = e.upload(ada, storetest.HallA, "r.csv", []byte("2024000001,张三华,b-b,3\n2024000002,李四,b-a,3\n2024000009,何九,b-a,2\n2024000004,赵四,b-a,12\n"))
	if got := roCounts(t, body); res.StatusCode != http.StatusOK || got != "1 0 1 0 3" ||
		!strings.Contains(body, `<th scope="row">4</th><td>Floor above the building&#39;s 10 floors</td>`) || !strings.Contains(body, "Building “b-b” is not one of this hall&#39;s") ||
		!strings.Contains(body, `<th scope="row">3</th><td>The student is on another hall&#39;s roster</td>`) {
		t.Errorf("hall B's building: %d %s\n%s", res.StatusCode, got, body)
	}
}

// A PIN column is not imported from the console: no plain PIN waits in a
// preview, and students set theirs on the kiosk. The audit names the
// file by its base name, whatever path the browser sent.
func TestRosterPINColumnIgnored(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("root")
	_, body := e.upload(c, storetest.HallA, `C:\Users\ada\名单 (2).csv`, []byte("number,name,building,floor,pin\n2024000001,张三华,b-a,3,123456\n"))
	if !strings.Contains(body, "The file&#39;s PIN column is not imported") || !strings.Contains(body, "File: 名单 (2).csv") {
		t.Fatalf("preview:\n%s", body)
	}
	e.do(c, http.MethodPost, "/admin/roster/confirm", url.Values{"token": {roToken(t, body)}}, "")
	ss := e.hallRoster(storetest.HallA)
	if len(ss) != 1 || ss[0].Key != numberKey(e, "2024000001") || ss[0].PINHash != "" {
		t.Fatalf("roster %+v, want 张三华 without a PIN", ss)
	}
}

// A preview waits in the store, not in one process: another central
// process over the same database confirms it.
func TestRosterConfirmOnAnotherProcess(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("ada")
	_, body := e.upload(c, storetest.HallA, "r.csv", []byte(roFile))
	token := roToken(t, body)
	other := httptest.NewServer(server.New(e.S, e.Clock, nil, nil).Handler())
	t.Cleanup(other.Close)
	e2 := *e
	e2.url = other.URL
	res, body := e2.do(c, http.MethodPost, "/admin/roster/confirm?lang=en", url.Values{"token": {token}}, "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "2 new, 0 changed, 2 removed") {
		t.Fatalf("confirm on the other process: %d\n%s", res.StatusCode, body)
	}
}

// A card that another hall's student holds is a rejected line in the
// preview; taken between the preview and the confirmation, it refuses
// the confirmation with nothing written and a message that says what to
// check.
func TestRosterCardTaken(t *testing.T) {
	e := newEnv(t)
	salt, err := e.S.Salt(e.Ctx)
	e.Must(err)
	carol := central.Student{Key: storetest.Carol, CardKey: kiosk.HashIdentifier(salt, kiosk.HashCard, "C9"), MaskedName: "陈*", BuildingID: storetest.BuildingB, Floor: 2}
	e.Must(e.S.PutStudents(e.Ctx, []central.Student{carol}))
	c := e.signIn("ada")
	file := []byte("学号,姓名,楼栋,楼层,卡号\n2024000001,张三华,b-a,3,C9\n2024000002,李四,b-a,3,C8\n")
	_, body := e.upload(c, storetest.HallA, "r.csv", file)
	if got := roCounts(t, body); got != "1 0 2 0 1" || !strings.Contains(body, `<th scope="row">2</th><td>The card belongs to a student of another hall</td>`) {
		t.Fatalf("preview %s:\n%s", got, body)
	}
	token := roToken(t, body)
	carol.CardKey = kiosk.HashIdentifier(salt, kiosk.HashCard, "C8")
	e.Must(e.S.PutStudents(e.Ctx, []central.Student{carol}))
	res, body := e.do(c, http.MethodPost, "/admin/roster/confirm?lang=en", url.Values{"token": {token}}, "")
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "A card in the file already belongs to another student") {
		t.Fatalf("card taken: %d\n%s", res.StatusCode, body)
	}
	if ss := e.hallRoster(storetest.HallA); len(ss) != 2 || ss[0].Key != storetest.Alice {
		t.Errorf("a refused import wrote %+v", ss)
	}
}
