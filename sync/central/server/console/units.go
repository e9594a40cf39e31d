package console

import (
	"errors"
	"net/http"

	"onestop/kiosk"
	"onestop/sync/central"
)

// Units requests are dispatched to (宿管, 后勤维修, 网络中心, …): a
// hall's own, or campus-wide (hall ""), which only campus admins edit.
// Units are deactivated, never deleted: their requests keep the name.

var _ = addRoutes(
	route{"GET /admin/units", func(c *Console) http.Handler { return c.staff(c.rqUnitsPage) }},
	route{"POST /admin/units", func(c *Console) http.Handler { return c.staff(c.rqUnitSave) }},
)

var _ = addNav(navItem{Path: "/admin/units", Key: "rq_units", Order: 35})

var _ = addText(texts{
	"rq_units":        {"承办单位", "Units"},
	"rq_unit_add":     {"新增承办单位", "Add a unit"},
	"rq_name_zh":      {"中文名称", "Name (Chinese)"},
	"rq_name_en":      {"英文名称", "Name (English)"},
	"rq_active":       {"在用（可派单）", "Active (takes requests)"},
	"rq_inactive":     {"已停用", "inactive"},
	"rq_unit_scope":   {"范围", "Serves"},
	"rq_no_units_yet": {"还没有承办单位。", "No units yet."},
})

type rqUnitForm struct {
	ID, Hall, Zh, En string
	Active           bool
	Errs             map[string]string
}

type rqUnitRow struct {
	rqUnitForm
	Scope    string
	Editable bool
}

type rqUnitsView struct {
	view
	Units []rqUnitRow
	New   rqUnitForm
	Halls []rqOption
}

func (c *Console) rqUnitsPage(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	c.rqUnitsRender(w, r, a, http.StatusOK, nil)
}

// rqUnitsRender shows the units; failed is a form that was refused,
// shown with what was typed in place of the stored unit.
func (c *Console) rqUnitsRender(w http.ResponseWriter, r *http.Request, a central.AdminAccount, status int, failed *rqUnitForm) {
	v := rqUnitsView{view: newView(r, &a, "rq_units"), New: rqUnitForm{Active: true, Errs: map[string]string{}}}
	v.Self = "/admin/units"
	all, seen, err := c.halls(r, v.view, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	us, err := c.store.Units(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	for _, u := range us {
		if u.HallID != "" && !a.Sees(u.HallID) {
			continue
		}
		row := rqUnitRow{rqUnitForm: rqUnitForm{ID: u.ID, Hall: u.HallID, Zh: u.Name.Zh, En: u.Name.En, Active: u.Active, Errs: map[string]string{}},
			Scope: v.T["rq_campus_wide"], Editable: rqMayEditUnit(a, u.HallID)}
		if u.HallID != "" {
			row.Scope = all[u.HallID].Name
		}
		if failed != nil && failed.ID == u.ID {
			row.rqUnitForm = *failed
		}
		v.Units = append(v.Units, row)
	}
	if failed != nil && failed.ID == "" {
		v.New = *failed
	}
	if a.Role == central.RoleCampus {
		v.Halls = append(v.Halls, rqOption{Value: "", Label: v.T["rq_campus_wide"], Selected: v.New.Hall == ""})
	}
	for _, h := range seen {
		if h.Changes {
			v.Halls = append(v.Halls, rqOption{h.ID, h.Name, h.ID == v.New.Hall})
		}
	}
	if failed != nil {
		v.Error = v.T["fix_errors"]
	}
	c.render(w, status, "rq_units.html", v)
}

// rqMayEditUnit: campus-wide units are the campus admins'.
func rqMayEditUnit(a central.AdminAccount, hallID string) bool {
	if hallID == "" {
		return a.Role == central.RoleCampus
	}
	return a.Changes(hallID)
}

// rqUnitSave adds a unit (no id) or edits one.
func (c *Console) rqUnitSave(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	f := rqUnitForm{ID: r.PostFormValue("id"), Hall: r.PostFormValue("hall"), Zh: r.PostFormValue("name_zh"), En: r.PostFormValue("name_en"),
		Active: r.PostFormValue("active") == "1", Errs: map[string]string{}}
	u := kiosk.Unit{ID: f.ID, HallID: f.Hall, Name: kiosk.LocalName{Zh: f.Zh, En: f.En}, Active: f.Active}
	if f.ID != "" {
		old, err := c.store.Unit(r.Context(), f.ID)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		u.HallID, f.Hall = old.HallID, old.HallID // a unit keeps its hall
	} else {
		id, err := kiosk.IDSource{}.NewID()
		if err != nil {
			c.fail(w, r, err)
			return
		}
		u.ID = id
	}
	if !rqMayEditUnit(a, u.HallID) {
		c.fail(w, r, forbidden(a, "unit "+u.ID))
		return
	}
	err := c.store.PutUnit(r.Context(), u)
	if err == nil {
		http.Redirect(w, r, "/admin/units?lang="+lang(r), http.StatusSeeOther)
		return
	}
	var ke *kiosk.Error
	if !errors.As(err, &ke) || ke.Code != kiosk.EINVALID {
		c.fail(w, r, err)
		return
	}
	v := newView(r, &a, "rq_units")
	f.Errs["name_zh"] = v.Message(err)
	c.rqUnitsRender(w, r, a, http.StatusBadRequest, &f)
}
