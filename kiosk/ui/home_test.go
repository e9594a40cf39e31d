package ui_test

import (
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
)

func announcements(h *kiosktest.Hall) {
	mk := func(id, zh, en string, prio int) kiosk.Announcement {
		return kiosk.Announcement{ID: id, Title: kiosk.LocalName{Zh: zh, En: en},
			Body: kiosk.LocalName{Zh: zh + "的详情", En: en + " details"}, StartsAt: start.Add(-time.Hour), Priority: prio}
	}
	h.SetAnnouncements(mk("a", "研讨室开放", "Seminar rooms open", 3),
		mk("b", "心理讲座", "Wellbeing talk", 2),
		mk("c", "志愿者招募", "Volunteers wanted", 1))
}

func TestAnnouncementsPageAndRotate(t *testing.T) {
	r := newRig(t, announcements)
	r.shows("研讨室开放", "研讨室开放的详情", "1/3")
	r.hides("心理讲座")

	r.tap("news.next")
	r.shows("心理讲座", "2/3")
	r.tap("news.prev")
	r.tap("news.prev")
	r.shows("志愿者招募", "3/3")

	r.advance(7 * time.Second)
	r.shows("志愿者招募")
	r.advance(time.Second)
	r.shows("研讨室开放", "1/3")

	r.tap("lang")
	r.shows("Seminar rooms open", "Seminar rooms open details")
}

func TestSyncCornerAndSettingsRefresh(t *testing.T) {
	r := newRig(t)
	r.shows("0 条记录待同步 · 离线 · 尚未连接中心")

	r.hall.SetSyncStatus(kiosk.SyncStatus{Pending: 3, Online: true, LastContact: start.Add(-2 * time.Minute)})
	s := settings()
	s.HallName = kiosk.LocalName{Zh: "学院路服务大厅", En: "College Road Hall"}
	r.hall.SetSettings(s)
	r.advance(9 * time.Second)
	r.shows("0 条记录待同步")

	r.advance(time.Second)
	r.shows("3 条记录待同步 · 在线 · 上次联网 14:03", "学院路服务大厅", "14:05")
	r.hall.SetSyncStatus(kiosk.SyncStatus{Pending: 3, LastContact: start.Add(-2 * time.Minute)})
	r.advance(10 * time.Second)
	r.shows("3 条记录待同步 · 离线 · 上次联网 14:03")
}

func TestClockFollowsTick(t *testing.T) {
	r := newRig(t)
	r.tap("tile.checkin")
	r.keypad("2023")
	r.advance(2 * time.Minute) // past the idle timeout: home again
	r.shows("14:07")
	r.clock.Set(start.Add(10 * time.Hour)) // midnight rolls the date over
	r.k.Tick()
	r.shows("00:05", "3月6日 星期四")
}

func TestHallErrorsKeepLastGoodValues(t *testing.T) {
	r := newRig(t, announcements)
	r.hall.SetErr(kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.MsgErrStoreUnavailable, "locked"))
	r.advance(10 * time.Second)
	r.shows("一站式学生社区服务大厅", "心理讲座", "2/3")
	r.scan(zhangCard)
	r.shows("欢迎，" + zhangMasked)
}

func TestStartsWhenHallFails(t *testing.T) {
	r := newRig(t, func(h *kiosktest.Hall) {
		h.SetErr(kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.MsgErrStoreUnavailable, "locked"))
	})
	r.shows("一站式学生社区服务大厅", "签到")
	r.scan(zhangCard)
	r.shows("欢迎，" + zhangMasked)
}
