package console

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/community"
	"onestop/sync/central/period"
	"onestop/sync/central/server/console/chart"
	"onestop/sync/central/server/console/csvout"
	"onestop/sync/wire"
)

// The community dashboard (guide 4.7): one hall's week or month in its
// own zone — visits, room use, academic-mentor meetings, alerts with a
// proactive request one click away, leaders' sessions, volunteers' hours
// and events. Viewers see it too. Every figure is package community's,
// from the store's GROUP BYs; every chart has its data table beside it,
// and every table its CSV at /admin/dashboard/{table}.csv with the same
// query, holding exactly the table's cells.

var _ = addRoutes(
	route{"GET /admin/dashboard", func(c *Console) http.Handler { return c.signedIn(c.dbPage) }},
	route{"GET /admin/dashboard/{file}", func(c *Console) http.Handler { return c.signedIn(c.dbCSV) }},
)

var _ = addNav(navItem{Path: "/admin/dashboard", Key: "db_nav", Order: 10, Viewer: true})

var _ = addText(texts{
	"db_nav":               {"社区看板", "Dashboard"},
	"db_title":             {"社区看板", "Community dashboard"},
	"db_period":            {"统计期间：%s", "Period: %s"},
	"db_show":              {"查看", "Show"},
	"db_span":              {"统计周期", "Period"},
	"db_week":              {"按周", "Weekly"},
	"db_month":             {"按月", "Monthly"},
	"db_at":                {"日期（周期内任一天）", "Date (any day of the period)"},
	"db_prev_week":         {"上一周", "Previous week"},
	"db_next_week":         {"下一周", "Next week"},
	"db_prev_month":        {"上个月", "Previous month"},
	"db_next_month":        {"下个月", "Next month"},
	"db_csv":               {"导出 CSV：%s", "Export CSV: %s"},
	"db_chart_of":          {"柱状图：%s（数据见下表）", "Bar chart: %s (figures in the table below)"},
	"db_total":             {"合计", "Total"},
	"db_nothing":           {"本期没有记录。", "No records in this period."},
	"db_sec_visits":        {"到访", "Visits"},
	"db_sec_rooms":         {"场地使用", "Room use"},
	"db_sec_meetings":      {"学业导师约谈", "Academic-mentor meetings"},
	"db_sec_alerts":        {"预警", "Alerts"},
	"db_sec_people":        {"领导接待、志愿服务与活动", "Leaders, volunteers and events"},
	"db_visits_hour":       {"各时段到访人次（按目的）", "Visits by hour of day and purpose"},
	"db_visits_day":        {"每日到访人次（按目的）", "Visits by day and purpose"},
	"db_visits_note":       {"每次签到计一人次，按签到时间计入。", "Each check-in counts once, at its check-in time."},
	"db_hour":              {"时段", "Hour"},
	"db_day":               {"日期", "Day"},
	"db_purpose_study":     {"自习", "Study"},
	"db_purpose_consult":   {"咨询", "Consultation"},
	"db_purpose_service":   {"办事", "Services"},
	"db_purpose_event":     {"活动", "Event"},
	"db_purpose_other":     {"其他", "Other"},
	"db_purpose_":          {"未记录目的", "Purpose not recorded"},
	"db_rooms":             {"各场地使用率与爽约率", "Utilisation and no-shows by room"},
	"db_room_types":        {"各类场地使用率与爽约率", "Utilisation and no-shows by room type"},
	"db_rooms_note":        {"预约使用率 = 预约时长 ÷ 开放时长（已取消的不计，爽约的计入）；签到使用率 = 已签到预约的时长 ÷ 开放时长；爽约率 = 爽约 ÷（已签到 + 爽约），尚未到时的预约不计。预约按开始时间计入本期。", "Booked utilisation = booked hours ÷ open hours (cancelled bookings left out, no-shows counted); checked-in utilisation = hours of bookings checked in to ÷ open hours; no-show rate = no-shows ÷ (checked in + no-shows), bookings still to come left out. A booking counts in the period it starts in."},
	"db_room":              {"场地", "Room"},
	"db_room_type":         {"类型", "Type"},
	"db_open_h":            {"开放（小时）", "Open (h)"},
	"db_booked_h":          {"预约（小时）", "Booked (h)"},
	"db_booked_share":      {"预约使用率", "Booked utilisation"},
	"db_in_use_h":          {"签到（小时）", "Checked in (h)"},
	"db_in_use_share":      {"签到使用率", "Checked-in utilisation"},
	"db_no_shows":          {"爽约", "No-shows"},
	"db_no_show_rate":      {"爽约率", "No-show rate"},
	"db_booked_not_used":   {"已预约未签到", "Booked, not checked in"},
	"db_meetings":          {"%s 每位学生的学业导师约谈次数", "Academic-mentor meetings per student, %s"},
	"db_meetings_note":     {"目标：每人每月 %d 次（指南 2.8）。学生到场或导师已结束的约谈计入，按约谈时间计入当月。", "Target: %d a month per student (guide 2.8). A meeting counts once the student arrived or the mentor closed it, in the month it took place."},
	"db_meetings_n":        {"约谈次数", "Meetings"},
	"db_meetings_at_least": {"%d 次及以上", "%d or more"},
	"db_students":          {"学生人数", "Students"},
	"db_behind":            {"未达目标的学生（按楼栋、楼层）", "Students below the target, by building and floor"},
	"db_behind_note":       {"只显示名册中的打码姓名。", "Only the masked names the roster holds are shown."},
	"db_building":          {"楼栋", "Building"},
	"db_floor":             {"楼层", "Floor"},
	"db_student":           {"学生", "Student"},
	"db_surges":            {"%s 诉求激增（类别 × 楼栋）", "Request surges, %s (category × building)"},
	"db_surges_note":       {"本周学生诉求数超过此前 %d 周周均值的 %.1f 倍即预警；大厅主动发起的不计。", "Alerted when students' requests this week exceed %[2].1f × the weekly average of the %[1]d weeks before; those the hall opened itself do not count."},
	"db_clusters":          {"%s 同层集中诉求", "Requests clustered on a floor, %s"},
	"db_clusters_note":     {"同一楼层同一类别在 %d 小时内有 %d 件及以上诉求即预警（按提交的整点计）。", "Alerted when one floor has %[2]d or more requests of one category within %[1]d hours (counted by the hour submitted)."},
	"db_category":          {"类别", "Category"},
	"db_this_week":         {"本周", "This week"},
	"db_average":           {"此前周均", "Weekly average before"},
	"db_count":             {"件数", "Requests"},
	"db_from":              {"起始时段", "From"},
	"db_open_request":      {"发起未诉先办", "Open a proactive request"},
	"db_open_request_for":  {"发起未诉先办：%s", "Open a proactive request: %s"},
	"db_no_alerts":         {"没有预警。", "No alerts."},
	"db_leaders":           {"领导面对面接待（每周场次）", "Leaders' face-to-face sessions per week"},
	"db_leaders_note":      {"“领导接待”类导师的约谈，学生到场或已结束的计入。", "Appointments with mentors of the leader office-hours type that the student arrived at or the mentor closed."},
	"db_leader":            {"领导", "Leader"},
	"db_volunteers":        {"志愿者每周服务时长（小时）", "Volunteer hours per week"},
	"db_volunteers_note":   {"已结束的值班计入其开始的那一周；仍在值班的不计。", "An ended shift counts in the week it started; shifts still running do not count."},
	"db_volunteer":         {"志愿者", "Volunteer"},
	"db_week_of":           {"%s 起一周", "Week of %s"},
	"db_events":            {"活动签到人数", "Event attendance"},
	"db_events_note":       {"本期开始的活动及其签到人数。", "Events starting in the period and how many students checked in."},
	"db_event":             {"活动", "Event"},
	"db_starts":            {"开始时间", "Starts"},
	"db_attendance":        {"签到人数", "Checked in"},
	"db_sessions":          {"场次", "Sessions"},
	"db_hours":             {"小时", "Hours"},
	"db_unknown":           {"（已删除）", "(deleted)"},
})

// dbTable is one table: what the page shows and the CSV holds. Links,
// when set, are one action per row, shown on the page only.
type dbTable struct {
	ID, Title, Note string
	Head            []string
	Rows            [][]string
	Charts          []template.HTML
	Links           []dbLink
	CSV             string
	Empty           string            // what an empty table says
	L               map[string]string // the page's wording, for the template
}

type dbLink struct{ Href, Label, Name string }

// dbSection groups tables under a heading.
type dbSection struct {
	ID, Title string
	Tables    []dbTable
}

type dbView struct {
	view
	Hall, Span, At       string
	Errs                 map[string]string
	Halls                []rqOption
	ShowHall             bool
	Period, PeriodStart  string
	Prev, Next           string
	PrevLabel, NextLabel string
	Sections             []dbSection
	Missed               []string // the hall's missed-heartbeat alert
}

// dbQuery is the page's query, checked.
type dbQuery struct {
	hall   hallInfo
	period community.Period
}

// dbParse reads hall, span and at into v (what was typed kept) and
// checks them: an unknown hall is a 404, another hall's a 403.
func (c *Console) dbParse(r *http.Request, v *dbView, a central.AdminAccount) (dbQuery, error) {
	qs := r.URL.Query()
	v.Hall = qs.Get("hall")
	var q dbQuery
	all, seen, err := c.halls(r, v.view, a)
	if err != nil {
		return q, err
	}
	if v.Hall == "" {
		if a.Role == central.RoleHall {
			v.Hall = a.HallID
		} else if len(seen) > 0 {
			v.Hall = seen[0].ID
		}
	}
	h, ok := all[v.Hall]
	if !ok {
		return q, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrInternal, "no hall %q", v.Hall)
	}
	if !a.Sees(h.ID) {
		return q, forbidden(a, "hall "+h.ID)
	}
	if h.Zone == nil {
		h.Zone = kiosk.DefaultLocation()
	}
	q.hall = h
	v.ShowHall = a.Role != central.RoleHall
	for _, s := range seen {
		v.Halls = append(v.Halls, rqOption{Value: s.ID, Label: s.Name, Selected: s.ID == h.ID})
	}
	span, day := readPeriod(v.T, qs, v.Errs, &v.Span, &v.At, h.Zone, c.clock.Now())
	q.period = period.Of(span, h.Zone, day)
	return q, nil
}

// dbHref is the page (or a CSV) for another period of the same hall.
func dbHref(path string, v dbView, p community.Period) string {
	return path + "?" + url.Values{"hall": {v.Hall}, "span": {string(p.Span)}, "at": {p.Start.Format(time.DateOnly)}, "lang": {v.Lang}}.Encode()
}

// dbBuild makes the whole page; the CSV export picks one table of it,
// so a CSV is always what the page shows.
func (c *Console) dbBuild(r *http.Request, a central.AdminAccount) (dbView, error) {
	v := dbView{view: newView(r, &a, "db_title"), Errs: map[string]string{}}
	v.Self = "/admin/dashboard"
	q, err := c.dbParse(r, &v, a)
	if err != nil {
		return v, err
	}
	if len(v.Errs) > 0 {
		v.Error = v.T["fix_errors"]
	}
	p := q.period
	last := p.End.AddDate(0, 0, -1)
	v.PeriodStart = p.Start.Format(time.DateOnly)
	v.Period = fmt.Sprintf(v.T["db_period"], p.Start.Format(time.DateOnly)+" – "+last.Format(time.DateOnly))
	v.Prev, v.Next = dbHref("/admin/dashboard", v, p.Prev()), dbHref("/admin/dashboard", v, p.Next())
	v.PrevLabel, v.NextLabel = v.T["db_prev_week"], v.T["db_next_week"]
	if p.Span == period.Month {
		v.PrevLabel, v.NextLabel = v.T["db_prev_month"], v.T["db_next_month"]
	}
	ks, err := c.store.Kiosks(r.Context())
	if err != nil {
		return v, err
	}
	v.Missed = missedLines(v.view, missedHeartbeats(v.view, a, ks, map[string]hallInfo{q.hall.ID: q.hall}, q.hall.ID, c.clock.Now()))
	d := dbData{c: c, r: r, v: &v, a: a, hall: q.hall, p: p}
	if err := d.load(); err != nil {
		return v, err
	}
	for _, s := range []func() (dbSection, error){d.visits, d.rooms, d.meetings, d.alerts, d.people} {
		sec, err := s()
		if err != nil {
			return v, err
		}
		for i := range sec.Tables {
			t := &sec.Tables[i]
			t.CSV, t.L = dbHref("/admin/dashboard/"+t.ID+".csv", v, p), v.T
			if t.Empty == "" {
				t.Empty = v.T["db_nothing"]
			}
		}
		v.Sections = append(v.Sections, sec)
	}
	return v, nil
}

func (c *Console) dbPage(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	v, err := c.dbBuild(r, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if len(v.Errs) > 0 {
		status = http.StatusBadRequest
	}
	c.render(w, status, "db_dashboard.html", v)
}

// dbCSV is one table of the page as CSV.
func (c *Console) dbCSV(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".csv")
	if !ok {
		c.errorPage(w, r, http.StatusNotFound, "not_found")
		return
	}
	v, err := c.dbBuild(r, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if len(v.Errs) > 0 {
		c.errorPage(w, r, http.StatusBadRequest, "fix_errors")
		return
	}
	for _, s := range v.Sections {
		for _, t := range s.Tables {
			if t.ID != id {
				continue
			}
			out := csvout.Start(w, fmt.Sprintf("%s-%s-%s.csv", t.ID, v.Hall, v.PeriodStart))
			out.Row(append([]string(nil), t.Head...)...)
			for _, row := range t.Rows {
				out.Row(append([]string(nil), row...)...)
			}
			if err := out.Close(); err != nil {
				c.log.Error("dashboard csv", "table", id, "err", err)
			}
			return
		}
	}
	c.errorPage(w, r, http.StatusNotFound, "not_found")
}

// dbData is what the page's tables are made from: the hall's catalog
// and the store's aggregates.
type dbData struct {
	c    *Console
	r    *http.Request
	v    *dbView
	a    central.AdminAccount
	hall hallInfo
	p    community.Period

	roomList  []kiosk.Room
	mentors   []kiosk.Mentor
	events    []kiosk.Event
	buildings map[string]kiosk.Building
	students  []central.Student
}

// entities decodes the hall's entities of one kind.
func dbEntities[T any](d *dbData, entity string) ([]T, error) {
	raws, err := d.c.store.HallEntities(d.r.Context(), d.hall.ID, entity)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(raws))
	for _, raw := range raws {
		var x T
		if err := json.Unmarshal(raw, &x); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

func (d *dbData) load() error {
	var err error
	if d.roomList, err = dbEntities[kiosk.Room](d, wire.EntityRoom); err != nil {
		return err
	}
	if d.mentors, err = dbEntities[kiosk.Mentor](d, wire.EntityMentor); err != nil {
		return err
	}
	if d.events, err = dbEntities[kiosk.Event](d, wire.EntityEvent); err != nil {
		return err
	}
	bs, err := dbEntities[kiosk.Building](d, wire.EntityBuilding)
	if err != nil {
		return err
	}
	d.buildings = map[string]kiosk.Building{}
	for _, b := range bs {
		d.buildings[b.ID] = b
	}
	d.students, err = dbEntities[central.Student](d, wire.EntityStudent)
	return err
}

func (d *dbData) query(from, to time.Time) central.DashboardQuery {
	return central.DashboardQuery{HallID: d.hall.ID, From: from, To: to}
}

func (d *dbData) buildingName(id string) string {
	if b, ok := d.buildings[id]; ok {
		return d.v.localName(b.Name)
	}
	return id
}

func (d *dbData) mentorsOf(t kiosk.MentorType) (ids []string, names map[string]string) {
	names = map[string]string{}
	for _, m := range d.mentors {
		if m.Type == t {
			ids = append(ids, m.ID)
			names[m.ID] = d.v.localName(m.Name)
		}
	}
	return ids, names
}

// Formatting: counts as integers, hours to one decimal, shares as
// percentages to one decimal.
func dbInt(n int) string         { return strconv.Itoa(n) }
func dbHours(h float64) string   { return strconv.FormatFloat(h, 'f', 1, 64) }
func dbPct(f float64) string     { return strconv.FormatFloat(100*f, 'f', 1, 64) + "%" }
func dbPctAxis(f float64) string { return strconv.FormatFloat(100*f, 'f', 0, 64) + "%" }

func (d *dbData) bars(id, title string, labels []string, series []chart.Series, top float64, format func(float64) string) template.HTML {
	return chart.Bars{ID: id, Title: fmt.Sprintf(d.v.T["db_chart_of"], title), Labels: labels, Series: series, Max: top, Format: format}.SVG()
}

func (d *dbData) visits() (dbSection, error) {
	rows, err := d.c.store.DashboardVisits(d.r.Context(), d.query(d.p.Start, d.p.End))
	if err != nil {
		return dbSection{}, err
	}
	f := community.Visits(d.p, rows)
	t := d.v.T
	head := []string{}
	var names []string
	for _, pu := range f.Purposes {
		names = append(names, t["db_purpose_"+pu])
	}
	// The hour table and chart.
	hours := dbTable{ID: "visits-hour", Title: t["db_visits_hour"], Note: t["db_visits_note"]}
	hours.Head = append(append(append(head, t["db_hour"]), names...), t["db_total"])
	var hourLabels []string
	hourSeries := make([]chart.Series, len(f.Purposes))
	for i, pu := range f.Purposes {
		hourSeries[i].Name = names[i]
		for h := range 24 {
			hourSeries[i].Values = append(hourSeries[i].Values, float64(f.ByHour[pu][h]))
		}
	}
	for h := range 24 {
		label := fmt.Sprintf("%02d:00", h)
		hourLabels = append(hourLabels, fmt.Sprintf("%02d", h))
		row, sum := []string{label}, 0
		for _, pu := range f.Purposes {
			n := f.ByHour[pu][h]
			row, sum = append(row, dbInt(n)), sum+n
		}
		hours.Rows = append(hours.Rows, append(row, dbInt(sum)))
	}
	hours.Charts = []template.HTML{d.bars("db-visits-hour", hours.Title, hourLabels, hourSeries, 0, nil)}
	// The day table and chart.
	days := dbTable{ID: "visits-day", Title: t["db_visits_day"], Note: t["db_visits_note"]}
	days.Head = append(append([]string{t["db_day"]}, names...), t["db_total"])
	var dayLabels []string
	daySeries := make([]chart.Series, len(f.Purposes))
	for i := range f.Purposes {
		daySeries[i].Name = names[i]
	}
	for di, day := range d.p.Days() {
		dayLabels = append(dayLabels, day.Format("01-02"))
		row, sum := []string{day.Format(time.DateOnly)}, 0
		for i, pu := range f.Purposes {
			n := f.ByDay[pu][di]
			row, sum = append(row, dbInt(n)), sum+n
			daySeries[i].Values = append(daySeries[i].Values, float64(n))
		}
		days.Rows = append(days.Rows, append(row, dbInt(sum)))
	}
	days.Charts = []template.HTML{d.bars("db-visits-day", days.Title, dayLabels, daySeries, 0, nil)}
	return dbSection{ID: "db-visits", Title: t["db_sec_visits"], Tables: []dbTable{hours, days}}, nil
}

func (d *dbData) rooms() (dbSection, error) {
	sums, err := d.c.store.DashboardBookings(d.r.Context(), d.query(d.p.Start, d.p.End))
	if err != nil {
		return dbSection{}, err
	}
	byRoom, byType := community.Rooms(d.p, d.roomList, sums)
	t := d.v.T
	typeName := func(rt kiosk.RoomType) string { return d.v.Loc().T("RoomType." + string(rt)) }
	head := []string{t["db_open_h"], t["db_booked_h"], t["db_booked_share"], t["db_in_use_h"], t["db_in_use_share"], t["db_no_shows"], t["db_no_show_rate"]}
	cells := func(u community.Use) []string {
		return []string{dbHours(u.Open.Hours()), dbHours(u.Booked.Hours()), dbPct(u.BookedShare()), dbHours(u.InUse.Hours()),
			dbPct(u.InUseShare()), dbInt(u.NoShows), dbPct(u.NoShowRate())}
	}
	// table makes one table with its utilisation chart (checked-in hours
	// stacked under the booked hours not checked in to: together the
	// booked utilisation) and its no-show chart; first is a row's
	// leading cells, the first of them its chart label.
	table := func(id, title string, names []string, uses []community.Use, first func(int) []string) dbTable {
		tb := dbTable{ID: id, Title: title, Note: t["db_rooms_note"], Head: append(names, head...)}
		use := []chart.Series{{Name: t["db_in_use_share"]}, {Name: t["db_booked_not_used"]}}
		noShow := []chart.Series{{Name: t["db_no_show_rate"]}}
		var labels []string
		for i, u := range uses {
			lead := first(i)
			tb.Rows = append(tb.Rows, append(lead, cells(u)...))
			labels = append(labels, lead[0])
			use[0].Values = append(use[0].Values, u.InUseShare())
			use[1].Values = append(use[1].Values, max(0, u.BookedShare()-u.InUseShare()))
			noShow[0].Values = append(noShow[0].Values, u.NoShowRate())
		}
		tb.Charts = []template.HTML{
			d.bars("db-"+id+"-use", title+" · "+t["db_booked_share"], labels, use, 1, dbPctAxis),
			d.bars("db-"+id+"-noshow", title+" · "+t["db_no_show_rate"], labels, noShow, 1, dbPctAxis),
		}
		return tb
	}
	rooms := table("rooms", t["db_rooms"], []string{t["db_room"], t["db_room_type"]}, byRoom, func(i int) []string {
		return []string{d.v.localName(d.roomList[i].Name), typeName(d.roomList[i].Type)}
	})
	types := table("room-types", t["db_room_types"], []string{t["db_room_type"]}, byType, func(i int) []string {
		return []string{typeName(kiosk.RoomType(byType[i].Key))}
	})
	return dbSection{ID: "db-rooms", Title: t["db_sec_rooms"], Tables: []dbTable{rooms, types}}, nil
}

func (d *dbData) meetings() (dbSection, error) {
	t := d.v.T
	month := community.PeriodAt(true, d.p.Start, d.hall.Zone)
	ids, _ := d.mentorsOf(kiosk.MentorAcademic)
	counts, err := d.c.store.DashboardStudentMeetings(d.r.Context(), d.query(month.Start, month.End), ids)
	if err != nil {
		return dbSection{}, err
	}
	roster := make([]community.Student, 0, len(d.students))
	for _, s := range d.students {
		roster = append(roster, community.Student{Key: s.Key, MaskedName: s.MaskedName, BuildingID: s.BuildingID, Floor: s.Floor})
	}
	hist, behind := community.Meetings(roster, counts)
	monthName := month.Start.Format("2006-01")
	per := dbTable{ID: "meetings", Title: fmt.Sprintf(t["db_meetings"], monthName),
		Note: fmt.Sprintf(t["db_meetings_note"], community.MeetingTarget), Head: []string{t["db_meetings_n"], t["db_students"]}}
	series := []chart.Series{{Name: t["db_students"]}}
	var labels []string
	for n, k := range hist {
		label := dbInt(n)
		if n == community.MeetingTarget {
			label = fmt.Sprintf(t["db_meetings_at_least"], n)
		}
		labels = append(labels, label)
		per.Rows = append(per.Rows, []string{label, dbInt(k)})
		series[0].Values = append(series[0].Values, float64(k))
	}
	per.Charts = []template.HTML{d.bars("db-meetings", per.Title, labels, series, 0, nil)}
	list := dbTable{ID: "meetings-behind", Title: t["db_behind"], Note: t["db_behind_note"],
		Head: []string{t["db_building"], t["db_floor"], t["db_student"], t["db_meetings_n"]}}
	for _, b := range behind {
		list.Rows = append(list.Rows, []string{d.buildingName(b.BuildingID), dbInt(b.Floor), b.MaskedName, dbInt(b.Meetings)})
	}
	return dbSection{ID: "db-meetings", Title: t["db_sec_meetings"], Tables: []dbTable{per, list}}, nil
}

// alertWeek is the week the alerts look at: the period's week, or for a
// month its last week that has begun; counted up to now.
func (d *dbData) alertWeek() (week, end time.Time) {
	now := d.c.clock.Now().In(d.hall.Zone)
	at := d.p.End.Add(-time.Nanosecond)
	if now.Before(at) {
		at = now
	}
	if at.Before(d.p.Start) {
		at = d.p.Start
	}
	w := community.PeriodAt(false, at, d.hall.Zone)
	end = w.End
	if now.Before(end) {
		end = now
	}
	return w.Start, end
}

func (d *dbData) alerts() (dbSection, error) {
	t := d.v.T
	week, end := d.alertWeek()
	from := community.AlertFrom(week)
	rows, err := d.c.store.DashboardRequests(d.r.Context(), d.query(from, week.AddDate(0, 0, 7)))
	if err != nil {
		return dbSection{}, err
	}
	weekName := fmt.Sprintf(t["db_week_of"], week.Format(time.DateOnly))
	// link is the prefilled proactive request (未诉先办) for an alert, for
	// admins who may open one.
	link := func(c kiosk.RequestCategory, building string, floor *int, name string) dbLink {
		if !d.a.Changes(d.hall.ID) {
			return dbLink{}
		}
		q := url.Values{"hall": {d.hall.ID}, "category": {string(c)}, "building": {building}, "lang": {d.v.Lang}}
		if floor != nil {
			q.Set("floor", strconv.Itoa(*floor))
		}
		return dbLink{Href: "/admin/requests/new?" + q.Encode(), Label: t["db_open_request"], Name: fmt.Sprintf(t["db_open_request_for"], name)}
	}
	surges := dbTable{ID: "alerts-surge", Title: fmt.Sprintf(t["db_surges"], weekName),
		Note: fmt.Sprintf(t["db_surges_note"], community.SurgeWeeks, community.SurgeFactor),
		Head: []string{t["db_category"], t["db_building"], t["db_this_week"], t["db_average"]}}
	for _, s := range community.Surges(week, rows) {
		cat, b := rqCategory(d.v.view, s.Category), d.buildingName(s.BuildingID)
		surges.Rows = append(surges.Rows, []string{cat, b, dbInt(s.Week), strconv.FormatFloat(s.Average, 'f', 2, 64)})
		surges.Links = append(surges.Links, link(s.Category, s.BuildingID, nil, cat+" · "+b))
	}
	clusters := dbTable{ID: "alerts-floor", Title: fmt.Sprintf(t["db_clusters"], weekName),
		Note: fmt.Sprintf(t["db_clusters_note"], int(community.ClusterWindow.Hours()), community.ClusterCount),
		Head: []string{t["db_category"], t["db_building"], t["db_floor"], t["db_count"], t["db_from"]}}
	for _, cl := range community.Clusters(from, week, end, rows) {
		cat, b := rqCategory(d.v.view, cl.Category), d.buildingName(cl.BuildingID)
		clusters.Rows = append(clusters.Rows, []string{cat, b, dbInt(cl.Floor), dbInt(cl.Count), cl.From.In(d.hall.Zone).Format("2006-01-02 15:04")})
		floor := cl.Floor
		clusters.Links = append(clusters.Links, link(cl.Category, cl.BuildingID, &floor, fmt.Sprintf("%s · %s %d", cat, b, cl.Floor)))
	}
	for _, tb := range []*dbTable{&surges, &clusters} {
		tb.Empty = t["db_no_alerts"]
		if !d.a.Changes(d.hall.ID) {
			tb.Links = nil
		}
	}
	return dbSection{ID: "db-alerts", Title: t["db_sec_alerts"], Tables: []dbTable{surges, clusters}}, nil
}

func (d *dbData) people() (dbSection, error) {
	t := d.v.T
	ctx := d.r.Context()
	// A month's first and last weeks count its own days only.
	weeks, from, to := d.p.Weeks(), d.p.Start, d.p.End
	var weekHead []string
	for _, w := range weeks {
		weekHead = append(weekHead, fmt.Sprintf(t["db_week_of"], w.Format("01-02")))
	}
	weekly := func(id, title, note, who string, ws []community.Weekly, name func(string) string, format func(float64) string, unit string) dbTable {
		tb := dbTable{ID: id, Title: title, Note: note, Head: append(append([]string{who}, weekHead...), t["db_total"])}
		series := []chart.Series{{Name: unit}}
		var labels []string
		for _, w := range ws {
			row := []string{name(w.Key)}
			for _, x := range w.Weeks {
				row = append(row, format(x))
			}
			tb.Rows = append(tb.Rows, append(row, format(w.Total)))
			labels = append(labels, name(w.Key))
			series[0].Values = append(series[0].Values, w.Total)
		}
		tb.Charts = []template.HTML{d.bars("db-"+id, title+" · "+t["db_total"], labels, series, 0, format)}
		return tb
	}
	count := func(x float64) string { return strconv.FormatFloat(x, 'f', 0, 64) }

	ids, names := d.mentorsOf(kiosk.MentorLeader)
	ms, err := d.c.store.DashboardMentorMeetings(ctx, d.query(from, to), ids)
	if err != nil {
		return dbSection{}, err
	}
	leaders := weekly("leaders", t["db_leaders"], t["db_leaders_note"], t["db_leader"], community.LeaderSessions(d.p, from, ms),
		func(id string) string { return names[id] }, count, t["db_sessions"])

	ss, err := d.c.store.DashboardShifts(ctx, d.query(from, to))
	if err != nil {
		return dbSection{}, err
	}
	masked := map[string]string{}
	for _, s := range d.students {
		masked[s.Key] = s.MaskedName
	}
	volunteers := weekly("volunteers", t["db_volunteers"], t["db_volunteers_note"], t["db_volunteer"], community.VolunteerHours(d.p, from, ss),
		func(key string) string {
			if m, ok := masked[key]; ok {
				return m
			}
			return t["db_unknown"]
		}, dbHours, t["db_hours"])

	att, err := d.c.store.DashboardAttendance(ctx, d.query(d.p.Start, d.p.End))
	if err != nil {
		return dbSection{}, err
	}
	n := map[string]int{}
	for _, e := range att {
		n[e.EventID] = e.Count
	}
	events := dbTable{ID: "events", Title: t["db_events"], Note: t["db_events_note"], Head: []string{t["db_event"], t["db_starts"], t["db_attendance"]}}
	series := []chart.Series{{Name: t["db_attendance"]}}
	var labels []string
	slices.SortFunc(d.events, func(x, y kiosk.Event) int { return x.Start.Compare(y.Start) })
	for _, e := range d.events {
		if e.Start.Before(d.p.Start) || !e.Start.Before(d.p.End) {
			continue
		}
		title := d.v.localName(e.Title)
		events.Rows = append(events.Rows, []string{title, e.Start.In(d.hall.Zone).Format("2006-01-02 15:04"), dbInt(n[e.ID])})
		labels = append(labels, title)
		series[0].Values = append(series[0].Values, float64(n[e.ID]))
	}
	events.Charts = []template.HTML{d.bars("db-events", events.Title, labels, series, 0, nil)}
	return dbSection{ID: "db-people", Title: t["db_sec_people"], Tables: []dbTable{leaders, volunteers, events}}, nil
}
