package console_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"onestop/sync/central/storetest"
)

// Importing a roster in a real browser: a CSV with one bad line chosen
// in the file input, the preview naming that line, then the confirmation
// and its counts; axe-core checks both pages.
func TestBrowserRosterImport(t *testing.T) {
	e := newEnv(t)
	file := filepath.Join(t.TempDir(), "roster.csv")
	e.Must(os.WriteFile(file, []byte(roFile), 0o644))

	b := newBrowser(t)
	b.signIn(e.url, "ada")
	b.run(chromedp.Navigate(e.url+"/admin/roster?lang=en"), chromedp.WaitVisible(chromedp.CSS("#ro-file")),
		chromedp.SetUploadFiles(chromedp.CSS("#ro-file"), []string{file}),
		chromedp.Click(chromedp.CSS(`form[enctype] button`)), chromedp.WaitVisible(chromedp.CSS("#ro-rejected")))
	if body := b.text(); !strings.Contains(body, "3\tFloor “x” is not a valid number") {
		t.Fatalf("preview does not report line 3:\n%s", body)
	}
	if ss := e.hallRoster(storetest.HallA); len(ss) != 2 {
		t.Fatalf("the preview wrote the roster: %d students", len(ss))
	}
	b.check("roster-preview-en-1440x900")
	b.run(chromedp.Click(chromedp.CSS("#ro-confirm")), chromedp.WaitVisible(chromedp.CSS(".ok")))
	body := b.text()
	if !strings.Contains(body, "Imported roster.csv: 2 new, 0 changed, 2 removed.") {
		t.Fatalf("after confirming:\n%s", body)
	}
	if ss := e.hallRoster(storetest.HallA); len(ss) != 2 || ss[0].Key == storetest.Alice {
		t.Fatalf("roster after the import: %+v", ss)
	}
	b.check("roster-done-en-1440x900")

	// The same file on a phone, in Chinese: the preview names line 3
	// (now every line is unchanged but for it).
	b.run(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(e.url+"/admin/roster?lang=zh"), chromedp.WaitVisible(chromedp.CSS("#ro-file")),
		chromedp.SetUploadFiles(chromedp.CSS("#ro-file"), []string{file}),
		chromedp.Click(chromedp.CSS(`form[enctype] button`)), chromedp.WaitVisible(chromedp.CSS("#ro-rejected")))
	if body := b.text(); !strings.Contains(body, "3\t楼层“x”不是有效的数字") || !strings.Contains(body, "这个文件不会改变名单") {
		t.Fatalf("Chinese preview on a phone:\n%s", body)
	}
	b.check("roster-preview-zh-390x844")
}
