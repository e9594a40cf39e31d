package console

import (
	"net/http"
	"net/url"
	"strings"

	"onestop/kiosk"
	"onestop/sync/central"
)

// The halls editor, the campus admins' only: each hall's name and time
// zone (checked by central.Hall.Validate, which loads the zone). The
// hall's days, opening hours and deadlines are counted in that zone.

var _ = addRoutes(
	route{"GET /admin/catalog/halls", func(c *Console) http.Handler { return c.staff(c.campus(c.edHalls)) }},
	route{"GET /admin/catalog/halls/{id}", func(c *Console) http.Handler { return c.staff(c.campus(c.edHall)) }},
	route{"POST /admin/catalog/halls/{id}", func(c *Console) http.Handler { return c.staff(c.campus(c.edHallSave)) }},
)

var _ = addSection(edSection{Path: "/admin/catalog/halls", Key: "ed_halls", Hint: "ed_halls_hint", Order: 10, Campus: true})

var _ = addText(texts{
	"ed_halls":          {"服务大厅", "Halls"},
	"ed_halls_hint":     {"各服务大厅的名称和时区（仅校级管理员）。", "Each hall's name and time zone (campus admins only)."},
	"ed_hall_new":       {"新增服务大厅", "New hall"},
	"ed_hall_code":      {"编号", "Code"},
	"ed_hall_zone":      {"时区", "Time zone"},
	"ed_hall_zone_hint": {"IANA 时区名，例如 Asia/Shanghai、Asia/Urumqi。", "An IANA zone name, e.g. Asia/Shanghai or Asia/Urumqi."},
	"ed_bad_time_zone":  {"没有这个时区，请输入 IANA 时区名，例如 Asia/Shanghai。", "No such time zone; enter an IANA name such as Asia/Shanghai."},
})

// campus admits campus admins only: halls are theirs to create and edit.
func (c *Console) campus(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
		if a.Role != central.RoleCampus {
			c.fail(w, r, forbidden(a, "the halls editor"))
			return
		}
		h(w, r, a)
	}
}

func (c *Console) edHalls(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	v := edPage{view: newView(r, &a, "ed_halls")}
	if r.URL.Query().Get("done") == "1" {
		v.Notice = v.T["saved"]
	}
	hs, err := c.store.Halls(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v.Cols = []string{v.T["ed_name"], v.T["ed_hall_code"], v.T["ed_hall_zone"]}
	for _, h := range hs {
		v.Rows = append(v.Rows, edRow{Link: "/admin/catalog/halls/" + url.PathEscape(h.ID) + "?lang=" + v.Lang, Cells: []string{v.localName(h.Name), h.ID, h.Zone()}})
	}
	v.Add = "/admin/catalog/halls/new?lang=" + v.Lang
	c.render(w, http.StatusOK, "ed_page.html", v)
}

func (c *Console) edHall(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	id := r.PathValue("id")
	vals := url.Values{"time_zone": {kiosk.DefaultZone}}
	if id != "new" {
		h, err := c.edFindHall(r, id)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		vals = url.Values{"name_zh": {h.Name.Zh}, "name_en": {h.Name.En}, "time_zone": {h.Zone()}}
	}
	c.edHallShow(w, r, a, http.StatusOK, id, vals, map[string]string{})
}

func (c *Console) edFindHall(r *http.Request, id string) (central.Hall, error) {
	hs, err := c.store.Halls(r.Context())
	if err != nil {
		return central.Hall{}, err
	}
	for _, h := range hs {
		if h.ID == id {
			return h, nil
		}
	}
	return central.Hall{}, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrInternal, "no hall %s", id)
}

func (c *Console) edHallShow(w http.ResponseWriter, r *http.Request, a central.AdminAccount, status int, id string, vals url.Values, errs map[string]string) {
	v := edPage{view: newView(r, &a, "ed_halls"), Back: "/admin/catalog/halls?lang=" + lang(r)}
	if id == "new" {
		v.Title = v.T["ed_hall_new"]
	} else {
		v.Title = v.T["hall"] + " " + id
	}
	if len(errs) > 0 {
		v.Error = v.T["fix_errors"]
	}
	in := func(name, label, kind string) edField { return edIn("ed-hall", name, v.T[label], kind, vals, errs) }
	name, nameEn, zone := in("name_zh", "ed_name_zh", "text"), in("name_en", "ed_name_en", "text"), in("time_zone", "ed_hall_zone", "text")
	name.Required, nameEn.En, zone.En, zone.Required = true, true, true, true
	if e := errs["name"]; e != "" {
		name.Err = e
	}
	zone.Hint = v.T["ed_hall_zone_hint"]
	v.Forms = []edForm{{ID: "ed-hall", Action: "/admin/catalog/halls/" + url.PathEscape(id) + "?lang=" + v.Lang, Submit: v.T["save"],
		Fields: []edField{name, nameEn, zone}}}
	c.render(w, status, "ed_page.html", v)
}

func (c *Console) edHallSave(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	id := r.PathValue("id")
	if err := r.ParseForm(); err != nil {
		c.fail(w, r, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "hall form: %v", err))
		return
	}
	vals := r.PostForm
	if id != "new" {
		if _, err := c.edFindHall(r, id); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	h := central.Hall{ID: id, Name: kiosk.LocalName{Zh: strings.TrimSpace(vals.Get("name_zh")), En: strings.TrimSpace(vals.Get("name_en"))},
		TimeZone: strings.TrimSpace(vals.Get("time_zone"))}
	if id == "new" {
		var err error
		if h.ID, err = edNewID(); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	err := c.store.PutHall(r.Context(), h)
	if err == nil {
		http.Redirect(w, r, "/admin/catalog/halls?lang="+lang(r)+"&done=1", http.StatusSeeOther)
		return
	}
	v := edPage{view: newView(r, &a, "ed_halls")}
	errs := map[string]string{}
	if !edRefused(&v, errs, err) {
		c.fail(w, r, err)
		return
	}
	c.edHallShow(w, r, a, http.StatusBadRequest, id, vals, errs)
}
