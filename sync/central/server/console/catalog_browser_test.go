package console_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onestop/kiosk"
	"onestop/sync/central/storetest"
)

// An admin creates a room in the browser (a wrong capacity first, which
// comes back with everything typed still there), and the hall's kiosk
// has the room after one real sync, closed day included.
func TestBrowserCreateRoom(t *testing.T) {
	e := newEnv(t)
	k := e.kiosk(storetest.HallA)
	b := newBrowser(t)
	b.signIn(e.url, "root")
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	b.run(chromedp.Navigate(e.url+"/admin/catalog?lang=zh"), chromedp.Click(css(`main a[href^="/admin/catalog/rooms?"]`)),
		chromedp.WaitVisible(css(`a[href^="/admin/catalog/rooms/new"]`)))
	b.run(chromedp.Click(css(`a[href^="/admin/catalog/rooms/new"]`)), chromedp.WaitVisible(css("#ed-room-name-zh")))
	b.run(chromedp.SendKeys(css("#ed-room-name-zh"), "活动室B1"), chromedp.SendKeys(css("#ed-room-name-en"), "Activity B1"),
		chromedp.SetValue(css("#ed-room-type"), "activity"), chromedp.Clear(css("#ed-room-capacity")),
		chromedp.SendKeys(css("#ed-room-capacity"), "三十"), chromedp.Click(css("#ed-room-closed-weekdays-6")),
		chromedp.Click(css("#ed-room button")), chromedp.WaitVisible(css("#ed-room-capacity-err")))
	if body := b.text(); !strings.Contains(body, "请输入整数。") {
		t.Fatalf("after a bad capacity:\n%s", body)
	}
	kept, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.querySelector("#ed-room-name-zh").value === "活动室B1" &&
		document.querySelector("#ed-room-capacity").value === "三十" && document.querySelector("#ed-room-closed-weekdays-6").checked &&
		document.querySelector("#ed-room-type").value === "activity"`))
	if err != nil || !kept {
		t.Fatalf("what was typed is lost: %v", err)
	}
	b.check("room-invalid-zh-1440x900")
	b.run(chromedp.Clear(css("#ed-room-capacity")), chromedp.SendKeys(css("#ed-room-capacity"), "30"),
		chromedp.Click(css("#ed-room button")), chromedp.WaitVisible(css(".ok")))
	if body := b.text(); !strings.Contains(body, "活动室B1") {
		t.Fatalf("the list after saving:\n%s", body)
	}

	k.mustSync()
	rooms, err := k.db.Rooms(context.Background(), kiosk.RoomActivity)
	e.Must(err)
	if len(rooms) != 1 || rooms[0].Name.En != "Activity B1" || rooms[0].Capacity != 30 || !rooms[0].Active ||
		len(rooms[0].ClosedWeekdays) != 1 || rooms[0].ClosedWeekdays[0] != time.Sunday {
		t.Fatalf("the kiosk has %+v", rooms)
	}
}

// A hall admin opening another hall's room gets the 403 page, in words
// they understand, and nothing of the room.
func TestBrowserRoomOtherHall(t *testing.T) {
	e := newEnv(t)
	b := newBrowser(t)
	b.signIn(e.url, "ada")
	for _, lang := range []string{"zh", "en"} {
		res, err := chromedp.RunResponse(b.ctx, chromedp.Navigate(e.url+"/admin/catalog/rooms/"+storetest.RoomB+"?lang="+lang))
		if err != nil || res.Status != 403 {
			t.Fatalf("hall A's admin opening hall B's room: %v %v", res, err)
		}
		body := b.text()
		if want := map[string]string{"zh": "你没有权限查看或修改这个服务大厅。", "en": "You may not see or change this hall."}[lang]; !strings.Contains(body, want) ||
			strings.Contains(body, storetest.BuildingB) || strings.Contains(body, "自习室") {
			t.Fatalf("the 403 page:\n%s", body)
		}
		b.check("room-forbidden-" + lang + "-1440x900")
	}
}

// The announcement preview in a real browser: the strip as the kiosk
// shows it now, in order, passes axe like every page.
func TestBrowserAnnouncementPreview(t *testing.T) {
	e := newEnv(t)
	e.Must(e.S.PutAnnouncement(e.Ctx, storetest.HallA, kiosk.Announcement{ID: "ann-1", Title: kiosk.LocalName{Zh: "电梯检修", En: "Lift maintenance"},
		Body: kiosk.LocalName{Zh: "本周六 9:00–12:00 二号电梯停用，请走楼梯。", En: "Lift 2 is out of service on Saturday 9:00–12:00."}, StartsAt: e.At(-1, 0, 0), Priority: 5}))
	e.Must(e.S.PutAnnouncement(e.Ctx, storetest.HallA, kiosk.Announcement{ID: "ann-2", Title: kiosk.LocalName{Zh: "失物招领", En: "Lost and found"},
		StartsAt: e.At(-2, 0, 0), EndsAt: e.At(5, 0, 0)}))
	b := newBrowser(t)
	b.signIn(e.url, "ada")
	for _, lang := range []string{"zh", "en"} {
		b.run(chromedp.Navigate(e.url + "/admin/catalog/announcements?lang=" + lang))
		body := b.text()
		if i, j := strings.Index(body, "电梯检修"), strings.LastIndex(body, "失物招领"); i < 0 || j < i || !strings.Contains(body, "Lift 2 is out of service") {
			t.Fatalf("%s: preview:\n%s", lang, body)
		}
		b.check("announcement-preview-" + lang + "-1440x900")
	}
}
