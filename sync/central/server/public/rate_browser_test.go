package public_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/server/browsertest"
	"onestop/sync/central/storetest"
)

// The rating on a phone: a resolved request's page passes axe-core and
// the phone layout checks, and the student's taps reach central as the
// request's follow-up.
func TestBrowserRating(t *testing.T) {
	bin := browsertest.Chromium(t)
	shots := browsertest.ScreenshotDir(t, "")
	e := newEnv(t)
	req := storetest.Request("r1", storetest.Alice)
	e.Push(e.K1, kiosk.KindRequestCreate, "r1", req)
	_, err := e.S.HandleRequest(central.WithActor(e.Ctx, "admin:ada"), "r1", kiosk.RequestAction{Kind: kiosk.ActResolve, Text: "灯已更换"})
	e.Must(err)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(phoneWidth, phoneHeight))...)
	defer cancelAlloc()
	bctx, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			t.Fatalf("browser: %v", err)
		}
	}
	check := func(shot string) {
		t.Helper()
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](browsertest.CJKFont(), chromedp.EvalAwaitPromise)); err != nil {
			t.Fatal(err)
		}
		for _, v := range browsertest.Axe(t, bctx) {
			t.Errorf("%s: %s", shot, v)
		}
		l, err := chromedp.Run(bctx, chromedp.Evaluate[phoneLayout](layoutJS))
		if err != nil {
			t.Fatal(err)
		}
		if l.ScrollWidth > l.InnerWidth || len(l.Wide) > 0 || l.MinFont < minFontPx || len(l.Small) > 0 {
			t.Errorf("%s: layout %+v", shot, l)
		}
		img, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(shots, shot+".png"), img, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run(chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(e.url+"/r/"+req.Token+"?lang=zh"), chromedp.WaitVisible(chromedp.CSS(`input[name="outcome"]`)))
	check("central-request-rate-zh")
	// Send without stars: the error is beside the stars.
	run(chromedp.Click(chromedp.CSS(`input[name="outcome"][value="solved"]`)),
		chromedp.Click(chromedp.CSS(`form[action$="/rate?lang=zh"] button`)), chromedp.WaitVisible(chromedp.CSS("#rt-stars-err")))
	check("central-request-rate-error-zh")
	run(chromedp.Click(chromedp.CSS(`input[name="stars"][value="4"]`)),
		chromedp.Click(chromedp.CSS(`form[action$="/rate?lang=zh"] button`)), chromedp.WaitVisible(chromedp.CSS(".ok")))
	body, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.body.innerText`))
	e.Must(err)
	if !strings.Contains(body, "谢谢您的评价") || !strings.Contains(body, "已解决 · 4 星") {
		t.Fatalf("after rating:\n%s", body)
	}
	check("central-request-rated-zh")
	r, _, err := e.S.BoardRequest(e.Ctx, "r1")
	e.Must(err)
	if r.FollowUp == nil || r.FollowUp.Satisfied != kiosk.Satisfied || r.Status != kiosk.RequestClosed {
		t.Fatalf("central has %s %+v", r.Status, r.FollowUp)
	}
}
