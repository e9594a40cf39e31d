package console_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The missed-heartbeat alert in a real browser: on the kiosks page and
// the dashboard, in both languages, checked by axe-core and
// photographed.
func TestBrowserMissedHeartbeat(t *testing.T) {
	e := newEnv(t)
	e.Clock.Advance(2*time.Minute + time.Second) // k2 and kb silent for over 5 minutes
	b := newBrowser(t)
	b.signIn(e.url, "root")
	for _, sc := range screens {
		var opts []chromedp.EmulateViewportOption
		if sc.mobile {
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
		}
		b.run(chromedp.EmulateViewport(sc.width, sc.height, opts...))
		for _, p := range []struct{ name, path, want string }{
			{"kiosks-missed-zh", "/admin/kiosks?lang=zh", "心跳中断预警"},
			{"kiosks-missed-en", "/admin/kiosks?lang=en", "Missed heartbeats"},
			{"dashboard-missed-zh", "/admin/dashboard?hall=hall-a&lang=zh", "Kiosk k2（甲大厅）"},
			{"dashboard-missed-en", "/admin/dashboard?hall=hall-b&lang=en", "Kiosk kb (Hall B), last contact never"},
		} {
			b.run(chromedp.Navigate(e.url+p.path), chromedp.WaitVisible(chromedp.CSS("#missed-h")))
			if body := b.text(); !strings.Contains(body, p.want) {
				t.Fatalf("%s lacks %q:\n%s", p.path, p.want, body)
			}
			b.check(p.name + "-" + sc.name)
		}
	}
}
