package console

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"onestop/kiosk"
	"onestop/sync/central"
)

// The kiosks page: the fleet's health, enrollment codes, revocation.

// StaleAfter marks a kiosk not heard from for this long.
const StaleAfter = 2 * time.Minute

// MissedHeartbeatAfter raises the missed-heartbeat alert, on this page
// and the dashboard, for a kiosk silent this long (it sends a heartbeat
// every sync, every 10 s by default): docs/operations.md's alert on
// onestop_kiosk_last_heartbeat_timestamp_seconds uses the same 5 min.
const MissedHeartbeatAfter = 5 * time.Minute

var _ = addRoutes(
	route{"GET /admin/kiosks", func(c *Console) http.Handler { return c.staff(c.kiosksPage) }},
	route{"POST /admin/kiosks/enroll-code", func(c *Console) http.Handler { return c.staff(c.enrollCode) }},
	route{"POST /admin/kiosks/revoke", func(c *Console) http.Handler { return c.staff(c.revoke) }},
	route{"POST /admin/kiosks/ask", func(c *Console) http.Handler { return c.staff(c.ask) }},
)

var _ = addNav(navItem{Path: "/admin/kiosks", Key: "kiosks", Order: 80})

var _ = addText(texts{
	"kiosks":         {"自助机", "Kiosks"},
	"kiosk":          {"自助机", "Kiosk"},
	"last_heartbeat": {"最近联络", "Last contact"},
	"version":        {"版本", "Version"},
	"backlog":        {"待同步", "Pending"},
	"oldest_pending": {"最早待同步", "Oldest pending"},
	"stale":          {"已失联", "not heard from"},
	"no_kiosks":      {"还没有自助机。", "No kiosks yet."},
	"enroll_title":   {"新增自助机", "Add a kiosk"},
	"make_code":      {"生成注册码", "Make an enrollment code"},
	"code_for":       {"注册码", "Enrollment code for"},
	"code_expires":   {"有效期至", "valid until"},
	"code_qr":        {"注册码二维码", "QR code of enrollment code"},
	"revoke":         {"停用", "Revoke"},
	"revoked":        {"已停用于", "revoked"},
	"last_error":     {"最近同步错误", "Last sync error"},
	"missed_title":   {"心跳中断预警", "Missed heartbeats"},
	"missed_alert":   {"以下自助机超过 5 分钟没有发来心跳：可能断电、断网或程序已退出，请到现场查看。", "These kiosks have sent no heartbeat for over 5 minutes: they may be off, offline or stopped. Please check on them."},
	"missed_item":    {"%s（%s），最近联络 %s", "%s (%s), last contact %s"},
	"missed_mark":    {"心跳中断", "missed heartbeat"},
	"ask_sync":       {"立即同步", "Sync now"},
	"ask_restart":    {"空闲时重启", "Restart when idle"},
	"asked_sync":     {"已请求 %s 立即同步：它在 1 秒内收到。", "Asked %s to sync now: it hears within a second."},
	"asked_restart":  {"已请求 %s 在下一个无人使用的时刻重启。", "Asked %s to restart at its next idle moment."},
	"manifest_seq":   {"已接受清单", "Manifest accepted"},
	"update_error":   {"最近更新错误", "Last update error"},
})

// missedKiosk is one kiosk the missed-heartbeat alert names.
type missedKiosk struct{ ID, Name, Hall, Since string }

// missedHeartbeats lists the working kiosks of ks the admin sees (of
// hall; "" for every hall) silent for over MissedHeartbeatAfter at now:
// their last heartbeat, or their enrollment before the first, so a
// kiosk that never spoke is named too. A revoked kiosk is not.
func missedHeartbeats(v view, a central.AdminAccount, ks []central.Kiosk, halls map[string]hallInfo, hall string, now time.Time) []missedKiosk {
	var out []missedKiosk
	for _, k := range ks {
		if !a.Sees(k.HallID) || !k.RevokedAt.IsZero() || (hall != "" && k.HallID != hall) {
			continue
		}
		heard := k.Health.At
		if heard.IsZero() {
			heard = k.EnrolledAt
		}
		if now.Sub(heard) > MissedHeartbeatAfter {
			h := halls[k.HallID]
			out = append(out, missedKiosk{ID: k.ID, Name: k.Name, Hall: h.Name, Since: when(v.T, h.Zone, k.Health.At)})
		}
	}
	slices.SortFunc(out, func(x, y missedKiosk) int { return strings.Compare(x.Hall+x.Name, y.Hall+y.Name) })
	return out
}

// missedLines are the alert's lines in the view's language.
func missedLines(v view, ms []missedKiosk) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = fmt.Sprintf(v.T["missed_item"], m.Name, m.Hall, m.Since)
	}
	return out
}

type kioskRow struct {
	ID, Name, Hall, Heartbeat, Version, Oldest, LastError string
	UpdateError                                           string // its last refused or failed update
	ManifestSeq                                           int64  // the last release manifest it accepted
	Backlog                                               int
	Stale, Missed, Revocable                              bool
	Revoked                                               string // when, "" while its token works
}

type hallOption struct{ ID, Name string }

type kiosksView struct {
	view
	Kiosks                      []kioskRow
	Missed                      []string // the missed-heartbeat alert's lines
	Asked                       string   // what was just asked of a kiosk
	EnrollHalls                 []hallOption
	Code, CodeHall, CodeExpires string
	CodeQR                      template.URL
	zones                       map[string]*time.Location // by hall
}

// kiosksPage lists the kiosks the admin may see: last heartbeat (stale
// ones marked), version, backlog and its oldest entry.
func (c *Console) kiosksPage(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	v, err := c.kiosks(r, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, http.StatusOK, "kiosks.html", v)
}

func (c *Console) kiosks(r *http.Request, a central.AdminAccount) (kiosksView, error) {
	v := kiosksView{view: newView(r, &a, "kiosks"), zones: map[string]*time.Location{}}
	v.Self = "/admin/kiosks"
	all, _, err := c.halls(r, v.view, a)
	if err != nil {
		return v, err
	}
	for _, h := range all {
		v.zones[h.ID] = h.Zone
		if h.Changes {
			v.EnrollHalls = append(v.EnrollHalls, hallOption{ID: h.ID, Name: h.Name})
		}
	}
	slices.SortFunc(v.EnrollHalls, func(x, y hallOption) int { return strings.Compare(x.Name, y.Name) })
	ks, err := c.store.Kiosks(r.Context())
	if err != nil {
		return v, err
	}
	now := c.clock.Now()
	for _, k := range ks {
		if !a.Sees(k.HallID) {
			continue
		}
		loc := v.zones[k.HallID]
		row := kioskRow{ID: k.ID, Name: k.Name, Hall: all[k.HallID].Name, Version: k.Health.Version, Backlog: k.Health.OutboxPending,
			Heartbeat: when(v.T, loc, k.Health.At), Oldest: when(v.T, loc, k.Health.OldestPendingAt), LastError: k.Health.LastError,
			ManifestSeq: k.Health.ManifestSeq, UpdateError: k.Health.UpdateError}
		if !k.RevokedAt.IsZero() {
			row.Revoked = when(v.T, loc, k.RevokedAt)
		}
		row.Stale = row.Revoked == "" && (k.Health.At.IsZero() || now.Sub(k.Health.At) > StaleAfter)
		row.Revocable = row.Revoked == "" && a.Changes(k.HallID)
		v.Kiosks = append(v.Kiosks, row)
	}
	slices.SortFunc(v.Kiosks, func(x, y kioskRow) int { return strings.Compare(x.Hall+x.Name, y.Hall+y.Name) })
	missed := missedHeartbeats(v.view, a, ks, all, "", now)
	for i := range v.Kiosks {
		v.Kiosks[i].Missed = slices.ContainsFunc(missed, func(m missedKiosk) bool { return m.ID == v.Kiosks[i].ID })
	}
	v.Missed = missedLines(v.view, missed)
	if what, id := r.URL.Query().Get("asked"), r.URL.Query().Get("kiosk"); what == kiosk.AskSync || what == kiosk.AskRestart {
		for _, k := range v.Kiosks {
			if k.ID == id {
				v.Asked = fmt.Sprintf(v.T["asked_"+what], k.Name)
			}
		}
	}
	return v, nil
}

// enrollCode makes a one-time enrollment code for a hall the admin may
// change, shown as text and as a QR code.
func (c *Console) enrollCode(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	hall := r.PostFormValue("hall")
	if err := mayChange(a, hall); err != nil {
		c.fail(w, r, err)
		return
	}
	code, exp, err := c.admin.EnrollCode(r.Context(), hall)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v, err := c.kiosks(r, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	png, err := qrcode.Encode(code, qrcode.Medium, 256)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	for _, h := range v.EnrollHalls {
		if h.ID == hall {
			v.CodeHall = h.Name
		}
	}
	v.Code, v.CodeExpires = code, when(v.T, v.zones[hall], exp)
	v.CodeQR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	c.render(w, http.StatusOK, "kiosks.html", v)
}

// revoke stops a kiosk's token working, for a kiosk of a hall the admin
// may change: a lost or replaced screen.
func (c *Console) revoke(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	id := r.PostFormValue("kiosk")
	err := c.mayChangeKiosk(r, a, id)
	if err == nil {
		err = c.store.RevokeKiosk(r.Context(), id)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.log.Info("kiosk revoked", "kiosk", id, "admin", a.Name)
	http.Redirect(w, r, "/admin/kiosks?lang="+lang(r), http.StatusSeeOther)
}

// ask asks a working kiosk of a hall the admin may change to sync now
// or to restart at its next idle moment, through its hall's feed.
func (c *Console) ask(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	id, what := r.PostFormValue("kiosk"), r.PostFormValue("what")
	err := c.mayChangeKiosk(r, a, id)
	if err == nil {
		_, err = c.store.AskKiosk(r.Context(), id, what)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.log.Info("kiosk asked", "kiosk", id, "what", what, "admin", a.Name)
	http.Redirect(w, r, "/admin/kiosks?lang="+lang(r)+"&asked="+url.QueryEscape(what)+"&kiosk="+url.QueryEscape(id), http.StatusSeeOther)
}

// mayChangeKiosk is nil when kiosk id exists in a hall the admin may
// change: ENOTFOUND or EFORBIDDEN otherwise.
func (c *Console) mayChangeKiosk(r *http.Request, a central.AdminAccount, id string) error {
	ks, err := c.store.Kiosks(r.Context())
	if err != nil {
		return err
	}
	i := slices.IndexFunc(ks, func(k central.Kiosk) bool { return k.ID == id })
	switch {
	case i < 0:
		return kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "no kiosk %s", id)
	case !a.Changes(ks[i].HallID):
		return forbidden(a, "kiosk "+id)
	}
	return nil
}
