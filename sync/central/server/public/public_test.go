package public_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/storetest"
)

// get fetches a public page with an Accept-Language.
func (e *env) get(path, acceptLang string) (int, string, http.Header) {
	e.T.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.url+path, nil)
	if acceptLang != "" {
		req.Header.Set("Accept-Language", acceptLang)
	}
	res, err := http.DefaultClient.Do(req)
	e.Must(err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

// form posts a multipart form with text and, when given, a photo.
func (e *env) form(path, text string, photo []byte) (int, string) {
	e.T.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("text", text)
	if photo != nil {
		fw, _ := mw.CreateFormFile("photo", "p.png")
		fw.Write(photo)
	}
	mw.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Post(e.url+path, mw.FormDataContentType(), &b)
	e.Must(err)
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location") + string(body)
}

var png = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)

func TestRequestPage(t *testing.T) {
	e := newEnv(t)
	req := storetest.Request("r1", storetest.Alice)
	e.Push(e.K1, kiosk.KindRequestCreate, "r1", req)
	path := "/r/" + req.Token
	st, body, hdr := e.get(path, "")
	if st != http.StatusOK || !strings.Contains(body, req.Ticket) || !strings.Contains(body, "已提交") ||
		!strings.Contains(body, "报修") || !strings.Contains(body, "2026-03-05 09:00") {
		t.Fatalf("page %d:\n%s", st, body)
	}
	if hdr.Get("Referrer-Policy") != "no-referrer" || strings.Contains(body, storetest.Alice) {
		t.Fatal("the page leaks the token or the student")
	}
	if _, body, _ := e.get(path, "en-GB,en;q=0.8"); !strings.Contains(body, "Submitted") {
		t.Fatalf("english by Accept-Language:\n%s", body)
	}
	if _, body, _ := e.get(path+"?lang=en", "zh-CN"); !strings.Contains(body, "Repair") {
		t.Fatal("?lang=en must win")
	}
	st, loc := e.form(path+"?lang=en", "灯还是不亮 <b>", png)
	if st != http.StatusSeeOther || !strings.HasPrefix(loc, path+"?added=1&lang=en") {
		t.Fatalf("post %d %s", st, loc)
	}
	_, body, _ = e.get(path+"?added=1", "")
	if !strings.Contains(body, "灯还是不亮 &lt;b&gt;") || !strings.Contains(body, "已收到您的补充") || !strings.Contains(body, "📷") {
		t.Fatalf("after adding:\n%s", body)
	}
	ds, err := e.S.RequestDetails(e.Ctx, "r1")
	if err != nil || len(ds) != 1 || ds[0].PhotoType != "image/png" {
		t.Fatalf("details %+v %v", ds, err)
	}
	if st, _ := e.form(path, "", []byte("not an image at all")); st != http.StatusBadRequest {
		t.Fatalf("not an image: %d", st)
	}
	if st, _ := e.form(path, "", nil); st != http.StatusBadRequest {
		t.Fatalf("empty form: %d", st)
	}
	if st, _ := e.form(path, "", append(png, make([]byte, 6<<20)...)); st != http.StatusRequestEntityTooLarge {
		t.Fatalf("huge photo: %d", st)
	}
	if st, body, _ := e.get("/r/nosuchtoken", ""); st != http.StatusNotFound || !strings.Contains(body, "找不到") {
		t.Fatalf("unknown token %d", st)
	}
}

func TestAppointmentPage(t *testing.T) {
	e := newEnv(t)
	e.Must(e.S.PutMentor(e.Ctx, storetest.HallA, kiosk.Mentor{ID: "m-psy", Name: kiosk.LocalName{Zh: "林老师"}, Type: kiosk.MentorCounselling}))
	e.Must(e.S.PutMentorSlot(e.Ctx, kiosk.MentorSlot{ID: "s-psy", MentorID: "m-psy", Start: e.At(1, 14, 0), End: e.At(1, 14, 50)}))
	e.Must(e.S.PutMentor(e.Ctx, storetest.HallA, kiosk.Mentor{ID: storetest.MentorA, Name: kiosk.LocalName{Zh: "王老师", En: "Ms Wang"},
		Type: kiosk.MentorAcademic, Place: kiosk.LocalName{Zh: "二楼研讨室"}}))
	e.Push(e.K1, kiosk.KindAppointmentCreate, "ap1", kiosk.Appointment{ID: "ap1", SlotID: storetest.SlotA, StudentKey: storetest.Alice})
	e.Push(e.K1, kiosk.KindAppointmentCreate, "ap2", kiosk.Appointment{ID: "ap2", SlotID: "s-psy", StudentKey: storetest.Bob})
	st, body, _ := e.get("/a/ap1", "")
	if st != http.StatusOK || !strings.Contains(body, "王老师") || !strings.Contains(body, "学业导师") ||
		!strings.Contains(body, "2026-03-03 10:00 – 10:30") || !strings.Contains(body, "二楼研讨室") {
		t.Fatalf("academic %d:\n%s", st, body)
	}
	st, body, _ = e.get("/a/ap2?lang=en", "")
	if st != http.StatusOK || !strings.Contains(body, "Personal appointment") || strings.Contains(body, "林老师") ||
		strings.Contains(strings.ToLower(body), "counsel") {
		t.Fatalf("counselling page reveals its kind:\n%s", body)
	}
	if st, _, _ := e.get("/a/nope", ""); st != http.StatusNotFound {
		t.Fatalf("unknown appointment %d", st)
	}
}

// Regression (issue 9, item 10): text over the limit is refused with the
// limit and kept in the form, not cut silently; text no store keeps
// alike is refused; a body too large is not blamed on a photo.
func TestRequestPageRefusesBadText(t *testing.T) {
	e := newEnv(t)
	req := storetest.Request("r1", storetest.Alice)
	e.Push(e.K1, kiosk.KindRequestCreate, "r1", req)
	path := "/r/" + req.Token
	long := strings.Repeat("灯", 2001)
	st, body := e.form(path, long, nil)
	if st != http.StatusBadRequest || !strings.Contains(body, "2000") || !strings.Contains(body, long) {
		t.Fatalf("2001 characters: %d, limit or text missing:\n%.300s", st, body)
	}
	if st, _ := e.form(path, "灯\x00不亮", nil); st != http.StatusBadRequest {
		t.Fatalf("a NUL in the text: %d", st)
	}
	st, body = e.form(path, strings.Repeat("x", 6<<20), nil)
	if st != http.StatusRequestEntityTooLarge || !strings.Contains(body, "文字说明最多 2000 字") {
		t.Fatalf("6 MB of text: %d, blamed on the photo:\n%.300s", st, body)
	}
	if ds, err := e.S.RequestDetails(e.Ctx, "r1"); err != nil || len(ds) != 0 {
		t.Fatalf("refused text was stored: %+v %v", ds, err)
	}
}

// One status-page link adds at most central.MaxRequestDetails details:
// whoever holds it cannot fill central's disk with photos.
func TestRequestPageCapsAdditions(t *testing.T) {
	e := newEnv(t)
	req := storetest.Request("r1", storetest.Alice)
	e.Push(e.K1, kiosk.KindRequestCreate, "r1", req)
	path := "/r/" + req.Token
	for i := range central.MaxRequestDetails {
		if st, _ := e.form(path, fmt.Sprint("补充 ", i), nil); st != http.StatusSeeOther {
			t.Fatalf("addition %d: %d", i, st)
		}
	}
	st, body := e.form(path, "还有一条", nil)
	if st != http.StatusTooManyRequests || !strings.Contains(body, "不能再添加") || !strings.Contains(body, "还有一条") {
		t.Fatalf("one addition too many: %d\n%.300s", st, body)
	}
}
