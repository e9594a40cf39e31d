package console_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"onestop/kiosk"
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
	{"requests", "/admin/requests"},
	{"request", "/admin/requests/r-browser"},
	{"escalation", "/admin/requests/escalation"},
	{"request-new", "/admin/requests/new?hall=hall-a&category=repair"},
	{"units", "/admin/units"},
	{"calendar", "/admin/calendar"},
	{"catalog", "/admin/catalog"},
	{"catalog-rooms", "/admin/catalog/rooms"},
	{"catalog-room", "/admin/catalog/rooms/room-a"},
	{"catalog-settings", "/admin/catalog/settings?hall=hall-a"},
	{"catalog-announcements", "/admin/catalog/announcements?hall=hall-a"},
	{"catalog-announcement-new", "/admin/catalog/announcements/new?hall=hall-a"},
	{"catalog-halls", "/admin/catalog/halls"},
	{"catalog-hall", "/admin/catalog/halls/hall-a"},
	{"catalog-buildings", "/admin/catalog/buildings?hall=hall-a"},
	{"catalog-building", "/admin/catalog/buildings/b-a"},
	{"catalog-mentors", "/admin/catalog/mentors?hall=hall-a"},
	{"catalog-mentor", "/admin/catalog/mentors/mentor-a"},
	{"catalog-events", "/admin/catalog/events?hall=hall-a"},
	{"catalog-event", "/admin/catalog/events/event-a"},
	{"rates", "/admin/rates?at=2026-02-25"},
	{"rates-error", "/admin/rates?at=2026-02-30&span=month"},
	{"followups", "/admin/followups"},
	{"request-followup", "/admin/requests/r-fu"},
	{"roster", "/admin/roster"},
	{"shifts", "/admin/shifts"},
	{"releases", "/admin/releases"},
	{"dashboard", "/admin/dashboard?hall=hall-a"},
	{"dashboard-error", "/admin/dashboard?hall=hall-a&span=month&at=2026-02-30"},
}

var screens = []struct {
	name          string
	width, height int64
	mobile        bool
}{{"1440x900", 1440, 900, false}, {"390x844", 390, 844, true}}

// browser is a headless Chromium tab on the env's central.
type browser struct {
	t     *testing.T
	ctx   context.Context
	shots string
}

func newBrowser(t *testing.T) *browser {
	bin := browsertest.Chromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1440, 900))...)
	t.Cleanup(cancelAlloc)
	bctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(cancelTab)
	return &browser{t: t, ctx: bctx, shots: browsertest.ScreenshotDir(t, "console")}
}

func (b *browser) run(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// text is the page's rendered text.
func (b *browser) text() string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		b.t.Fatal(err)
	}
	return s
}

// tabTo presses Tab until the element matching the CSS selector has the
// focus, as a keyboard user would; failing to get there is a failure.
func (b *browser) tabTo(sel string) {
	b.t.Helper()
	for range 60 {
		b.run(chromedp.KeyEvent(kb.Tab))
		got, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`!!document.activeElement && document.activeElement.matches(`+strconv.Quote(sel)+`)`))
		if err != nil {
			b.t.Fatal(err)
		}
		if got {
			return
		}
	}
	b.t.Fatalf("%s cannot be reached with Tab", sel)
}

// press types keys into what has the focus and waits for the page that
// an Enter among them loads.
func (b *browser) press(keys string, waitFor string) {
	b.t.Helper()
	b.run(chromedp.KeyEvent(keys), chromedp.WaitVisible(chromedp.CSS(waitFor)))
}

// check runs axe-core on the page and photographs it.
func (b *browser) check(shot string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](browsertest.CJKFont(), chromedp.EvalAwaitPromise)); err != nil {
		b.t.Fatalf("%s: font: %v", shot, err)
	}
	for _, v := range browsertest.Axe(b.t, b.ctx) {
		b.t.Errorf("%s: %s", shot, v)
	}
	img, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(b.shots, shot+".png"), img, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// signIn signs in with the keyboard alone.
func (b *browser) signIn(url, name string) {
	b.t.Helper()
	b.run(chromedp.Navigate(url + "/admin/login?lang=zh"))
	b.tabTo("#name")
	b.run(chromedp.KeyEvent(name))
	b.tabTo("#password")
	b.press(password+kb.Enter, "nav")
}

func TestBrowserConsole(t *testing.T) {
	e := newEnv(t)
	// Something in the audit log to show.
	e.do(e.signIn("root"), "POST", "/admin/kiosks/revoke", map[string][]string{"kiosk": {e.K2.ID}}, "")
	e.Push(e.K1, kiosk.KindRequestCreate, "r-browser", storetest.Request("r-browser", storetest.Alice))
	e.Must(e.S.PutUnit(e.Ctx, kiosk.Unit{ID: "u-repair", HallID: storetest.HallA, Name: kiosk.LocalName{Zh: "后勤维修", En: "Maintenance"}, Active: true}))
	rtBrowserSeed(e)
	shBrowserSeed(e)
	rlBrowserSeed(e)
	br := newBrowser(t)
	run, text, tabTo, check, bctx := br.run, br.text, br.tabTo, br.check, br.ctx

	// Signing in with the keyboard: a wrong password, then the right one.
	run(chromedp.Navigate(e.url + "/admin/login?lang=zh"))
	check("login-zh-1440x900")
	tabTo("#name")
	run(chromedp.KeyEvent("root"))
	tabTo("#password")
	run(chromedp.KeyEvent("wrong password!"+kb.Enter), chromedp.WaitVisible(chromedp.CSS(".err")))
	if body := text(); !strings.Contains(body, "用户名或密码不正确") {
		t.Fatalf("after a wrong password:\n%s", body)
	}
	check("login-wrong-zh-1440x900")
	tabTo("#password")
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
	t.Logf("screenshots in %s", br.shots)
}

// A keyboard-only pass from signing in to resolving a request: the
// handler dispatches it to a unit and resolves it, and the student sees
// it resolved on the hall's kiosk (through real sync) and on /r.
func TestBrowserResolveRequest(t *testing.T) {
	e := newEnv(t)
	req := storetest.Request("r-kb", storetest.Alice)
	e.Push(e.K1, kiosk.KindRequestCreate, req.ID, req)
	e.Must(e.S.PutUnit(e.Ctx, kiosk.Unit{ID: "u-repair", HallID: storetest.HallA, Name: kiosk.LocalName{Zh: "后勤维修", En: "Maintenance"}, Active: true}))
	k := e.kiosk(storetest.HallA)

	b := newBrowser(t)
	b.signIn(e.url, "root")
	b.tabTo(`nav a[href^="/admin/requests"]`)
	b.press(kb.Enter, `a[href^="/admin/requests/r-kb"]`)
	b.tabTo(`a[href^="/admin/requests/r-kb"]`)
	b.press(kb.Enter, "#rq-dispatch-unit")
	b.tabTo("#rq-dispatch-unit")
	b.run(chromedp.KeyEvent(kb.ArrowDown))
	b.tabTo("form:has(#rq-dispatch-unit) button")
	b.press(kb.Enter, "#rq-resolve-text")
	if body := b.text(); !strings.Contains(body, "后勤维修") {
		t.Fatalf("after dispatching:\n%s", body)
	}
	b.tabTo("#rq-resolve-text")
	b.run(chromedp.KeyEvent("已更换灯管"))
	b.tabTo("form:has(#rq-resolve-text) button")
	b.press(kb.Enter, "main")
	b.check("request-resolved-zh-1440x900")

	k.mustSync()
	rs, err := k.db.RequestsOf(context.Background(), storetest.Alice)
	e.Must(err)
	if len(rs) != 1 || rs[0].Status != kiosk.RequestResolved || rs[0].UnitID != "u-repair" {
		t.Fatalf("the kiosk has %+v", rs)
	}
	b.run(chromedp.Navigate(e.url + "/r/" + req.Token + "?lang=zh"))
	if body := b.text(); !strings.Contains(body, "已解决") || !strings.Contains(body, "已更换灯管") || !strings.Contains(body, "后勤维修") {
		t.Fatalf("/r after resolving:\n%s", body)
	}
}
