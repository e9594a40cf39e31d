package public_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"onestop/kiosk"
	"onestop/sync/central/server/public"
	"onestop/sync/central/sqlitestore/sqlitetest"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
)

// FuzzRequestForm posts what a phone may send to a request's status
// page, /r/{token}: text and a photo in a well-formed form, or (raw)
// the text as the whole multipart body. Each input gets a request of
// its own, so inputs do not depend on each other. Never a 5xx or a
// panic; a 303 stores one detail of text a store keeps (UTF-8, no NUL,
// at most 2000 characters, trimmed) and anything else stores nothing.
// For a well-formed form the answer is known: text that is not UTF-8,
// has a NUL or is over 2000 characters is a 400, so is a photo of no
// known image type or a form with neither text nor photo; otherwise a
// 303.
func FuzzRequestForm(f *testing.F) {
	fx := storetest.NewFixture(f, sqlitetest.Fresh)
	mux := http.NewServeMux()
	public.New(fx.S, fx.Clock, nil).Routes(mux)
	ts := httptest.NewServer(mux)
	f.Cleanup(ts.Close)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	for _, c := range []struct {
		text  string
		photo []byte
		raw   bool
	}{
		{"灯还是不亮 <b>", png, false},
		{"  门锁坏了\r\n  ", nil, false},
		{"", jpeg, false},
		{"", nil, false},
		{"   ", []byte("not an image at all"), false},
		{"<svg onload=alert(1)>", []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), false},
		{strings.Repeat("灯", 2000), nil, false},
		{strings.Repeat("灯", 2001), nil, false},
		{" " + strings.Repeat("x", 2000) + " ", nil, false},
		{"灯\x00不亮", nil, false},
		{"灯\xff不亮", png, false},
		{"--B\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhello\r\n--B--\r\n", nil, true},
		{"--B\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhel\x00lo\r\n--B--\r\n", nil, true},
		{"--B\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.png\"\r\n\r\n\x89PNG\r\n\x1a\n\r\n--B--\r\n", nil, true},
		{"--B\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nunterminated", nil, true},
		{"not multipart at all", nil, true},
	} {
		f.Add(c.text, c.photo, c.raw)
	}

	// code is v in the status page's alphabet, width digits wide: each
	// input's request has a ticket and a token of its own.
	code := func(v, width int) string {
		const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
		b := bytes.Repeat([]byte{alphabet[0]}, width)
		for i := width - 1; i >= 0 && v > 0; i, v = i-1, v/len(alphabet) {
			b[i] = alphabet[v%len(alphabet)]
		}
		return string(b)
	}
	n := 0
	f.Fuzz(func(t *testing.T, text string, photo []byte, raw bool) {
		n++
		id := fmt.Sprintf("fz%d", n)
		req := storetest.Request(id, storetest.Alice)
		req.Ticket, req.Token = "R0302-"+code(n, 5), code(n, 32)
		fxt := *fx
		fxt.T = t // f's methods may not be called in here
		if r := fxt.Push(fx.K1, kiosk.KindRequestCreate, id, req); r.Status != wire.StatusApplied {
			t.Fatalf("request %s: %+v", id, r)
		}
		path := "/r/" + req.Token

		var b bytes.Buffer
		ctype := "multipart/form-data; boundary=B"
		if raw {
			b.WriteString(text)
		} else {
			mw := multipart.NewWriter(&b)
			mw.WriteField("text", text)
			if len(photo) > 0 {
				fw, _ := mw.CreateFormFile("photo", "p.png")
				fw.Write(photo)
			}
			mw.Close()
			ctype = mw.FormDataContentType()
		}
		res, err := client.Post(ts.URL+path, ctype, &b)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		st := res.StatusCode
		if st >= 500 {
			t.Fatalf("%d: %.300s", st, body)
		}
		ds, err := fx.S.RequestDetails(fx.Ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if st != http.StatusSeeOther {
			if len(ds) != 0 {
				t.Fatalf("refused with %d, yet stored %+v", st, ds)
			}
		} else {
			if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, path+"?added=1") {
				t.Fatalf("303 to %q", loc)
			}
			if len(ds) != 1 {
				t.Fatalf("accepted, and stored %d details", len(ds))
			}
			d := ds[0]
			if !utf8.ValidString(d.Text) || strings.ContainsRune(d.Text, 0) || utf8.RuneCountInString(d.Text) > 2000 ||
				d.Text != strings.TrimSpace(d.Text) || (d.Text == "" && len(d.Photo) == 0) {
				t.Fatalf("stored text %q with a %d-byte photo", d.Text, len(d.Photo))
			}
		}
		if raw {
			return
		}

		trimmed := strings.TrimSpace(text)
		photoOK := len(photo) == 0 || slices.Contains([]string{"image/jpeg", "image/png", "image/gif", "image/webp"}, http.DetectContentType(photo))
		want := http.StatusSeeOther
		if !utf8.ValidString(trimmed) || strings.ContainsRune(trimmed, 0) || utf8.RuneCountInString(trimmed) > 2000 ||
			!photoOK || (trimmed == "" && len(photo) == 0) {
			want = http.StatusBadRequest
		}
		if st != want {
			t.Fatalf("text %q and a %d-byte photo: %d, want %d: %.300s", text, len(photo), st, want, body)
		}
		if st == http.StatusSeeOther && (ds[0].Text != trimmed || !bytes.Equal(ds[0].Photo, photo)) {
			t.Fatalf("stored %q and %d bytes, sent %q and %d", ds[0].Text, len(ds[0].Photo), trimmed, len(photo))
		}
	})
}
