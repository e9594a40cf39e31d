package console_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"onestop/sync/central/storetest"
	"onestop/sync/wire"
	"onestop/update"
)

// Software updates in a real browser: a release uploaded through the
// file inputs (a package left out first, refused in words), then the
// canary ring changed with the keyboard alone and the rollout saved;
// axe-core checks each page, on a desk and a phone, in both languages.
func TestBrowserReleases(t *testing.T) {
	e := newEnv(t)
	kit := storetest.NewReleaseKit(t)
	man, sig, pkg := rlRelease(e, kit, 3, "1.5.0")
	dir := t.TempDir()
	manPath, sigPath, pkgPath := filepath.Join(dir, "release.json"), filepath.Join(dir, "release.json.minisig"), filepath.Join(dir, pkg.File)
	for p, b := range map[string][]byte{manPath: man, sigPath: sig, pkgPath: pkg.Data} {
		e.Must(os.WriteFile(p, b, 0o644))
	}

	b := newBrowser(t)
	b.signIn(e.url, "root")
	b.tabTo(`nav a[href^="/admin/releases"]`)
	b.press(kb.Enter, "#rl-manifest")
	b.check("releases-empty-zh-1440x900")
	b.run(chromedp.Navigate(e.url+"/admin/releases?lang=en"), chromedp.WaitVisible(chromedp.CSS("#rl-manifest")),
		chromedp.SetUploadFiles(chromedp.CSS("#rl-manifest"), []string{manPath}),
		chromedp.SetUploadFiles(chromedp.CSS("#rl-sig"), []string{sigPath}),
		chromedp.Click(chromedp.CSS("#rl-publish")), chromedp.WaitVisible(chromedp.CSS("#rl-publish-err")))
	if body := b.text(); !strings.Contains(body, "The manifest lists the package "+pkg.File+", but it was not uploaded.") {
		t.Fatalf("without its package:\n%s", body)
	}
	b.check("releases-refused-en-1440x900")
	b.run(chromedp.SetUploadFiles(chromedp.CSS("#rl-manifest"), []string{manPath}),
		chromedp.SetUploadFiles(chromedp.CSS("#rl-sig"), []string{sigPath}),
		chromedp.SetUploadFiles(chromedp.CSS("#rl-packages"), []string{pkgPath}),
		chromedp.Click(chromedp.CSS("#rl-publish")), chromedp.WaitVisible(chromedp.CSS(".ok")))
	if body := b.text(); !strings.Contains(body, "Release 3 of channel stable is published") || !strings.Contains(body, "linux/amd64 1.5.0") {
		t.Fatalf("after publishing:\n%s", body)
	}
	b.check("releases-published-en-1440x900")

	// The keyboard alone: the canary stage (Tab reaches the radio group
	// at its checked button, the arrow moves), kiosk k1 in the ring, saved.
	b.tabTo(`input[name="stage"][value="all"]`)
	b.run(chromedp.KeyEvent(kb.ArrowUp))
	b.tabTo(`input[name="canary"][value="k1"]`)
	b.run(chromedp.KeyEvent(" "))
	b.tabTo("#rl-rollout-stable-save")
	b.press(kb.Enter, `input[name="canary"][value="k1"][checked]`)
	if body := b.text(); !strings.Contains(body, "The rollout of channel stable is saved") {
		t.Fatalf("after the rollout:\n%s", body)
	}
	_, data, err := e.S.Entity(e.Ctx, wire.EntityRelease, storetest.HallB+"/stable")
	e.Must(err)
	if r := storetest.Decode[update.Release](t, data); r.Stage != update.StageCanary || !slices.Equal(r.Canary, []string{"k1"}) {
		t.Fatalf("hall B's release after the rollout: %+v", r)
	}
	b.check("releases-rollout-en-1440x900")
	b.run(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	for _, lang := range []string{"zh", "en"} {
		b.run(chromedp.Navigate(e.url+"/admin/releases?lang="+lang), chromedp.WaitVisible(chromedp.CSS("#rl-h")))
		b.check("releases-" + lang + "-390x844")
	}
	// A hall admin's read-only page.
	b.signIn(e.url, "ada")
	b.run(chromedp.Navigate(e.url+"/admin/releases?lang=en"), chromedp.WaitVisible(chromedp.CSS("#rl-h")))
	if body := b.text(); !strings.Contains(body, "Only a campus admin can publish releases") || strings.Contains(body, "Kiosk kb") {
		t.Fatalf("hall A's admin:\n%s", body)
	}
	b.check("releases-hall-en-390x844")
}
