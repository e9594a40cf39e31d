package console

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	qrcode "github.com/skip2/go-qrcode"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// The mentor links page: each mentor's private link to their day page
// (/m/{token}), made here, shown once as text and QR, and revocable.

var _ = addRoutes(
	route{"GET /admin/mentor-links", func(c *Console) http.Handler { return c.staff(c.mentorLinksPage) }},
	route{"POST /admin/mentor-links/create", func(c *Console) http.Handler { return c.staff(c.mentorLinkCreate) }},
	route{"POST /admin/mentor-links/revoke", func(c *Console) http.Handler { return c.staff(c.mentorLinkRevoke) }},
)

var _ = addNav(navItem{Path: "/admin/mentor-links", Key: "md_nav", Order: 45})

var _ = addText(texts{
	"md_nav":          {"导师日程链接", "Mentor links"},
	"md_intro":        {"每位导师有一个专属链接，在手机上打开即可看到当天的预约和学生签到情况。链接只在生成时显示一次；重新生成会让旧链接失效。", "Each mentor has a private link: opened on a phone, it shows the day's appointments and who has checked in. A link is shown once, when it is made; making a new one stops the old one working."},
	"md_mentor":       {"导师", "Mentor"},
	"md_type":         {"类型", "Type"},
	"md_link":         {"链接", "Link"},
	"md_active_since": {"有效，生成于", "active, made"},
	"md_no_link":      {"未生成", "none"},
	"md_create":       {"生成链接", "Make a link"},
	"md_recreate":     {"重新生成", "Make a new link"},
	"md_revoke":       {"停用链接", "Revoke link"},
	"md_made_for":     {"已为以下导师生成链接：", "New link for"},
	"md_show_once":    {"请现在复制或扫码发给导师：此链接不会再次显示。", "Copy it or let the mentor scan it now: it is not shown again."},
	"md_qr":           {"导师日程链接二维码", "QR code of the mentor's link"},
	"md_no_mentors":   {"这个服务大厅还没有导师。", "This hall has no mentors yet."},
	"md_show":         {"查看", "Show"},
	"md_revoked":      {"已停用该导师的链接。", "The mentor's link was revoked."},
	"md_academic":     {"学业导师", "Academic mentor"},
	"md_counselling":  {"心理咨询", "Counselling"},
	"md_career":       {"生涯/就业指导", "Career guidance"},
	"md_leader":       {"领导接待", "Leader office hours"},
})

type mentorLinkRow struct {
	ID, Name, Type, Since string
	Active                bool
}

type mentorLinksView struct {
	view
	Halls         []hallOption
	Hall          string // the hall shown
	HallName      string
	Mentors       []mentorLinkRow
	NewFor        string // the mentor just given a link
	NewURL        string
	NewQR         template.URL
	MayChangeHall bool
}

// mentorLinksPage lists the mentors of one hall the admin may see.
func (c *Console) mentorLinksPage(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	v, err := c.mentorLinks(r, a, r.URL.Query().Get("hall"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if r.URL.Query().Get("revoked") == "1" {
		v.Notice = v.T["md_revoked"]
	}
	c.render(w, http.StatusOK, "md_links.html", v)
}

// mentorLinks is the page for hall ("" picks the admin's first, in the
// order every page lists halls); another
// hall's id is EFORBIDDEN, an unknown one ENOTFOUND.
func (c *Console) mentorLinks(r *http.Request, a central.AdminAccount, hall string) (mentorLinksView, error) {
	v := mentorLinksView{view: newView(r, &a, "md_nav")}
	v.Self = "/admin/mentor-links"
	all, seen, err := c.halls(r, v.view, a)
	if err != nil {
		return v, err
	}
	for _, h := range seen {
		v.Halls = append(v.Halls, hallOption{ID: h.ID, Name: h.Name})
	}
	if hall == "" && len(v.Halls) > 0 {
		hall = v.Halls[0].ID
	}
	h, ok := all[hall]
	switch {
	case hall == "":
		return v, nil // no hall at all yet
	case !ok:
		return v, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "no hall %s", hall)
	case !a.Sees(hall):
		return v, forbidden(a, "hall "+hall)
	}
	v.Hall, v.HallName, v.MayChangeHall = h.ID, h.Name, h.Changes
	v.Self += "?hall=" + url.QueryEscape(h.ID)
	ls, err := c.store.MentorLinks(r.Context(), hall)
	if err != nil {
		return v, err
	}
	for _, l := range ls {
		row := mentorLinkRow{ID: l.Mentor.ID, Name: v.localName(l.Mentor.Name), Type: v.T["md_"+string(l.Mentor.Type)], Active: l.Active()}
		if row.Active {
			row.Since = when(v.T, h.Zone, l.CreatedAt)
		}
		v.Mentors = append(v.Mentors, row)
	}
	slices.SortFunc(v.Mentors, func(x, y mentorLinkRow) int { return strings.Compare(x.Name, y.Name) })
	return v, nil
}

// mentorHall is the hall of a mentor the admin may change: 404 for an
// unknown mentor, 403 for another hall's.
func (c *Console) mentorHall(r *http.Request, a central.AdminAccount, id string) (string, error) {
	if id == "" {
		return "", kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "no mentor given")
	}
	hall, _, err := c.store.Entity(r.Context(), wire.EntityMentor, id)
	if err != nil {
		return "", err
	}
	return hall, mayChange(a, hall)
}

// mentorLinkCreate makes the mentor a new link (the old one stops
// working) and shows it once, as text and as a QR code.
func (c *Console) mentorLinkCreate(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	id := r.PostFormValue("mentor")
	hall, err := c.mentorHall(r, a, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	token, l, err := c.admin.MentorLink(r.Context(), id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v, err := c.mentorLinks(r, a, hall)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v.NewFor = v.localName(l.Mentor.Name)
	v.NewURL = c.publicBase(r, hall) + "/m/" + token
	png, err := qrcode.Encode(v.NewURL, qrcode.Medium, 256)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v.NewQR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	c.log.Info("mentor link made", "mentor", id, "admin", a.Name)
	c.render(w, http.StatusOK, "md_links.html", v)
}

// mentorLinkRevoke stops the mentor's link working: its page is a 404.
func (c *Console) mentorLinkRevoke(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	id := r.PostFormValue("mentor")
	hall, err := c.mentorHall(r, a, id)
	if err == nil {
		err = c.store.RevokeMentorLink(r.Context(), id)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.log.Info("mentor link revoked", "mentor", id, "admin", a.Name)
	http.Redirect(w, r, "/admin/mentor-links?hall="+url.QueryEscape(hall)+"&revoked=1&lang="+lang(r), http.StatusSeeOther)
}

// publicBase is where phones reach central's public pages: the hall's
// public.base_url setting when set (what its kiosks' QR codes use), else
// the address this request came to.
func (c *Console) publicBase(r *http.Request, hall string) string {
	if kv, err := c.store.Settings(r.Context(), hall); err == nil && strings.TrimSpace(kv[kiosk.SettingPublicURL]) != "" {
		if s := kiosk.ParseSettings(kv); s.PublicURL != kiosk.DefaultSettings().PublicURL {
			return s.PublicURL
		}
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
