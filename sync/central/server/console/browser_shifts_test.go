package console_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The capped shifts in a real browser, with the keyboard alone: from the
// navigation to the page, then "not yet corrected only" ticked with the
// space bar and the filter sent; axe-core checks the page at both sizes
// in both languages.
func TestBrowserCappedShifts(t *testing.T) {
	e := shiftsEnv(t)
	b := newBrowser(t)
	b.signIn(e.url, "root")
	b.tabTo(`nav a[href^="/admin/shifts"]`)
	b.press(kb.Enter, "#sh-uncorrected")
	if body := b.text(); !strings.Contains(body, "张*华") || !strings.Contains(body, "赵*") || !strings.Contains(body, "已更正（2026-03-02 17:03）") {
		t.Fatalf("the capped shifts:\n%s", body)
	}
	b.check("shifts-zh-1440x900")
	b.tabTo("#sh-uncorrected")
	b.run(chromedp.KeyEvent(" "))
	b.tabTo(`form[action="/admin/shifts"] button`)
	b.press(kb.Enter, "#sh-uncorrected[checked]") // the attribute: the new page
	if body := b.text(); strings.Contains(body, "张*华") || !strings.Contains(body, "赵*") {
		t.Fatalf("not yet corrected only:\n%s", body)
	}
	b.check("shifts-uncorrected-zh-1440x900")
	b.run(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	for _, lang := range []string{"en", "zh"} {
		b.run(chromedp.Navigate(e.url+"/admin/shifts?lang="+lang), chromedp.WaitVisible(chromedp.CSS("#sh-h")))
		b.check("shifts-" + lang + "-390x844")
	}
	b.run(chromedp.Navigate(e.url+"/admin/shifts?lang=en&span=year"), chromedp.WaitVisible(chromedp.CSS("#sh-span-err")))
	b.check("shifts-error-en-390x844")
}
