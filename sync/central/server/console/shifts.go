package console

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/period"
)

// The capped shifts (issue 11): duty shifts left open past the hall's
// desk.shift_cap_hours, which a kiosk ended at the cap, and whether the
// volunteer has since said when they left. Hall staff check them before
// volunteers' hours are certified; names are the roster's masked ones.

var _ = addRoutes(
	route{"GET /admin/shifts", func(c *Console) http.Handler { return c.staff(c.shPage) }},
)

var _ = addNav(navItem{Path: "/admin/shifts", Key: "sh_nav", Order: 60})

var _ = addText(texts{
	"sh_nav":   {"值班封顶", "Capped shifts"},
	"sh_title": {"超时封顶的值班", "Shifts capped for running too long"},
	"sh_hint": {"值班超过大厅设定的时长（设置项 desk.shift_cap_hours，默认 6 小时）仍未签退的，自助机在上限处结束并标记；志愿者下次解锁值班模式时补报离开时间，即为更正。",
		"A shift still open past the hall's limit (setting desk.shift_cap_hours, 6 hours by default) is ended at the limit and flagged; when the volunteer next unlocks the desk they say when they left, which is the correction."},
	"sh_uncorrected":    {"只看未更正的", "Not yet corrected only"},
	"sh_span":           {"统计周期", "Period"},
	"sh_week":           {"按周", "Weekly"},
	"sh_month":          {"按月", "Monthly"},
	"sh_at":             {"日期（周期内任一天）", "Date (any day of the period)"},
	"sh_period":         {"开始于 %s 至 %s 的值班", "Shifts started from %s to %s"},
	"sh_volunteer":      {"志愿者", "Volunteer"},
	"sh_start":          {"开始", "Start"},
	"sh_capped_end":     {"封顶结束", "Capped end"},
	"sh_correction":     {"更正", "Correction"},
	"sh_corrected_end":  {"更正后结束", "Corrected end"},
	"sh_corrected_at":   {"已更正（%s）", "corrected %s"},
	"sh_not_corrected":  {"未更正", "not corrected"},
	"sh_unknown":        {"未知", "unknown"},
	"sh_unknown_person": {"已不在名册中", "no longer on the roster"},
	"sh_none":           {"这段时间没有封顶的值班。", "No shift was capped in this period."},
	"sh_truncated":      {"只显示最近的 %d 条，请缩小范围。", "Only the latest %d are shown; narrow the filters."},
})

type shRow struct {
	Volunteer, Hall, Start, CappedEnd, Correction, CorrectedEnd string
	Corrected                                                   bool
}

type shView struct {
	view
	Hall, Span, At string
	Uncorrected    bool
	Errs           map[string]string
	Halls          []rqOption
	ShowHall       bool
	Period         string
	Rows           []shRow
	Truncated      string
}

// shPage lists the capped shifts of a week or month, in each hall's own
// zone, for one hall or every hall the admin sees.
func (c *Console) shPage(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	v := shView{view: newView(r, &a, "sh_title"), Errs: map[string]string{}}
	v.Self = "/admin/shifts"
	qs := r.URL.Query()
	v.Hall, v.Uncorrected = qs.Get("hall"), qs.Get("uncorrected") == "1"
	all, seen, err := c.halls(r, v.view, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if a.Role == central.RoleHall {
		if v.Hall != "" && v.Hall != a.HallID {
			c.fail(w, r, forbidden(a, "hall "+v.Hall))
			return
		}
		v.Hall = a.HallID
	}
	if _, ok := all[v.Hall]; v.Hall != "" && !ok {
		v.Errs["hall"], v.Hall = v.T["rq_bad_choice"], ""
	}
	halls := seen
	if v.Hall != "" {
		halls = []hallInfo{all[v.Hall]}
	}
	rows, err := c.shRows(r, &v, halls)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v.Rows = rows
	v.ShowHall = a.Role != central.RoleHall
	v.Halls = []rqOption{{Value: "", Label: v.T["all_halls"]}}
	for _, h := range seen {
		v.Halls = append(v.Halls, rqOption{h.ID, h.Name, h.ID == v.Hall})
	}
	status := http.StatusOK
	if len(v.Errs) > 0 {
		status, v.Error = http.StatusBadRequest, v.T["fix_errors"]
	}
	c.render(w, status, "sh_shifts.html", v)
}

// shRows reads the period's capped shifts of halls: one store query per
// time zone among them, the period counted in that zone, so each hall's
// week starts at its own Monday midnight.
func (c *Console) shRows(r *http.Request, v *shView, halls []hallInfo) ([]shRow, error) {
	byZone := map[string][]hallInfo{}
	var zones []string
	for _, h := range halls {
		z := h.Zone.String()
		if _, ok := byZone[z]; !ok {
			zones = append(zones, z)
		}
		byZone[z] = append(byZone[z], h)
	}
	var found []central.CappedShift
	names := map[string]hallInfo{}
	for i, z := range zones {
		loc := byZone[z][0].Zone
		span, day := readPeriod(v.T, r.URL.Query(), v.Errs, &v.Span, &v.At, loc, c.clock.Now())
		p := period.Of(span, loc, day)
		if i == 0 {
			v.Period = fmt.Sprintf(v.T["sh_period"], p.Start.Format("2006-01-02"), p.End.AddDate(0, 0, -1).Format("2006-01-02"))
		}
		q := central.CappedShiftQuery{From: p.Start, To: p.End, Uncorrected: v.Uncorrected}
		for _, h := range byZone[z] {
			q.Halls = append(q.Halls, h.ID)
			names[h.ID] = h
		}
		cs, err := c.store.CappedShifts(r.Context(), q)
		if err != nil {
			return nil, err
		}
		if len(cs) >= central.MaxCappedShifts {
			v.Truncated = fmt.Sprintf(v.T["sh_truncated"], central.MaxCappedShifts)
		}
		found = append(found, cs...)
	}
	if len(zones) == 0 { // no hall to see: still read the period, for the form
		readPeriod(v.T, r.URL.Query(), v.Errs, &v.Span, &v.At, kiosk.DefaultLocation(), c.clock.Now())
	}
	slices.SortStableFunc(found, func(x, y central.CappedShift) int { return y.Start.Compare(x.Start) })
	rows := make([]shRow, 0, len(found))
	for _, s := range found {
		h := names[s.HallID]
		row := shRow{Volunteer: cmp.Or(s.StudentName, v.T["sh_unknown_person"]), Hall: h.Name,
			Start: when(v.T, h.Zone, s.Start), CappedEnd: v.T["sh_unknown"], Correction: v.T["sh_not_corrected"], CorrectedEnd: "—"}
		if !s.CappedEnd.IsZero() {
			row.CappedEnd = when(v.T, h.Zone, s.CappedEnd)
		}
		if !s.CorrectedAt.IsZero() {
			row.Corrected = true
			row.Correction = fmt.Sprintf(v.T["sh_corrected_at"], when(v.T, h.Zone, s.CorrectedAt))
			row.CorrectedEnd = when(v.T, h.Zone, s.End)
		}
		rows = append(rows, row)
	}
	return rows, nil
}
