package console

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
)

// The 接诉即办 board: requests by status and deadline, most urgent
// first, filtered and paged in the store; overdue ones highlighted; the
// escalation list of what is overdue now.

var _ = addRoutes(
	route{"GET /admin/requests", func(c *Console) http.Handler { return c.staff(c.rqBoard) }},
	route{"GET /admin/requests/escalation", func(c *Console) http.Handler { return c.staff(c.rqEscalation) }},
)

var _ = addNav(navItem{Path: "/admin/requests", Key: "rq_nav", Order: 30})

var _ = addText(texts{
	"rq_nav":             {"接诉即办", "Requests"},
	"rq_board":           {"接诉即办 · 诉求看板", "Requests board (接诉即办)"},
	"rq_escalation":      {"超时督办", "Overdue now (escalation)"},
	"rq_escalation_hint": {"以下诉求已超过响应或办结时限，请尽快处理。", "These requests are past their response or resolution deadline; act on them first."},
	"rq_see_escalation":  {"查看全部超时诉求", "See everything overdue"},
	"rq_ticket":          {"编号", "Ticket"},
	"rq_category":        {"类别", "Category"},
	"rq_place":           {"位置", "Place"},
	"rq_building":        {"楼栋", "Building"},
	"rq_floor":           {"楼层", "Floor"},
	"rq_floor_n":         {"%d 层", "floor %d"},
	"rq_status":          {"状态", "Status"},
	"rq_unit":            {"承办单位", "Unit"},
	"rq_submitted":       {"提交时间", "Submitted"},
	"rq_respond_by":      {"响应时限", "Answer by"},
	"rq_due_by":          {"办结时限", "Resolve by"},
	"rq_overdue":         {"仅看超时", "Overdue only"},
	"rq_late":            {"已超时", "overdue"},
	"rq_responded":       {"已响应", "answered"},
	"rq_proactive":       {"未诉先办", "proactive"},
	"rq_any":             {"全部", "Any"},
	"rq_open":            {"未办结", "Open"},
	"rq_no_requests":     {"没有符合条件的诉求。", "No requests match."},
	"rq_new":             {"主动发起诉求（未诉先办）", "Open a proactive request"},
	"rq_first_page":      {"第一页", "First page"},
	"rq_bad_floor":       {"楼层请填整数。", "The floor must be a whole number."},
	"rq_bad_choice":      {"请从列表中选择。", "Choose from the list."},
	"rq_results":         {"诉求列表", "Requests"},
	"rq_filters":         {"筛选条件", "Filters"},
	"rq_campus_wide":     {"全校", "Campus-wide"},
})

// rqPage is the board's page size.
const rqPage = 50

type rqOption struct {
	Value, Label string
	Selected     bool
}

type rqRow struct {
	ID, Ticket, Hall, Place, Category, Status, Unit  string
	Submitted, RespondBy, DueBy                      string
	RespondLate, DueLate, Responded, Proactive, Open bool
}

// rqFilter is the board's query as typed, kept in the form.
type rqFilter struct {
	Hall, Building, Floor, Category, Unit, Status string
	Overdue                                       bool
	Assisted                                      string // central.BoardAssisted, BoardUnassisted or ""
}

type rqBoardView struct {
	view
	Escalation                                    bool
	F                                             rqFilter
	Errs                                          map[string]string
	Rows, Overdue                                 []rqRow
	Halls, Buildings, Categories, Units, Statuses []rqOption
	Assisted                                      []rqOption
	Next, First, NewLink                          string
	ShowHall                                      bool
}

// rqCatalog is what the board shows names from: halls, buildings, units.
type rqCatalog struct {
	halls     map[string]hallInfo
	seen      []hallInfo
	buildings []central.HallBuilding
	units     []kiosk.Unit
}

func (c *Console) rqCatalog(r *http.Request, v view, a central.AdminAccount) (rqCatalog, error) {
	var cat rqCatalog
	var err error
	if cat.halls, cat.seen, err = c.halls(r, v, a); err != nil {
		return cat, err
	}
	if cat.buildings, err = c.store.BoardBuildings(r.Context()); err != nil {
		return cat, err
	}
	cat.units, err = c.store.Units(r.Context())
	return cat, err
}

func (cat rqCatalog) building(id string) (central.HallBuilding, bool) {
	i := slices.IndexFunc(cat.buildings, func(b central.HallBuilding) bool { return b.ID == id })
	if i < 0 {
		return central.HallBuilding{}, false
	}
	return cat.buildings[i], true
}

func (cat rqCatalog) unitName(v view, id string) string {
	if i := slices.IndexFunc(cat.units, func(u kiosk.Unit) bool { return u.ID == id }); i >= 0 {
		return v.localName(cat.units[i].Name)
	}
	return id
}

// rqCategory and rqStatus are the kiosk's own names for them.
func rqCategory(v view, c kiosk.RequestCategory) string {
	if c == "" {
		return "—"
	}
	return v.Loc().T("ReqCat." + string(c))
}

func rqStatus(v view, s kiosk.RequestStatus) string { return v.Loc().T("ReqStatus." + string(s)) }

// rqRowOf is one board line: the category only, never presets, so a
// counselling request reads as neutrally as any other.
func (cat rqCatalog) row(v view, r kiosk.Request, now time.Time) rqRow {
	h := cat.halls[r.HallID]
	row := rqRow{ID: r.ID, Ticket: r.Ticket, Hall: h.Name, Category: rqCategory(v, r.Category), Status: rqStatus(v, r.Status),
		Submitted: when(v.T, h.Zone, r.SubmittedAt), RespondBy: when(v.T, h.Zone, r.ResponseDueAt), DueBy: when(v.T, h.Zone, r.DueAt),
		RespondLate: r.ResponseOverdue(now), DueLate: r.Overdue(now), Responded: !r.RespondedAt.IsZero(),
		Proactive: r.Proactive, Open: r.Status.Open()}
	if b, ok := cat.building(r.BuildingID); ok {
		row.Place = v.localName(b.Name)
	} else {
		row.Place = r.BuildingID
	}
	if r.BuildingID != "" {
		row.Place += " · " + strings.Replace(v.T["rq_floor_n"], "%d", strconv.Itoa(r.Floor), 1)
	}
	if r.UnitID != "" {
		row.Unit = cat.unitName(v, r.UnitID)
	}
	return row
}

func (c *Console) rqBoard(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	c.rqList(w, r, a, false)
}

func (c *Console) rqEscalation(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	c.rqList(w, r, a, true)
}

// rqList renders the board, or the escalation list (overdue only).
func (c *Console) rqList(w http.ResponseWriter, r *http.Request, a central.AdminAccount, escalation bool) {
	title := "rq_board"
	if escalation {
		title = "rq_escalation"
	}
	v := rqBoardView{view: newView(r, &a, title), Escalation: escalation, Errs: map[string]string{}}
	v.Self = r.URL.Path
	cat, err := c.rqCatalog(r, v.view, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	qs := r.URL.Query()
	v.F = rqFilter{Hall: qs.Get("hall"), Building: qs.Get("building"), Floor: strings.TrimSpace(qs.Get("floor")),
		Category: qs.Get("category"), Unit: qs.Get("unit"), Status: qs.Get("status"), Overdue: qs.Get("overdue") == "1" || escalation,
		Assisted: qs.Get("assisted")}
	now := c.clock.Now()
	q := central.BoardQuery{Now: now, Limit: rqPage, After: qs.Get("after"), Overdue: v.F.Overdue}
	// A hall admin's board is their hall's; asking for another is a 403.
	if a.Role == central.RoleHall {
		if v.F.Hall != "" && v.F.Hall != a.HallID {
			c.fail(w, r, forbidden(a, "hall "+v.F.Hall))
			return
		}
		v.F.Hall = a.HallID
	}
	if _, ok := cat.halls[v.F.Hall]; v.F.Hall != "" && !ok {
		v.Errs["hall"], v.F.Hall = v.T["rq_bad_choice"], ""
	}
	q.HallID = v.F.Hall
	if b, ok := cat.building(v.F.Building); v.F.Building != "" && (!ok || !a.Sees(b.HallID)) {
		v.Errs["building"] = v.T["rq_bad_choice"]
	} else {
		q.BuildingID = v.F.Building
	}
	if v.F.Floor != "" {
		if n, err := strconv.Atoi(v.F.Floor); err != nil || n < kiosk.MinFloor || n > kiosk.MaxFloor {
			v.Errs["floor"] = v.T["rq_bad_floor"]
		} else {
			q.Floor = &n
		}
	}
	if c := kiosk.RequestCategory(v.F.Category); c != "" && !c.Valid() {
		v.Errs["category"] = v.T["rq_bad_choice"]
	} else {
		q.Category = c
	}
	if v.F.Unit != "" && !slices.ContainsFunc(cat.units, func(u kiosk.Unit) bool { return u.ID == v.F.Unit }) {
		v.Errs["unit"] = v.T["rq_bad_choice"]
	} else {
		q.UnitID = v.F.Unit
	}
	if s := v.F.Status; s != "" && s != central.BoardOpen && !slices.Contains(rqStatuses, kiosk.RequestStatus(s)) {
		v.Errs["status"] = v.T["rq_bad_choice"]
	} else {
		q.Status = s
	}
	if as := v.F.Assisted; as != "" && as != central.BoardAssisted && as != central.BoardUnassisted {
		v.Errs["assisted"] = v.T["rq_bad_choice"]
	} else {
		q.Assisted = as
	}
	if len(v.Errs) > 0 {
		v.Error = v.T["fix_errors"]
	}
	page, err := c.store.BoardRequests(r.Context(), q)
	if kiosk.ErrorCode(err) == kiosk.EINVALID { // a stale or edited cursor: start over
		q.After = ""
		page, err = c.store.BoardRequests(r.Context(), q)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	for _, req := range page.Requests {
		if a.Sees(req.HallID) {
			v.Rows = append(v.Rows, cat.row(v.view, req, now))
		}
	}
	// The board's own escalation preview: the first overdue ones of
	// what the filters show.
	if !escalation && !v.F.Overdue && q.After == "" {
		oq := q
		oq.Overdue, oq.Limit = true, 10
		od, err := c.store.BoardRequests(r.Context(), oq)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		for _, req := range od.Requests {
			v.Overdue = append(v.Overdue, cat.row(v.view, req, now))
		}
	}
	keep := url.Values{"lang": {v.Lang}}
	for k, val := range map[string]string{"hall": v.F.Hall, "building": v.F.Building, "floor": v.F.Floor,
		"category": v.F.Category, "unit": v.F.Unit, "status": v.F.Status, "assisted": v.F.Assisted} {
		if val != "" && v.Errs[k] == "" {
			keep.Set(k, val)
		}
	}
	if v.F.Overdue && !escalation {
		keep.Set("overdue", "1")
	}
	if q.After != "" {
		v.First = r.URL.Path + "?" + keep.Encode()
	}
	if page.Next != "" {
		keep.Set("after", page.Next)
		v.Next = r.URL.Path + "?" + keep.Encode()
	}
	v.rqOptions(cat, a)
	v.ShowHall = a.Role != central.RoleHall
	v.NewLink = "/admin/requests/new?" + url.Values{"lang": {v.Lang}, "hall": {v.F.Hall}}.Encode()
	c.render(w, http.StatusOK, "rq_board.html", v)
}

var rqStatuses = []kiosk.RequestStatus{
	kiosk.RequestSubmitted, kiosk.RequestAccepted, kiosk.RequestDispatched, kiosk.RequestInProgress,
	kiosk.RequestReopened, kiosk.RequestResolved, kiosk.RequestClosed, kiosk.RequestRejected,
}

// rqOptions fills the filter lists, the typed choice selected.
func (v *rqBoardView) rqOptions(cat rqCatalog, a central.AdminAccount) {
	v.Halls = []rqOption{{Value: "", Label: v.T["all_halls"]}}
	for _, h := range cat.seen {
		v.Halls = append(v.Halls, rqOption{h.ID, h.Name, h.ID == v.F.Hall})
	}
	v.Buildings = rqBuildingOptions(v.view, cat, a, v.F.Building, v.T["rq_any"])
	v.Categories = rqCategoryOptions(v.view, v.F.Category, v.T["rq_any"])
	v.Units = []rqOption{{Value: "", Label: v.T["rq_any"]}}
	for _, u := range cat.units {
		if u.HallID == "" || a.Sees(u.HallID) {
			v.Units = append(v.Units, rqOption{u.ID, v.localName(u.Name), u.ID == v.F.Unit})
		}
	}
	v.Statuses = []rqOption{{Value: "", Label: v.T["rq_any"]}, {central.BoardOpen, v.T["rq_open"], v.F.Status == central.BoardOpen}}
	for _, s := range rqStatuses {
		v.Statuses = append(v.Statuses, rqOption{string(s), rqStatus(v.view, s), string(s) == v.F.Status})
	}
	v.Assisted = []rqOption{{Value: "", Label: v.T["rq_any"]},
		{central.BoardAssisted, v.T["desk_rq_assisted_yes"], v.F.Assisted == central.BoardAssisted},
		{central.BoardUnassisted, v.T["desk_rq_assisted_no"], v.F.Assisted == central.BoardUnassisted}}
}

// rqBuildingOptions lists the buildings the admin sees, with their
// hall's name when there are several halls.
func rqBuildingOptions(v view, cat rqCatalog, a central.AdminAccount, selected, first string) []rqOption {
	out := []rqOption{{Value: "", Label: first}}
	for _, b := range cat.buildings {
		if !a.Sees(b.HallID) {
			continue
		}
		label := v.localName(b.Name)
		if len(cat.seen) > 1 {
			label = cat.halls[b.HallID].Name + " · " + label
		}
		out = append(out, rqOption{b.ID, label, b.ID == selected})
	}
	return out
}

func rqCategoryOptions(v view, selected, first string) []rqOption {
	out := []rqOption{{Value: "", Label: first}}
	for _, c := range kiosk.RequestCategories {
		out = append(out, rqOption{string(c), rqCategory(v, c), string(c) == selected})
	}
	return out
}

// rqTableArgs is what the "rq_rows" template gets.
type rqTableArgs struct {
	V       rqBoardView
	Rows    []rqRow
	Caption string
	Hidden  bool
}
