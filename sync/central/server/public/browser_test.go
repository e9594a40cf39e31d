package public_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	imgpng "image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/server/browsertest"
	"onestop/sync/central/storetest"
)

// The public pages in a real browser, the way a student meets them: a
// phone-sized Chromium opens the QR code's link, reads the status, types
// a description, attaches a photo and sends it. The httptest tests in
// public_test.go check the HTML; this one checks what it looks like on a
// phone: nothing wider than the screen, text big enough to read, controls
// big enough for a thumb.

// A phone: 390×844 CSS px at device scale 3, mobile and touch, in Chinese.
const (
	phoneWidth, phoneHeight = 390, 844
	phoneUA                 = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36"
	minFontPx, minTapPx     = 14, 44
)

// phoneLayout is what layoutJS measures on the rendered page.
type phoneLayout struct {
	ScrollWidth, InnerWidth float64
	MinFont                 float64
	MinFontAt               string
	Wide, Small             []string
}

// layoutJS measures the page: its scroll width against the viewport, the
// smallest font of any rendered text, elements and text that stick out
// past the screen's edge, and form controls and links shorter than a thumb.
var layoutJS = `(() => {
	const vw = ` + strconv.Itoa(phoneWidth) + `; // not innerWidth: it grows when mobile Chrome zooms out to fit something too wide
	const r = {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, minFont: 1e9, minFontAt: "", wide: [], small: []};
	const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + el.className : "");
	const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n; (n = walk.nextNode());) {
		const el = n.parentElement;
		if (!n.textContent.trim() || !el.getClientRects().length) continue;
		const rg = document.createRange();
		rg.selectNodeContents(n);
		const tb = rg.getBoundingClientRect();
		if (tb.left < -0.5 || tb.right > vw + 0.5) r.wide.push("text in " + name(el) + " " + Math.round(tb.left) + ".." + Math.round(tb.right));
		const fs = parseFloat(getComputedStyle(el).fontSize);
		if (fs < r.minFont) { r.minFont = fs; r.minFontAt = name(el) + " " + JSON.stringify(n.textContent.trim().slice(0, 30)); }
	}
	for (const el of document.body.querySelectorAll("*")) {
		const b = el.getBoundingClientRect();
		if (b.width && (b.left < -0.5 || b.right > vw + 0.5)) r.wide.push(name(el) + " " + Math.round(b.left) + ".." + Math.round(b.right));
	}
	for (const el of document.body.querySelectorAll("input, textarea, select, button, a")) {
		const b = el.getBoundingClientRect();
		if (b.height < ` + strconv.Itoa(minTapPx) + `) r.small.push(name(el) + " " + b.height.toFixed(1) + "px");
	}
	return r;
})()`

func TestBrowserPublicPages(t *testing.T) {
	bin := browsertest.Chromium(t)
	shots := browsertest.ScreenshotDir(t, "")

	// A repair request in progress, with a deadline and a handler's note,
	// and a counselling appointment and an academic one.
	e := newEnv(t)
	req := storetest.Request("r1", storetest.Alice)
	e.Push(e.K1, kiosk.KindRequestCreate, "r1", req)
	// The note carries a long link, as handlers' notes do: it must wrap,
	// not widen the page.
	const note = "已派维修师傅，明天上午上门更换灯管。安排见 https://hall.example.edu.cn/notices/2026/03/repair-schedule-mingde-building-floor-3"
	_, err := e.S.UpdateRequest(e.Ctx, "r1", central.RequestUpdate{Status: kiosk.RequestInProgress, Note: note, DueAt: e.At(1, 12, 0)})
	e.Must(err)
	e.Must(e.S.PutMentor(e.Ctx, storetest.HallA, kiosk.Mentor{ID: "m-psy", Name: kiosk.LocalName{Zh: "林老师", En: "Dr Lin"},
		Type: kiosk.MentorCounselling, Field: kiosk.LocalName{Zh: "情绪与压力", En: "Stress and mood"},
		Place: kiosk.LocalName{Zh: "心理中心 3 楼", En: "Wellbeing Centre L3"}}))
	e.Must(e.S.PutMentorSlot(e.Ctx, kiosk.MentorSlot{ID: "s-psy", MentorID: "m-psy", Start: e.At(1, 14, 0), End: e.At(1, 14, 50)}))
	e.Must(e.S.PutMentor(e.Ctx, storetest.HallA, kiosk.Mentor{ID: storetest.MentorA, Name: kiosk.LocalName{Zh: "王老师", En: "Ms Wang"},
		Type: kiosk.MentorAcademic, Place: kiosk.LocalName{Zh: "明德楼二楼研讨室 204", En: "Mingde Building, seminar room 204"}}))
	e.Push(e.K1, kiosk.KindAppointmentCreate, "ap-psy", kiosk.Appointment{ID: "ap-psy", SlotID: "s-psy", StudentKey: storetest.Bob})
	e.Push(e.K1, kiosk.KindAppointmentCreate, "ap-acad", kiosk.Appointment{ID: "ap-acad", SlotID: storetest.SlotA, StudentKey: storetest.Alice})

	photo := writePNG(t)

	// One deadline for the whole browser: a hung Chromium fails the test
	// instead of hanging it. The run takes a few seconds; the rest is room
	// for a busy machine.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.WindowSize(phoneWidth, phoneHeight))...)
	defer cancelAlloc()
	bctx, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			t.Fatalf("browser: %v", err)
		}
	}
	run(chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateScale(3), chromedp.EmulateMobile,
		chromedp.EmulateTouch, chromedp.EmulatePortrait),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{
				UserAgent: phoneUA, AcceptLanguage: "zh-CN,zh;q=0.9", Platform: "Linux armv8l"})
			return err
		}))

	// text is what the student sees: the rendered text of the page.
	text := func() string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.body.innerText`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	cjkFont := browsertest.CJKFont()
	// phone checks the layout and saves a screenshot of the whole page.
	phone := func(shot string) {
		t.Helper()
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](cjkFont, chromedp.EvalAwaitPromise)); err != nil {
			t.Fatalf("%s: load the CJK font: %v", shot, err)
		}
		l, err := chromedp.Run(bctx, chromedp.Evaluate[phoneLayout](layoutJS))
		if err != nil {
			t.Fatal(err)
		}
		// Mobile Chrome zooms the page out to fit what is too wide, which
		// makes innerWidth grow, or else the page scrolls sideways.
		if l.InnerWidth != phoneWidth || l.ScrollWidth > l.InnerWidth || len(l.Wide) > 0 {
			t.Errorf("%s: wider than the %d px screen: innerWidth %v, scrollWidth %v; sticking out: %v",
				shot, phoneWidth, l.InnerWidth, l.ScrollWidth, l.Wide)
		}
		if l.MinFont < minFontPx {
			t.Errorf("%s: text of %v px is too small to read (want ≥ %d): %s", shot, l.MinFont, minFontPx, l.MinFontAt)
		}
		if len(l.Small) > 0 {
			t.Errorf("%s: controls shorter than %d px, too small for a thumb: %v", shot, minTapPx, l.Small)
		}
		img, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(shots, shot+".png"), img, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	contains := func(page, body string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s does not show %q:\n%s", page, w, body)
			}
		}
	}
	lacks := func(page, body string, bad ...string) {
		t.Helper()
		for _, b := range bad {
			if strings.Contains(strings.ToLower(body), strings.ToLower(b)) {
				t.Errorf("%s shows %q:\n%s", page, b, body)
			}
		}
	}

	reqURL := e.url + "/r/" + req.Token

	// The status page in Chinese, the phone's language.
	run(chromedp.Navigate(reqURL), chromedp.WaitVisible(chromedp.CSS(".status")), chromedp.WaitVisible(chromedp.CSS("#text")))
	body := text()
	contains("request page", body, req.Ticket, "处理中", "办理时限", "2026-03-03 12:00", "办理进度", note, "补充说明或照片")
	if l, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.documentElement.lang`)); err != nil || l != "zh-Hans" {
		t.Errorf("a phone in Chinese gets lang %q (%v)", l, err)
	}
	phone("central-request-zh")

	// The student adds a description and a photo and sends them.
	const added = "灯还是不亮，开关有焦味。"
	run(chromedp.SendKeys(chromedp.CSS("#text"), added), chromedp.SetUploadFiles(chromedp.CSS("#photo"), []string{photo}))
	res, err := chromedp.RunResponse(bctx, chromedp.Tap(chromedp.CSS(`button[type="submit"]`)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 200 || !strings.Contains(res.URL, "added=1") {
		t.Fatalf("after sending: %d %s", res.Status, res.URL)
	}
	run(chromedp.WaitVisible(chromedp.CSS(".ok")))
	body = text()
	contains("request page after sending", body, "已收到您的补充", "我补充的说明", added, "已附照片")
	phone("central-request-added-zh")
	ds, err := e.S.RequestDetails(e.Ctx, "r1")
	e.Must(err)
	want, _ := os.ReadFile(photo)
	if len(ds) != 1 || ds[0].Text != added || ds[0].PhotoType != "image/png" || !bytes.Equal(ds[0].Photo, want) {
		t.Fatalf("central's store has %+v, want the text %q and the %d-byte PNG", ds, added, len(want))
	}

	// English, by the page's own link.
	res, err = chromedp.RunResponse(bctx, chromedp.Tap(chromedp.CSS("nav a")))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 200 || !strings.HasSuffix(res.URL, "/r/"+req.Token+"?lang=en") {
		t.Fatalf("the English link: %d %s", res.Status, res.URL)
	}
	run(chromedp.WaitVisible(chromedp.CSS("#text")))
	body = text()
	contains("English request page", body, "Request "+req.Ticket, "Status", "In progress", "Due", "2026-03-03 12:00",
		"Progress", "What I added", "photo attached", "Add a description or a photo", "Description (optional)", "Send")
	lacks("English request page", body, "办理时限", "处理中", "补充说明或照片")
	if l, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.documentElement.lang`)); err != nil || l != "en" {
		t.Errorf("English page has lang %q (%v)", l, err)
	}
	phone("central-request-en")

	// A counselling appointment shows its time, but not that it is
	// counselling: neither the type, nor the counsellor, nor the place,
	// which would name the counselling centre (docs/protocol.md).
	for _, tc := range []struct {
		shot, path string
		want, bad  []string
	}{
		{"central-appointment-counselling-zh", "/a/ap-psy", []string{"我的预约", "个人预约", "2026-03-03 14:00 – 14:50", "已预约"},
			[]string{"林老师", "心理", "情绪", "老师", "地点"}},
		{"central-appointment-counselling-en", "/a/ap-psy?lang=en", []string{"My appointment", "Personal appointment", "2026-03-03 14:00 – 14:50", "Booked"},
			[]string{"Dr Lin", "counsel", "Wellbeing", "Stress", "With", "Place"}},
		{"central-appointment-academic-zh", "/a/ap-acad", []string{"学业导师", "王老师", "2026-03-03 10:00 – 10:30", "明德楼二楼研讨室 204"}, nil},
	} {
		run(chromedp.Navigate(e.url+tc.path), chromedp.WaitVisible(chromedp.CSS(".status")))
		body := text()
		contains(tc.path, body, tc.want...)
		lacks(tc.path, body, tc.bad...)
		if html, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`)); err != nil {
			t.Fatal(err)
		} else {
			lacks(tc.path+" (HTML)", html, tc.bad...)
		}
		phone(tc.shot)
	}
	t.Logf("screenshots in %s", shots)
}

// writePNG writes a small photo, as a phone camera would give one.
func writePNG(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 48, 32))
	for y := range 32 {
		for x := range 48 {
			img.Set(x, y, color.RGBA{uint8(x * 5), uint8(y * 7), 160, 255})
		}
	}
	var b bytes.Buffer
	if err := imgpng.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "photo.png")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
