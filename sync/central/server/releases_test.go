package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"aead.dev/minisign"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
	"onestop/update"
)

// download GETs a package as the kiosk with token and returns the
// response with its body read.
func (e *env) download(path, token string) (*http.Response, []byte) {
	e.T.Helper()
	req, err := http.NewRequest(http.MethodGet, e.url+path, nil)
	e.Must(err)
	req.Header.Set(wire.HeaderVersion, wire.Version)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	e.Must(err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	e.Must(err)
	return res, b
}

// A kiosk finds the release in its feed, checks it as the kiosk does,
// downloads its package with its length and verifies it; whatever is
// not a published package is a JSON error.
func TestReleasePackage(t *testing.T) {
	e := newEnv(t)
	kit := storetest.NewReleaseKit(t)
	pkg := storetest.TestPackage{Platform: "linux/amd64", Version: "1.5.0", File: "onestop_1.5.0_amd64.deb",
		Data: storetest.Bytes(1<<20+4096, 5)}
	man, sig, files := kit.Release(t, "stable", 3, e.Clock.Now(), pkg)
	_, err := e.S.PublishRelease(e.Ctx, man, sig, files)
	e.Must(err)

	p := e.pull(tokK1, "", 500)
	var rel update.Release
	for _, c := range p.Changes {
		if c.Entity == wire.EntityRelease && c.ID == storetest.HallA+"/stable" {
			e.Must(json.Unmarshal(c.Data, &rel))
		}
	}
	st := update.State{Keys: []minisign.PublicKey{kit.Pub}, Channel: "stable", Seq: 2, Running: "1.4.0"}
	acc, err := update.Verify(st, rel.Manifest, rel.Sig, e.Clock.Now(), "linux/amd64")
	if err != nil {
		t.Fatalf("the kiosk refuses the release from its feed: %v", err)
	}
	res, body := e.download("/api/v1/releases/3/"+acc.Package.File, tokK1)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/octet-stream" ||
		res.Header.Get("Content-Length") != strconv.Itoa(len(pkg.Data)) {
		t.Fatalf("download: %d %v", res.StatusCode, res.Header)
	}
	var got bytes.Buffer
	if err := update.VerifyPackage(acc, bytes.NewReader(body), &got); err != nil || !bytes.Equal(got.Bytes(), pkg.Data) {
		t.Fatalf("downloaded package: %v", err)
	}
	// Any kiosk of any hall may fetch it.
	if res, _ := e.download("/api/v1/releases/3/"+pkg.File, tokKB); res.StatusCode != http.StatusOK {
		t.Fatalf("hall B's kiosk: %d", res.StatusCode)
	}

	for _, c := range []struct {
		method, path, token string
		status              int
		code, field         string
	}{
		{http.MethodGet, "/api/v1/releases/3/" + pkg.File, "", http.StatusUnauthorized, kiosk.EUNAUTHORIZED, ""},
		{http.MethodGet, "/api/v1/releases/3/" + pkg.File, "token-nobody", http.StatusUnauthorized, kiosk.EUNAUTHORIZED, ""},
		{http.MethodGet, "/api/v1/releases/3/other.deb", tokK1, http.StatusNotFound, kiosk.ENOTFOUND, ""},
		{http.MethodGet, "/api/v1/releases/4/" + pkg.File, tokK1, http.StatusNotFound, kiosk.ENOTFOUND, ""},
		{http.MethodGet, "/api/v1/releases/three/" + pkg.File, tokK1, http.StatusBadRequest, kiosk.EINVALID, "seq"},
		{http.MethodGet, "/api/v1/releases/-3/" + pkg.File, tokK1, http.StatusBadRequest, kiosk.EINVALID, "seq"},
		{http.MethodGet, "/api/v1/releases/3", tokK1, http.StatusNotFound, kiosk.ENOTFOUND, ""},
		{http.MethodGet, "/api/v1/releases/3/" + pkg.File + "/more", tokK1, http.StatusNotFound, kiosk.ENOTFOUND, ""},
		{http.MethodGet, "/api/v1/releases/3/..%2F..%2Fpush", tokK1, http.StatusNotFound, kiosk.ENOTFOUND, ""},
		{http.MethodPost, "/api/v1/releases/3/" + pkg.File, tokK1, http.StatusMethodNotAllowed, wire.CodeMethod, ""},
	} {
		st, body := e.call(c.method, c.path, c.token, nil)
		e.wantError(st, body, c.status, c.code, c.field)
	}

	// An admin token is no kiosk token.
	st2, body2 := e.call(http.MethodGet, "/api/v1/releases/3/"+pkg.File, e.login(), nil)
	e.wantError(st2, body2, http.StatusUnauthorized, kiosk.EUNAUTHORIZED, "")
}

// The heartbeat's update fields are checked like last_error, kept, and
// listed with the kiosk for admins.
func TestHeartbeatUpdateFields(t *testing.T) {
	e := newEnv(t)
	long := strings.Repeat("界", wire.MaxHeartbeatError+1)
	st, body := e.call(http.MethodPost, "/api/v1/heartbeat", tokK1, wire.Heartbeat{Version: "1.5.0", UpdateError: long})
	e.wantError(st, body, http.StatusBadRequest, kiosk.EINVALID, "update_error")
	st, body = e.call(http.MethodPost, "/api/v1/heartbeat", tokK1, `{"version":"1.5.0","manifest_seq":-1}`)
	e.wantError(st, body, http.StatusBadRequest, kiosk.EINVALID, "manifest_seq")
	st, body = e.call(http.MethodPost, "/api/v1/heartbeat", tokK1, `{"version":"1.5.0","manifest_seq":"seven"}`)
	e.wantError(st, body, http.StatusBadRequest, kiosk.EINVALID, "manifest_seq")

	fits := strings.Repeat("界", wire.MaxHeartbeatError)
	st, body = e.call(http.MethodPost, "/api/v1/heartbeat", tokK1, wire.Heartbeat{Version: "1.5.0", ManifestSeq: 7, UpdateError: fits})
	if st != http.StatusOK {
		t.Fatalf("heartbeat: %d %s", st, body)
	}
	st, body = e.call(http.MethodGet, "/api/v1/admin/kiosks", e.login(), nil)
	if st != http.StatusOK {
		t.Fatalf("kiosks: %d %s", st, body)
	}
	var ks []central.Kiosk
	e.Must(json.Unmarshal(body, &ks))
	for _, k := range ks {
		if k.ID == e.K1.ID && (k.Health.ManifestSeq != 7 || k.Health.UpdateError != fits || k.Health.Version != "1.5.0") {
			t.Fatalf("k1 as listed: %+v", k.Health)
		}
	}
}

// FuzzReleasePackage: whatever seq and file a kiosk asks for, the answer
// is the published package whole, or a JSON 400/404, never a 5xx.
func FuzzReleasePackage(f *testing.F) {
	e := fuzzEnv(f)
	kit := storetest.NewReleaseKit(f)
	pkg := storetest.TestPackage{Platform: "linux/amd64", Version: "1.5.0", File: "onestop_1.5.0_amd64.deb", Data: storetest.Bytes(5000, 2)}
	man, sig, files := kit.Release(f, "stable", 9, e.Clock.Now(), pkg)
	if _, err := e.S.PublishRelease(e.Ctx, man, sig, files); err != nil {
		f.Fatal(err)
	}
	for _, c := range []struct{ seq, file string }{
		{"9", pkg.File}, {"09", pkg.File}, {"+9", pkg.File}, {"9", strings.ToUpper(pkg.File)}, {"8", pkg.File}, {"0", pkg.File},
		{"-1", "x"}, {"99999999999999999999", pkg.File}, {"9", "..%2f..%2fpush"}, {"9", "%00"}, {"9", "a%20b"}, {"%ff", "x"},
	} {
		f.Add(c.seq, c.file)
	}
	f.Fuzz(func(t *testing.T, seq, file string) {
		// Only what is a request line's path to this route: one segment
		// each, printable ASCII (escapes included), no query or fragment.
		for _, seg := range []string{seq, file} {
			if seg == "" || strings.ContainsAny(seg, "/?#") || strings.ContainsFunc(seg, func(r rune) bool { return r <= ' ' || r > '~' }) {
				return
			}
		}
		p := "/api/v1/releases/" + seq + "/" + file
		if _, err := url.ParseRequestURI(p); err != nil {
			return
		}
		req, err := http.NewRequest(http.MethodGet, e.url+p, nil)
		if err != nil {
			return
		}
		req.Header.Set(wire.HeaderVersion, wire.Version)
		req.Header.Set("Authorization", "Bearer "+tokK1)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		defer res.Body.Close()
		out, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatalf("%s: reading the answer: %v", p, err)
		}
		switch {
		case res.StatusCode == http.StatusOK:
			if !bytes.Equal(out, pkg.Data) || res.Header.Get("Content-Type") != "application/octet-stream" {
				t.Fatalf("%s: 200 with %d bytes of %s", p, len(out), res.Header.Get("Content-Type"))
			}
		case res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusNotFound,
			res.Header.Get("Content-Type") != "application/json; charset=utf-8":
			t.Fatalf("%s: %d %s %s", p, res.StatusCode, res.Header.Get("Content-Type"), out)
		default:
			var er wire.Error
			if err := json.Unmarshal(out, &er); err != nil || er.Error.Code == "" {
				t.Fatalf("%s: error body %s", p, out)
			}
		}
	})
}

// On PostgreSQL, a package published through one central process is
// served whole by another (the bytes live in the shared database), in
// three chunks.
func TestReleasePackageTwoProcessesPG(t *testing.T) {
	f := storetest.NewFixture(t, pgFresh)
	kit := storetest.NewReleaseKit(t)
	pkg := storetest.TestPackage{Platform: "linux/arm64", Version: "2.0.0", File: "onestop_2.0.0_arm64.deb",
		Data: storetest.Bytes(2<<20+5, 11)}
	man, sig, files := kit.Release(t, "stable", 1, f.Clock.Now(), pkg)
	if _, err := f.S.PublishRelease(f.Ctx, man, sig, files); err != nil {
		t.Fatal(err)
	}
	other := serve(t, f, f.Open(t, f.Clock))
	res, body := other.download("/api/v1/releases/1/"+pkg.File, tokKB)
	if res.StatusCode != http.StatusOK || res.ContentLength != int64(len(pkg.Data)) || !bytes.Equal(body, pkg.Data) {
		t.Fatalf("the other process serves %d, %d bytes of %d", res.StatusCode, len(body), len(pkg.Data))
	}
}
