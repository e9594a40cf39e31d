package console_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"onestop/sync/central/server/browsertest"
	"onestop/sync/central/storetest"
)

// The console in a real browser: signing in with the keyboard alone
// (a wrong password first), then every page at a desk's 1440×900 and a
// phone's 390×844, in both languages, checked by axe-core against WCAG
// 2.2 AA and photographed into build/screenshots/console/.

// consolePages are the pages photographed and checked, signed in as the
// campus admin; name is the screenshot's.
var consolePages = []struct{ name, path string }{
	{"kiosks", "/admin/kiosks"},
	{"audit", "/admin/audit"},
	{"mentor-links", "/admin/mentor-links"},
}

var screens = []struct {
	name          string
	width, height int64
	mobile        bool
}{{"1440x900", 1440, 900, false}, {"390x844", 390, 844, true}}

func TestBrowserConsole(t *testing.T) {
	bin := browsertest.Chromium(t)
	shots := browsertest.ScreenshotDir(t, "console")
	e := newEnv(t)
	// Something in the audit log to show.
	e.do(e.signIn("root"), "POST", "/admin/kiosks/revoke", map[string][]string{"kiosk": {e.K2.ID}}, "")

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1440, 900))...)
	defer cancelAlloc()
	bctx, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			t.Fatalf("browser: %v", err)
		}
	}
	text := func() string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.body.innerText`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// tabTo presses Tab until the element with the id has the focus, as a
	// keyboard user would; failing to get there is a failure.
	tabTo := func(id string) {
		t.Helper()
		for range 40 {
			run(chromedp.KeyEvent(kb.Tab))
			got, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ""`))
			if err != nil {
				t.Fatal(err)
			}
			if got == id {
				return
			}
		}
		t.Fatalf("#%s cannot be reached with Tab", id)
	}
	check := func(shot string) {
		t.Helper()
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](browsertest.CJKFont(), chromedp.EvalAwaitPromise)); err != nil {
			t.Fatalf("%s: font: %v", shot, err)
		}
		for _, v := range browsertest.Axe(t, bctx) {
			t.Errorf("%s: %s", shot, v)
		}
		img, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(shots, shot+".png"), img, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Signing in with the keyboard: a wrong password, then the right one.
	run(chromedp.Navigate(e.url + "/admin/login?lang=zh"))
	check("login-zh-1440x900")
	tabTo("name")
	run(chromedp.KeyEvent("root"))
	tabTo("password")
	run(chromedp.KeyEvent("wrong password!"+kb.Enter), chromedp.WaitVisible(chromedp.CSS(".err")))
	if body := text(); !strings.Contains(body, "用户名或密码不正确") {
		t.Fatalf("after a wrong password:\n%s", body)
	}
	check("login-wrong-zh-1440x900")
	tabTo("password")
	run(chromedp.KeyEvent(password+kb.Enter), chromedp.WaitVisible(chromedp.CSS("nav")))
	if body := text(); !strings.Contains(body, "退出 (root)") {
		t.Fatalf("signed in:\n%s", body)
	}

	for _, sc := range screens {
		var opts []chromedp.EmulateViewportOption
		if sc.mobile {
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
		}
		run(chromedp.EmulateViewport(sc.width, sc.height, opts...))
		for _, lang := range []string{"zh", "en"} {
			for _, p := range consolePages {
				sep := "?"
				if strings.Contains(p.path, "?") {
					sep = "&"
				}
				run(chromedp.Navigate(e.url + p.path + sep + "lang=" + lang))
				check(p.name + "-" + lang + "-" + sc.name)
			}
		}
	}
	// Another hall's data is a 403 page, in words the admin understands.
	run(chromedp.Navigate(e.url+"/admin/login?lang=en"), chromedp.SendKeys(chromedp.CSS("#name"), "ada"),
		chromedp.SendKeys(chromedp.CSS("#password"), password+kb.Enter), chromedp.WaitVisible(chromedp.CSS("nav")))
	for _, lang := range []string{"zh", "en"} {
		res, err := chromedp.RunResponse(bctx, chromedp.Navigate(e.url+"/admin/audit?hall="+storetest.HallB+"&lang="+lang))
		if err != nil || res.Status != 403 {
			t.Fatalf("hall A's admin opening hall B's log: %v %v", res, err)
		}
		check("forbidden-" + lang + "-390x844")
	}
	t.Logf("screenshots in %s", shots)
}
