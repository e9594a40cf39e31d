package console_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"onestop/sync/central"
	"onestop/sync/central/server/console"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
	"onestop/update"
)

// rlFile is one file of the publish form.
type rlFile struct {
	field, name string
	data        []byte
}

// publish posts the publish form as the console's page does.
func (e *env) publish(c *http.Client, lang string, files ...rlFile) (*http.Response, string) {
	e.T.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range files {
		fw, err := mw.CreateFormFile(f.field, f.name)
		e.Must(err)
		_, err = fw.Write(f.data)
		e.Must(err)
	}
	e.Must(mw.Close())
	req, err := http.NewRequest(http.MethodPost, e.url+"/admin/releases/publish?lang="+lang, &buf)
	e.Must(err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	e.Must(err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// rlRelease is a signed test release of one package.
func rlRelease(e *env, kit *storetest.ReleaseKit, seq int64, version string) (man, sig []byte, pkg storetest.TestPackage) {
	pkg = storetest.TestPackage{Platform: "linux/amd64", Version: version, File: "onestop_" + version + "_amd64.deb",
		Data: storetest.Bytes(3000, byte(seq))}
	man, sig, _ = kit.Release(e.T, "stable", seq, e.Clock.Now(), pkg)
	return man, sig, pkg
}

// rlBrowserSeed gives the console's page tour two releases of stable,
// the latest in a canary ring, and kiosks that report on their updates.
func rlBrowserSeed(e *env) {
	kit := storetest.NewReleaseKit(e.T)
	for i, v := range []string{"1.4.2", "1.5.0"} {
		man, sig, pkg := rlRelease(e, kit, int64(i+1), v)
		_, err := e.S.PublishRelease(e.Ctx, man, sig, map[string][]byte{pkg.File: pkg.Data})
		e.Must(err)
		e.Clock.Advance(time.Minute)
	}
	e.Must(e.S.SetRollout(e.Ctx, "stable", update.StageCanary, []string{e.K1.ID}, map[string]string{e.KB.ID: "1.4.2"}))
	for id, h := range map[string]central.Health{e.K1.ID: {Version: "1.5.0", ManifestSeq: 2},
		e.KB.ID: {Version: "1.4.2", ManifestSeq: 1, UpdateError: "not_newer: manifest 2 offers 1.5.0, pinned at 1.4.2"}} {
		_, err := e.S.Heartbeat(e.Ctx, id, h)
		e.Must(err)
	}
}

func TestReleasesPage(t *testing.T) {
	e := newEnv(t)
	root := e.signIn("root")
	res, body := e.do(root, http.MethodGet, "/admin/releases?lang=en", nil, "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "No release has been published yet.") || !strings.Contains(body, `id="rl-publish"`) {
		t.Fatalf("empty page %d:\n%s", res.StatusCode, body)
	}
	rlBrowserSeed(e)
	_, body = e.do(root, http.MethodGet, "/admin/releases?lang=en", nil, "")
	for _, want := range []string{"Kiosk software updates", "linux/amd64 1.5.0", "linux/amd64 1.4.2", "Superseded", "Canary ring only",
		"2026-03-02 09:03", "2026-04-01 09:0", "Rollout of channel stable: release 2", "Kiosk k1", "Kiosk kb", "Hall B",
		`name="canary" value="k1" checked`, `name="pin.kb" value="1.4.2"`, `id="rl-publish"`} {
		if !strings.Contains(body, want) {
			t.Errorf("campus admin's page lacks %q", want)
		}
	}
	if strings.Contains(body, `value="k2" checked`) || strings.Contains(body, "Only a campus admin") || strings.Contains(body, "expired") {
		t.Errorf("campus admin's page:\n%s", body)
	}
	_, body = e.do(root, http.MethodGet, "/admin/releases?lang=zh", nil, "")
	for _, want := range []string{"自助机软件更新", "已被更新版本取代", "仅金丝雀组", "发布新版本"} {
		if !strings.Contains(body, want) {
			t.Errorf("Chinese page lacks %q", want)
		}
	}
	// Hall staff see the releases and their own kiosks' part, no forms.
	_, body = e.do(e.signIn("ada"), http.MethodGet, "/admin/releases?lang=en", nil, "")
	if !strings.Contains(body, "linux/amd64 1.5.0") || !strings.Contains(body, "Kiosk k1") || strings.Contains(body, "Kiosk kb") ||
		strings.Contains(body, `id="rl-publish"`) || strings.Contains(body, "Save the rollout") || !strings.Contains(body, "Only a campus admin") {
		t.Errorf("hall A's admin sees:\n%s", body)
	}
	if res, _ := e.do(e.signIn("vic"), http.MethodGet, "/admin/releases", nil, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer opens the page: %d", res.StatusCode)
	}
	// The kiosks page shows each kiosk's manifest and last update error.
	_, body = e.do(root, http.MethodGet, "/admin/kiosks?lang=en", nil, "")
	for _, want := range []string{"Manifest accepted", "Last update error", "not_newer: manifest 2 offers 1.5.0, pinned at 1.4.2", "<td>2</td>"} {
		if !strings.Contains(body, want) {
			t.Errorf("kiosks page lacks %q", want)
		}
	}
	// Past a manifest's expiry the page says kiosks will not install it.
	e.Clock.Advance(31 * 24 * time.Hour)
	if _, body := e.do(e.signIn("root"), http.MethodGet, "/admin/releases?lang=en", nil, ""); strings.Count(body, "expired: kiosks install nothing from it") != 2 {
		t.Errorf("expired releases not marked:\n%s", body)
	}
}

func TestReleasePublishForm(t *testing.T) {
	e := newEnv(t)
	root := e.signIn("root")
	kit := storetest.NewReleaseKit(t)
	man, sig, pkg := rlRelease(e, kit, 7, "1.5.0")
	manF, sigF, pkgF := rlFile{"manifest", "release.json", man}, rlFile{"sig", "release.json.minisig", sig}, rlFile{"packages", pkg.File, pkg.Data}

	// Refusals are on the page, in the admin's language; nothing stored.
	res, body := e.publish(root, "en", manF, sigF)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "The manifest lists the package "+pkg.File+", but it was not uploaded.") ||
		!strings.Contains(body, `aria-describedby="rl-publish-err"`) {
		t.Fatalf("without its package %d:\n%s", res.StatusCode, body)
	}
	res, body = e.publish(root, "zh", manF, sigF, rlFile{"packages", pkg.File, pkg.Data[:100]})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "安装包 "+pkg.File+" 为 100 字节，清单写的是 3000 字节。") {
		t.Fatalf("a short package %d:\n%s", res.StatusCode, body)
	}
	res, body = e.publish(root, "en", manF, sigF, pkgF, pkgF)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Two packages are named "+pkg.File+".") {
		t.Fatalf("a package twice %d:\n%s", res.StatusCode, body)
	}
	res, body = e.publish(root, "en", manF, pkgF)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Choose the manifest and its signature file.") {
		t.Fatalf("without a signature %d:\n%s", res.StatusCode, body)
	}
	res, body = e.publish(root, "en", rlFile{"manifest", "m.json", []byte("{}")}, sigF, pkgF)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "The manifest is not a valid release manifest") {
		t.Fatalf("a bad manifest %d:\n%s", res.StatusCode, body)
	}
	restore := console.SetReleaseUploadCap(2000)
	res, body = e.publish(root, "en", manF, sigF, pkgF)
	restore()
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "The upload is too large") {
		t.Fatalf("too large %d:\n%s", res.StatusCode, body)
	}
	if res, _ := e.publish(e.signIn("ada"), "en", manF, sigF, pkgF); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a hall admin publishes: %d", res.StatusCode)
	}
	if rs, err := e.S.Releases(e.Ctx); err != nil || len(rs) != 0 {
		t.Fatalf("refused uploads stored %v %v", rs, err)
	}

	res, _ = e.publish(root, "en", manF, sigF, pkgF)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	_, body = e.do(root, http.MethodGet, res.Header.Get("Location"), nil, "")
	if !strings.Contains(body, "Release 7 of channel stable is published") {
		t.Fatalf("after publishing:\n%s", body)
	}
	_, data, err := e.S.Entity(e.Ctx, wire.EntityRelease, storetest.HallB+"/stable")
	e.Must(err)
	if r := storetest.Decode[update.Release](t, data); !bytes.Equal(r.Manifest, man) || !bytes.Equal(r.Sig, sig) {
		t.Fatalf("hall B's release: %+v", r)
	}
	res, body = e.publish(root, "en", manF, sigF, pkgF)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Release 7 is not newer than the channel&#39;s last release, 7.") {
		t.Fatalf("the same release again %d:\n%s", res.StatusCode, body)
	}
}

func TestReleaseRolloutForm(t *testing.T) {
	e := newEnv(t)
	rlBrowserSeed(e)
	root := e.signIn("root")
	post := func(c *http.Client, form url.Values) (*http.Response, string) {
		t.Helper()
		return e.do(c, http.MethodPost, "/admin/releases/rollout?lang=en", form, "")
	}
	res, _ := post(root, url.Values{"channel": {"stable"}, "stage": {"canary"}, "canary": {e.K1.ID, e.K2.ID},
		"pin.kb": {" 1.4.2 "}, "pin.k2": {""}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rollout: %d", res.StatusCode)
	}
	_, body := e.do(root, http.MethodGet, res.Header.Get("Location"), nil, "")
	if !strings.Contains(body, "The rollout of channel stable is saved") || !strings.Contains(body, `value="k2" checked`) {
		t.Fatalf("after the rollout:\n%s", body)
	}
	entity := func() update.Release {
		_, data, err := e.S.Entity(e.Ctx, wire.EntityRelease, storetest.HallA+"/stable")
		e.Must(err)
		return storetest.Decode[update.Release](t, data)
	}
	if r := entity(); r.Stage != update.StageCanary || !slices.Equal(r.Canary, []string{e.K1.ID, e.K2.ID}) || len(r.Pins) != 1 || r.Pins[e.KB.ID] != "1.4.2" {
		t.Fatalf("rollout stored: %+v", r)
	}
	res, body = post(root, url.Values{"channel": {"stable"}, "stage": {"all"}, "canary": {e.K2.ID}, "pin.kb": {"latest"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "This rollout cannot be set") || !strings.Contains(body, `id="rl-rollout-err-stable"`) {
		t.Fatalf("a bad pin %d:\n%s", res.StatusCode, body)
	}
	// The form keeps what was sent, to correct it.
	if !strings.Contains(body, `name="pin.kb" value="latest"`) || !strings.Contains(body, `value="all" checked`) ||
		strings.Contains(body, `value="k1" checked`) || !strings.Contains(body, `value="k2" checked`) {
		t.Fatalf("the refused form:\n%s", body)
	}
	res, body = post(root, url.Values{"channel": {"beta"}, "stage": {"all"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "No release of this channel has been published.") {
		t.Fatalf("an unknown channel %d:\n%s", res.StatusCode, body)
	}
	res, _ = post(root, url.Values{"channel": {"stable"}, "stage": {"everywhere"}})
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("a bad stage: %d", res.StatusCode)
	}
	if res, _ := post(e.signIn("ada"), url.Values{"channel": {"stable"}, "stage": {"all"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a hall admin rolls out: %d", res.StatusCode)
	}
	if res, _ := e.do(root, http.MethodPost, "/admin/releases/rollout", url.Values{"channel": {"stable"}, "stage": {"all"}}, "https://evil.example"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a cross-site rollout: %d", res.StatusCode)
	}
	if r := entity(); r.Stage != update.StageCanary {
		t.Fatalf("refused rollouts changed it: %+v", r)
	}
	res, _ = post(root, url.Values{"channel": {"stable"}, "stage": {"all"}})
	if r := entity(); res.StatusCode != http.StatusSeeOther || r.Stage != update.StageAll || r.Canary != nil || r.Pins != nil {
		t.Fatalf("to every kiosk: %d %+v", res.StatusCode, r)
	}
}
