package console

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"onestop/kiosk"
	"onestop/sync/central"
)

// Opening a request for the hall itself (未诉先办): the dashboard's
// alerts link here with hall, category, building and floor filled in.

var _ = addRoutes(
	route{"GET /admin/requests/new", func(c *Console) http.Handler { return c.staff(c.rqNewPage) }},
	route{"POST /admin/requests/new", func(c *Console) http.Handler { return c.staff(c.rqNew) }},
)

var _ = addText(texts{
	"rq_new_title":    {"主动发起诉求（未诉先办）", "Open a proactive request (未诉先办)"},
	"rq_new_hint":     {"大厅发现问题后主动立项，不关联学生；按本大厅的时限计时。", "The hall opens it itself, with no student; the hall's clocks apply."},
	"rq_description":  {"情况说明", "What was seen"},
	"rq_open_request": {"发起", "Open the request"},
	"rq_choose":       {"请选择", "Choose"},
})

type rqNewView struct {
	view
	Hall, Building, Floor, Category, Description string
	Halls, Buildings, Categories                 []rqOption
	Errs                                         map[string]string
}

func (c *Console) rqNewPage(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	q := r.URL.Query()
	in := rqNewView{Hall: q.Get("hall"), Building: q.Get("building"), Floor: q.Get("floor"), Category: q.Get("category")}
	if in.Hall == "" && a.Role == central.RoleHall {
		in.Hall = a.HallID
	}
	if in.Hall != "" && !a.Changes(in.Hall) {
		c.fail(w, r, forbidden(a, "hall "+in.Hall))
		return
	}
	c.rqNewRender(w, r, a, http.StatusOK, in)
}

func (c *Console) rqNewRender(w http.ResponseWriter, r *http.Request, a central.AdminAccount, status int, in rqNewView) {
	v := in
	v.view = newView(r, &a, "rq_new_title")
	v.Self = "/admin/requests/new"
	if v.Errs == nil {
		v.Errs = map[string]string{}
	}
	if len(v.Errs) > 0 {
		v.Error = v.T["fix_errors"]
	}
	cat, err := c.rqCatalog(r, v.view, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v.Halls = []rqOption{{Value: "", Label: v.T["rq_choose"]}}
	for _, h := range cat.seen {
		if h.Changes {
			v.Halls = append(v.Halls, rqOption{h.ID, h.Name, h.ID == v.Hall})
		}
	}
	v.Buildings = rqBuildingOptions(v.view, cat, a, v.Building, v.T["rq_choose"])
	v.Categories = rqCategoryOptions(v.view, v.Category, v.T["rq_choose"])
	c.render(w, status, "rq_new.html", v)
}

func (c *Console) rqNew(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	in := rqNewView{Hall: r.PostFormValue("hall"), Building: r.PostFormValue("building"), Floor: strings.TrimSpace(r.PostFormValue("floor")),
		Category: r.PostFormValue("category"), Description: r.PostFormValue("description"), Errs: map[string]string{}}
	if in.Hall != "" {
		if err := mayChange(a, in.Hall); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	v := newView(r, &a, "rq_new_title")
	p := kiosk.Proactive{HallID: in.Hall, BuildingID: in.Building, Category: kiosk.RequestCategory(in.Category), Description: in.Description}
	if in.Hall == "" {
		in.Errs["hall"] = v.T["required"]
	}
	if in.Building == "" {
		in.Errs["building"] = v.T["required"]
	}
	if n, err := strconv.Atoi(in.Floor); err != nil || n < kiosk.MinFloor || n > kiosk.MaxFloor {
		in.Errs["floor"] = v.T["rq_bad_floor"]
	} else {
		p.Floor = n
	}
	if len(in.Errs) == 0 {
		req, err := c.store.OpenProactiveRequest(r.Context(), p)
		if err == nil {
			http.Redirect(w, r, "/admin/requests/"+url.PathEscape(req.ID)+"?lang="+lang(r)+"&done=1", http.StatusSeeOther)
			return
		}
		var ke *kiosk.Error
		if !errors.As(err, &ke) || (ke.Code != kiosk.EINVALID && ke.Code != kiosk.ENOTFOUND) {
			c.fail(w, r, err)
			return
		}
		field := ke.Field
		switch field {
		case "building", "category", "description", "floor":
		case "text":
			field = "description"
		case "building_id":
			field = "building"
		default:
			field = "hall"
		}
		in.Errs[field] = v.Message(err)
	}
	c.rqNewRender(w, r, a, http.StatusBadRequest, in)
}
