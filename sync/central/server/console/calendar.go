package console

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
)

// A hall's working calendar and SLA clocks: working hours per weekday,
// public holidays and 调休 make-up days, and per category how long the
// first answer and the resolution may take, in real or working time.

var _ = addRoutes(
	route{"GET /admin/calendar", func(c *Console) http.Handler { return c.staff(c.rqCalendarPage) }},
	route{"POST /admin/calendar", func(c *Console) http.Handler { return c.staff(c.rqCalendarSave) }},
)

var _ = addNav(navItem{Path: "/admin/calendar", Key: "rq_calendar", Order: 35})

var _ = addText(texts{
	"rq_calendar":       {"工作日历与时限", "Calendar and deadlines"},
	"rq_hours":          {"工作时间", "Working hours"},
	"rq_hours_hint":     {"每天的时段，如 08:30-12:00, 14:00-17:30；留空为休息日。", "Each day's intervals, such as 08:30-12:00, 14:00-17:30; empty for a day off."},
	"rq_sla":            {"各类诉求的时限", "Deadlines per category"},
	"rq_sla_hint":       {"时长以小时计，可用小数（0.5 = 30 分钟）；按工作时间计时的，只在上面的工作时间内走。", "Lengths in hours, decimals allowed (0.5 = 30 minutes); a working-time clock runs only in the working hours above."},
	"rq_respond":        {"响应", "Answer within"},
	"rq_resolve":        {"办结", "Resolve within"},
	"rq_hours_unit":     {"小时", "hours"},
	"rq_clock":          {"计时方式", "Clock"},
	"rq_clock_real":     {"自然时间", "real time"},
	"rq_clock_working":  {"工作时间", "working time"},
	"rq_special_days":   {"节假日与调休", "Holidays and make-up days"},
	"rq_holiday":        {"节假日（休息）", "Holiday (day off)"},
	"rq_makeup":         {"调休工作日", "Make-up working day"},
	"rq_makeup_follows": {"按哪天的工作时间", "Works the hours of"},
	"rq_date":           {"日期", "Date"},
	"rq_kind":           {"类型", "Kind"},
	"rq_add_holiday":    {"添加节假日", "Add a holiday"},
	"rq_add_makeup":     {"添加调休工作日", "Add a make-up day"},
	"rq_remove":         {"移除", "Remove"},
	"rq_no_days":        {"还没有节假日或调休。", "No holidays or make-up days yet."},
	"rq_bad_hours":      {"请填写大于 0 的小时数。", "Enter a number of hours above 0."},
	"rq_choose_hall":    {"选择服务大厅", "Choose a hall"},
	"rq_show":           {"显示", "Show"},
	"rq_wd_0":           {"星期日", "Sunday"},
	"rq_wd_1":           {"星期一", "Monday"},
	"rq_wd_2":           {"星期二", "Tuesday"},
	"rq_wd_3":           {"星期三", "Wednesday"},
	"rq_wd_4":           {"星期四", "Thursday"},
	"rq_wd_5":           {"星期五", "Friday"},
	"rq_wd_6":           {"星期六", "Saturday"},
})

// rqWeek is the order the editor lists weekdays: Monday first.
var rqWeek = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

type rqDayRow struct {
	Key, Label, Name, Val, Err string
}

type rqSLARow struct {
	Cat, Label string
	Cells      []rqSLACell
}

// rqSLACell is one clock of a category: its length and kind as typed.
type rqSLACell struct {
	Name, Label, Val, Err string
	Working               bool
}

type rqSpecialDay struct {
	Date, Kind string
}

type rqCalendarView struct {
	view
	Hall     string
	Halls    []rqOption
	Days     []rqDayRow
	Cats     []rqSLARow
	Special  []rqSpecialDay
	Weekdays []rqOption
	Vals     map[string]string
	Errs     map[string]string
}

// rqCalendarHall is the hall the page edits: the query's or form's,
// the hall admin's own, else the first the admin may change.
func (c *Console) rqCalendarHall(r *http.Request, a central.AdminAccount, v view, asked string) (string, []rqOption, error) {
	_, seen, err := c.halls(r, v, a)
	if err != nil {
		return "", nil, err
	}
	if asked == "" {
		if a.Role == central.RoleHall {
			asked = a.HallID
		} else {
			for _, h := range seen {
				if h.Changes {
					asked = h.ID
					break
				}
			}
		}
	}
	if err := mayChange(a, asked); err != nil {
		return "", nil, err
	}
	var opts []rqOption
	for _, h := range seen {
		if h.Changes {
			opts = append(opts, rqOption{h.ID, h.Name, h.ID == asked})
		}
	}
	return asked, opts, nil
}

func (c *Console) rqCalendarPage(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	v := c.rqCalendarBase(r, a)
	hall, halls, err := c.rqCalendarHall(r, a, v.view, r.URL.Query().Get("hall"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v.Hall, v.Halls = hall, halls
	p, err := c.store.RequestPolicy(r.Context(), hall)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	rqPolicyVals(v.Vals, p)
	v.rqSpecial(p.Calendar)
	if r.URL.Query().Get("done") == "1" {
		v.Notice = v.T["saved"]
	}
	c.rqCalendarRender(w, http.StatusOK, v)
}

func (c *Console) rqCalendarBase(r *http.Request, a central.AdminAccount) rqCalendarView {
	v := rqCalendarView{view: newView(r, &a, "rq_calendar"), Vals: map[string]string{}, Errs: map[string]string{}}
	v.Self = "/admin/calendar"
	return v
}

// rqRender lays the values and errors out in rows and renders.
func (c *Console) rqCalendarRender(w http.ResponseWriter, status int, v rqCalendarView) {
	for _, d := range rqWeek {
		k := strconv.Itoa(int(d))
		name := "hours_" + k
		v.Days = append(v.Days, rqDayRow{Key: k, Label: v.T["rq_wd_"+k], Name: name, Val: v.Vals[name], Err: v.Errs[name]})
		v.Weekdays = append(v.Weekdays, rqOption{Value: k, Label: v.T["rq_wd_"+k], Selected: v.Vals["makeup_follows"] == k})
	}
	for _, cat := range kiosk.RequestCategories {
		row := rqSLARow{Cat: string(cat), Label: rqCategory(v.view, cat)}
		for _, which := range []string{"respond", "resolve"} {
			name := which + "_" + string(cat)
			row.Cells = append(row.Cells, rqSLACell{Name: name, Label: row.Label + " · " + v.T["rq_"+which], Val: v.Vals[name],
				Err: v.Errs[name], Working: v.Vals[name+"_clock"] == "working"})
		}
		v.Cats = append(v.Cats, row)
	}
	c.render(w, status, "rq_calendar.html", v)
}

// rqPolicyVals fills the form's values from a stored policy.
func rqPolicyVals(vals map[string]string, p kiosk.RequestPolicy) {
	for d := time.Sunday; d <= time.Saturday; d++ {
		vals["hours_"+strconv.Itoa(int(d))] = kiosk.FormatWorkSpans(p.Calendar.Hours[d])
	}
	for _, cat := range kiosk.RequestCategories {
		s := p.For(cat)
		for which, t := range map[string]kiosk.SLATerm{"respond": s.Respond, "resolve": s.Resolve} {
			k := which + "_" + string(cat)
			vals[k] = strconv.FormatFloat(t.Length.Hours(), 'f', -1, 64)
			vals[k+"_clock"] = "real"
			if t.Working {
				vals[k+"_clock"] = "working"
			}
		}
	}
}

func (v *rqCalendarView) rqSpecial(cal kiosk.WorkCalendar) {
	for _, d := range cal.Holidays {
		v.Special = append(v.Special, rqSpecialDay{Date: d, Kind: v.T["rq_holiday"]})
	}
	for _, m := range cal.MakeUp {
		v.Special = append(v.Special, rqSpecialDay{Date: m.Date, Kind: v.T["rq_makeup"] + " · " + v.T["rq_wd_"+strconv.Itoa(int(m.Follows))]})
	}
	// Holidays and make-up days in one date order.
	for i := 1; i < len(v.Special); i++ {
		for j := i; j > 0 && v.Special[j].Date < v.Special[j-1].Date; j-- {
			v.Special[j], v.Special[j-1] = v.Special[j-1], v.Special[j]
		}
	}
}

// rqCalendarSave saves the hours and clocks, or adds or removes a day.
func (c *Console) rqCalendarSave(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	v := c.rqCalendarBase(r, a)
	hall, halls, err := c.rqCalendarHall(r, a, v.view, r.PostFormValue("hall"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v.Hall, v.Halls = hall, halls
	p, err := c.store.RequestPolicy(r.Context(), hall)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	rqPolicyVals(v.Vals, p)
	switch r.PostFormValue("action") {
	case "holiday":
		v.Vals["holiday_date"] = r.PostFormValue("date")
		err = p.Calendar.AddHoliday(v.Vals["holiday_date"])
		if err != nil {
			v.Errs["holiday_date"] = v.Message(err)
		}
	case "makeup":
		v.Vals["makeup_date"], v.Vals["makeup_follows"] = r.PostFormValue("date"), r.PostFormValue("follows")
		d, perr := strconv.Atoi(v.Vals["makeup_follows"])
		if perr != nil || d < 0 || d > 6 {
			v.Errs["makeup_follows"] = v.T["rq_bad_choice"]
		} else if err = p.Calendar.AddMakeUp(v.Vals["makeup_date"], time.Weekday(d)); err != nil {
			field := "makeup_date"
			var ke *kiosk.Error
			if errors.As(err, &ke) && ke.Field == "follows" {
				field = "makeup_follows"
			}
			v.Errs[field] = v.Message(err)
		}
	case "remove":
		p.Calendar.RemoveDay(r.PostFormValue("date"))
	default:
		rqReadPolicyForm(r, &v, &p)
	}
	if len(v.Errs) == 0 {
		err = c.store.SetRequestPolicy(r.Context(), hall, p)
		if err == nil {
			http.Redirect(w, r, "/admin/calendar?"+url.Values{"lang": {v.Lang}, "hall": {hall}, "done": {"1"}}.Encode(), http.StatusSeeOther)
			return
		}
		var ke *kiosk.Error
		if !errors.As(err, &ke) || ke.Code != kiosk.EINVALID {
			c.fail(w, r, err)
			return
		}
		field := "hours"
		if i := strings.LastIndex(ke.Field, "."); i > 0 {
			field = ke.Field[i+1:] + "_" + ke.Field[:i]
		}
		v.Errs[field] = v.Message(err)
	}
	// Re-read the stored days: a refused add leaves the list as it was.
	stored, err := c.store.RequestPolicy(r.Context(), hall)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v.rqSpecial(stored.Calendar)
	v.Error = v.T["fix_errors"]
	c.rqCalendarRender(w, http.StatusBadRequest, v)
}

// rqReadPolicyForm reads the hours and clocks into p, keeping every
// typed value and marking each one that is refused.
func rqReadPolicyForm(r *http.Request, v *rqCalendarView, p *kiosk.RequestPolicy) {
	for d := time.Sunday; d <= time.Saturday; d++ {
		k := "hours_" + strconv.Itoa(int(d))
		v.Vals[k] = r.PostFormValue(k)
		ss, err := kiosk.ParseWorkSpans(v.Vals[k])
		if err != nil {
			v.Errs[k] = v.Message(err)
			continue
		}
		p.Calendar.Hours[d] = ss
	}
	if p.SLA == nil {
		p.SLA = map[kiosk.RequestCategory]kiosk.SLAPolicy{}
	}
	for _, cat := range kiosk.RequestCategories {
		s := p.For(cat)
		for _, which := range []string{"respond", "resolve"} {
			k := which + "_" + string(cat)
			v.Vals[k], v.Vals[k+"_clock"] = strings.TrimSpace(r.PostFormValue(k)), r.PostFormValue(k+"_clock")
			h, err := strconv.ParseFloat(strings.Replace(v.Vals[k], ",", ".", 1), 64)
			if err != nil || h <= 0 || h > kiosk.MaxSLA.Hours() {
				v.Errs[k] = v.T["rq_bad_hours"]
				continue
			}
			t := kiosk.SLATerm{Length: time.Duration(h * float64(time.Hour)).Round(time.Second), Working: v.Vals[k+"_clock"] == "working"}
			if which == "respond" {
				s.Respond = t
			} else {
				s.Resolve = t
			}
		}
		p.SLA[cat] = s
	}
}
