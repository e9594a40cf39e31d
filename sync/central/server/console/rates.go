package console

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/rates"
	"onestop/sync/central/server/console/csvout"
)

// The 接诉即办 rates: per week or month in the hall's zone, 响应率,
// 解决率, 满意率 and 按期办结率 by category, building, floor and unit,
// each with its definition and its counts, and the month's ranking of
// buildings. Viewers see it too; the figures are package rates', from
// the store's GROUP BY counts.

var _ = addRoutes(
	route{"GET /admin/rates", func(c *Console) http.Handler { return c.signedIn(c.rtPage) }},
	route{"GET /admin/rates/export", func(c *Console) http.Handler { return c.signedIn(c.rtExport) }},
)

var _ = addNav(navItem{Path: "/admin/rates", Key: "rt_nav", Order: 20, Viewer: true})

var _ = addText(texts{
	"rt_nav":          {"三率统计", "Rates"},
	"rt_title":        {"接诉即办 · 三率统计", "Request rates (接诉即办)"},
	"rt_response":     {"响应率", "Response rate"},
	"rt_resolution":   {"解决率", "Resolution rate"},
	"rt_satisfaction": {"满意率", "Satisfaction rate"},
	"rt_on_time":      {"按期办结率", "On-time rate"},
	"rt_def_response": {"在响应时限内首次答复的诉求 ÷ 诉求数。诉求按提交时间计入本期，已答复或已过响应时限才计入；大厅主动发起的（未诉先办）不计。",
		"Requests first answered within the response deadline ÷ requests. A request counts in the period it was submitted in, once it is answered or its response deadline has passed; those the hall opened itself (proactive) do not count."},
	"rt_def_resolution": {"回访结果为“已解决”的诉求 ÷ 已回访诉求。回访按回访时间计入本期：学生在自助机或手机上的评价，或管理员电话回访联系上学生的记录。",
		"Requests the follow-up found solved ÷ requests followed up. A follow-up counts in the period it happened in: the student's own rating on a kiosk or phone, or an admin's call that reached them."},
	"rt_def_satisfaction": {"（满意 + k × 基本满意）÷ 已回访诉求，k = %s（设置项 rates.basically_weight）。学生自评 4–5 星为满意，3 星为基本满意，1–2 星为不满意。",
		"(satisfied + k × basically satisfied) ÷ requests followed up, k = %s (setting rates.basically_weight). A student's own 4–5 stars count as satisfied, 3 as basically satisfied, 1–2 as not satisfied."},
	"rt_def_on_time": {"在办结时限前办结的诉求 ÷ 到期诉求。办结时限落在本期、且已到期或已办结的诉求计入；不予受理的不计。",
		"Requests resolved by their resolution deadline ÷ requests due. A request counts when its deadline falls in the period and has passed or it is resolved; rejected ones do not count."},
	"rt_k_halls":      {"各服务大厅的设置", "each hall's setting"},
	"rt_span":         {"统计周期", "Period"},
	"rt_week":         {"按周", "Weekly"},
	"rt_month":        {"按月", "Monthly"},
	"rt_at":           {"日期（周期内任一天）", "Date (any day of the period)"},
	"rt_show":         {"查看", "Show"},
	"rt_prev_week":    {"上一周", "Previous week"},
	"rt_next_week":    {"下一周", "Next week"},
	"rt_prev_month":   {"上个月", "Previous month"},
	"rt_next_month":   {"下个月", "Next month"},
	"rt_period":       {"统计期间：%s", "Period: %s"},
	"rt_summary":      {"总体", "Overall"},
	"rt_figure":       {"指标", "Figure"},
	"rt_value":        {"数值", "Value"},
	"rt_counts":       {"分子 / 分母", "Counts"},
	"rt_definition":   {"定义", "Definition"},
	"rt_by_category":  {"按类别", "By category"},
	"rt_by_building":  {"按楼栋", "By building"},
	"rt_by_floor":     {"按楼层", "By floor"},
	"rt_by_unit":      {"按承办单位", "By unit"},
	"rt_no_unit":      {"未派单", "Not dispatched"},
	"rt_ranking":      {"%s 楼栋排名", "Building ranking, %s"},
	"rt_ranking_rule": {"按满意率从高到低排序，满意率相同时按解决率；当月没有回访的楼栋排在最后。", "Ranked by satisfaction rate, highest first, then by resolution rate; buildings with no follow-up that month come last."},
	"rt_rank":         {"名次", "Rank"},
	"rt_followed_up":  {"已回访", "Followed up"},
	"rt_nothing":      {"本期没有可统计的诉求。", "Nothing to count in this period."},
	"rt_table":        {"表", "Table"},
	"rt_group":        {"分组", "Group"},
	"rt_num":          {"分子", "numerator"},
	"rt_den":          {"分母", "denominator"},
	"rt_none":         {"无数据", "no data"},
	"rt_counts_note":  {"每格为百分比及“分子 / 分母”；分母为 0 时显示“—”。", "Each cell is the percentage and “numerator / denominator”; “—” when the denominator is 0."},
})

// rtFigure is one figure as a cell shows it.
type rtFigure struct {
	Pct, Counts string
	None        bool
}

func rtShow(f rates.Figure) rtFigure {
	counts := strconv.FormatFloat(f.Num, 'f', -1, 64)
	if f.Num != float64(int(f.Num)) {
		counts = strconv.FormatFloat(f.Num, 'f', 2, 64)
	}
	counts += " / " + strconv.Itoa(f.Den)
	if !f.Defined() {
		return rtFigure{Pct: "—", Counts: counts, None: true}
	}
	return rtFigure{Pct: strconv.FormatFloat(100*f.Ratio(), 'f', 1, 64) + "%", Counts: counts}
}

// rtLine is one table row: its label and the four figures.
type rtLine struct {
	Rank                                       int
	Label                                      string
	Response, Resolution, Satisfaction, OnTime rtFigure
	FollowedUp                                 int
}

func rtLineOf(label string, r rates.Row) rtLine {
	return rtLine{Label: label, Response: rtShow(r.Response()), Resolution: rtShow(r.Resolution()),
		Satisfaction: rtShow(r.Satisfaction()), OnTime: rtShow(r.OnTime()), FollowedUp: r.FollowedUp}
}

// rtTable is one table; L is the page's wording for its headers.
type rtTable struct {
	ID, Title, Group string
	Lines            []rtLine
	Rank             bool
	L                map[string]string
}

// rtDef is a figure of the overall table with its definition beside it.
type rtDef struct {
	Name, Definition string
	rtFigure
}

type rtView struct {
	view
	Hall, Span, At       string
	Errs                 map[string]string
	Halls                []rqOption
	ShowHall             bool
	Period, Prev, Next   string
	PrevLabel, NextLabel string
	Overall              []rtDef
	Tables               []rtTable
	Ranking              rtTable
	Export               string
	Empty                bool
}

// rtQuery is the page's query, checked: the halls it covers (nil for
// every hall), their zones, the period and its month.
type rtQuery struct {
	halls []hallInfo
	span  rates.Span
	day   time.Time // the chosen day, at midnight in the first hall's zone
}

// rtParse reads hall, span and at from the URL into v (typed values
// kept) and checks them; another hall's id is a 403 for a hall admin.
func (c *Console) rtParse(r *http.Request, v *rtView, a central.AdminAccount, cat rqCatalog) (rtQuery, error) {
	qs := r.URL.Query()
	v.Hall = qs.Get("hall")
	var q rtQuery
	if a.Role == central.RoleHall {
		if v.Hall != "" && v.Hall != a.HallID {
			return q, forbidden(a, "hall "+v.Hall)
		}
		v.Hall = a.HallID
	}
	if _, ok := cat.halls[v.Hall]; v.Hall != "" && !ok {
		v.Errs["hall"], v.Hall = v.T["rq_bad_choice"], ""
	}
	if v.Hall != "" {
		q.halls = []hallInfo{cat.halls[v.Hall]}
	} else {
		q.halls = cat.seen
	}
	loc := kiosk.DefaultLocation()
	if len(q.halls) > 0 && q.halls[0].Zone != nil {
		loc = q.halls[0].Zone
	}
	q.span, q.day = readPeriod(v.T, qs, v.Errs, &v.Span, &v.At, loc, c.clock.Now())
	y, m, d := q.day.Date()
	q.day = time.Date(y, m, d, 0, 0, 0, 0, loc)
	return q, nil
}

// rtWeights is each hall's k.
func (c *Console) rtWeights(r *http.Request, q rtQuery) (map[string]float64, error) {
	k := map[string]float64{}
	for _, h := range q.halls {
		kv, err := c.store.Settings(r.Context(), h.ID)
		if err != nil {
			return nil, err
		}
		k[h.ID] = kiosk.ParseSettings(kv).BasicallyWeight
	}
	return k, nil
}

// rtCells counts span's period around q.day for q's halls in group's
// cells: one store query per time zone among them, each period in its
// own zone, so every hall's week starts at its own Monday midnight.
func (c *Console) rtCells(r *http.Request, q rtQuery, span rates.Span, campusWide bool, group string) ([]central.RateCell, error) {
	zones := map[string][]string{}
	var order []string
	locs := map[string]*time.Location{}
	for _, h := range q.halls {
		loc := h.Zone
		if loc == nil {
			loc = kiosk.DefaultLocation()
		}
		if _, ok := zones[loc.String()]; !ok {
			order = append(order, loc.String())
			locs[loc.String()] = loc
		}
		zones[loc.String()] = append(zones[loc.String()], h.ID)
	}
	var cells []central.RateCell
	now := c.clock.Now()
	for _, z := range order {
		ids := zones[z]
		if campusWide && len(order) == 1 {
			ids = nil // every hall: the campus-wide indexes
		}
		day := time.Date(q.day.Year(), q.day.Month(), q.day.Day(), 12, 0, 0, 0, locs[z])
		rq := rates.Query(rates.PeriodOf(span, locs[z], day), ids, now)
		rq.Group = group
		cs, err := c.store.RateCells(r.Context(), rq)
		if err != nil {
			return nil, err
		}
		cells = append(cells, cs...)
	}
	return cells, nil
}

// rtBuild makes the page: filters, the period's tables, the ranking.
func (c *Console) rtBuild(r *http.Request, a central.AdminAccount) (rtView, rates.Tables, []rates.Row, rqCatalog, error) {
	v := rtView{view: newView(r, &a, "rt_title"), Errs: map[string]string{}}
	v.Self = "/admin/rates"
	var tb rates.Tables
	cat, err := c.rqCatalog(r, v.view, a)
	if err != nil {
		return v, tb, nil, cat, err
	}
	q, err := c.rtParse(r, &v, a, cat)
	if err != nil {
		return v, tb, nil, cat, err
	}
	if len(v.Errs) > 0 {
		v.Error = v.T["fix_errors"]
	}
	campusWide := v.Hall == "" && a.Role != central.RoleHall && len(q.halls) == len(cat.halls)
	k, err := c.rtWeights(r, q)
	if err != nil {
		return v, tb, nil, cat, err
	}
	// Places and categories apart: far fewer cells than every
	// combination of both (central.RatesQuery.Group).
	places, err := c.rtCells(r, q, q.span, campusWide, central.RateGroupPlaces)
	if err != nil {
		return v, tb, nil, cat, err
	}
	cats, err := c.rtCells(r, q, q.span, campusWide, central.RateGroupCategories)
	if err != nil {
		return v, tb, nil, cat, err
	}
	weight := func(h string) float64 {
		if w, ok := k[h]; ok {
			return w
		}
		return kiosk.DefaultBasicallyWeight
	}
	tb = rates.Build(places, cats, weight)
	month := tb.Buildings
	if q.span != rates.Month {
		// The ranking needs the month's buildings only.
		mc, err := c.rtCells(r, q, rates.Month, campusWide, central.RateGroupBuildings)
		if err != nil {
			return v, tb, nil, cat, err
		}
		month = rates.Build(mc, nil, weight).Buildings
	}
	ranking := rates.Rank(month)
	v.fill(q, cat, a, tb, ranking, k)
	return v, tb, ranking, cat, nil
}

func (c *Console) rtPage(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	v, _, _, _, err := c.rtBuild(r, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if len(v.Errs) > 0 {
		status = http.StatusBadRequest
	}
	c.render(w, status, "rt_rates.html", v)
}

// fill turns the tables into what the template shows.
func (v *rtView) fill(q rtQuery, cat rqCatalog, a central.AdminAccount, tb rates.Tables, ranking []rates.Row, k map[string]float64) {
	v.ShowHall = a.Role != central.RoleHall
	v.Halls = []rqOption{{Value: "", Label: v.T["all_halls"]}}
	for _, h := range cat.seen {
		v.Halls = append(v.Halls, rqOption{h.ID, h.Name, h.ID == v.Hall})
	}
	p := rates.PeriodOf(q.span, q.day.Location(), q.day)
	last := p.End.AddDate(0, 0, -1)
	label := p.Start.Format(time.DateOnly) + " – " + last.Format(time.DateOnly)
	v.PrevLabel, v.NextLabel = v.T["rt_prev_week"], v.T["rt_next_week"]
	if q.span == rates.Month {
		label = p.Start.Format("2006-01")
		v.PrevLabel, v.NextLabel = v.T["rt_prev_month"], v.T["rt_next_month"]
	}
	v.Period = strings.Replace(v.T["rt_period"], "%s", label, 1)
	link := func(day time.Time) url.Values {
		qs := url.Values{"lang": {v.Lang}, "span": {string(q.span)}, "at": {day.Format(time.DateOnly)}}
		if v.Hall != "" {
			qs.Set("hall", v.Hall)
		}
		return qs
	}
	v.Prev = "/admin/rates?" + link(p.Prev().Start).Encode()
	v.Next = "/admin/rates?" + link(p.Next().Start).Encode()
	v.Export = "/admin/rates/export?" + link(q.day).Encode()
	v.Empty = tb.Total.Requests+tb.Total.FollowedUp+tb.Total.Due == 0

	kText := v.T["rt_k_halls"]
	first, same := -1.0, true
	for _, w := range k {
		if first >= 0 && w != first {
			same = false
		}
		first = w
	}
	if same {
		if first < 0 {
			first = kiosk.DefaultBasicallyWeight
		}
		kText = strconv.FormatFloat(first, 'f', -1, 64)
	}
	t := tb.Total
	v.Overall = []rtDef{
		{v.T["rt_response"], v.T["rt_def_response"], rtShow(t.Response())},
		{v.T["rt_resolution"], v.T["rt_def_resolution"], rtShow(t.Resolution())},
		{v.T["rt_satisfaction"], strings.Replace(v.T["rt_def_satisfaction"], "%s", kText, 1), rtShow(t.Satisfaction())},
		{v.T["rt_on_time"], v.T["rt_def_on_time"], rtShow(t.OnTime())},
	}
	lines := func(rows []rates.Row, label func(rates.Row) string) []rtLine {
		var out []rtLine
		for _, r := range rows {
			out = append(out, rtLineOf(label(r), r))
		}
		return out
	}
	building := func(r rates.Row) string {
		name := r.BuildingID
		if b, ok := cat.building(r.BuildingID); ok {
			name = v.localName(b.Name)
		}
		if v.Hall == "" && len(cat.seen) > 1 {
			name = cat.halls[r.HallID].Name + " · " + name
		}
		return name
	}
	v.Tables = []rtTable{
		{ID: "rt-cat", Title: v.T["rt_by_category"], Group: v.T["rq_category"], Lines: lines(tb.Categories, func(r rates.Row) string { return rqCategory(v.view, r.Category) })},
		{ID: "rt-building", Title: v.T["rt_by_building"], Group: v.T["rq_building"], Lines: lines(tb.Buildings, building)},
		{ID: "rt-floor", Title: v.T["rt_by_floor"], Group: v.T["rq_floor"], Lines: lines(tb.Floors, func(r rates.Row) string {
			return building(r) + " · " + strings.Replace(v.T["rq_floor_n"], "%d", strconv.Itoa(r.Floor), 1)
		})},
		{ID: "rt-unit", Title: v.T["rt_by_unit"], Group: v.T["rq_unit"], Lines: lines(tb.Units, func(r rates.Row) string {
			if r.UnitID == "" {
				return v.T["rt_no_unit"]
			}
			return cat.unitName(v.view, r.UnitID)
		})},
	}
	month := rates.PeriodOf(rates.Month, q.day.Location(), q.day).Start.Format("2006-01")
	v.Ranking = rtTable{ID: "rt-rank", Title: strings.Replace(v.T["rt_ranking"], "%s", month, 1), Group: v.T["rq_building"], Lines: lines(ranking, building)}
	for i := range v.Ranking.Lines {
		v.Ranking.Lines[i].Rank = i + 1
	}
	v.Ranking.Rank = true
	for i := range v.Tables {
		v.Tables[i].L = v.T
	}
	v.Ranking.L = v.T
}

// rtExport writes the tables the page shows as CSV: the overall line,
// each grouping's lines and the ranking, with counts beside each figure.
func (c *Console) rtExport(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	v, _, _, _, err := c.rtBuild(r, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if len(v.Errs) > 0 {
		c.render(w, http.StatusBadRequest, "rt_rates.html", v)
		return
	}
	out := csvout.Start(w, v.T["rt_nav"]+".csv")
	head := []string{v.T["rt_table"], v.T["rt_group"]}
	for _, f := range []string{"rt_response", "rt_resolution", "rt_satisfaction", "rt_on_time"} {
		head = append(head, v.T[f], v.T[f]+" "+v.T["rt_num"], v.T[f]+" "+v.T["rt_den"])
	}
	err = out.Row(append(head, v.T["rt_rank"])...)
	row := func(table string, l rtLine) {
		if err != nil {
			return
		}
		cells := []string{table, l.Label}
		for _, f := range []rtFigure{l.Response, l.Resolution, l.Satisfaction, l.OnTime} {
			num, den, _ := strings.Cut(f.Counts, " / ")
			cells = append(cells, f.Pct, num, den)
		}
		rank := ""
		if l.Rank > 0 {
			rank = strconv.Itoa(l.Rank)
		}
		err = out.Row(append(cells, rank)...)
	}
	overall := rtLine{Label: v.Period, Response: v.Overall[0].rtFigure, Resolution: v.Overall[1].rtFigure,
		Satisfaction: v.Overall[2].rtFigure, OnTime: v.Overall[3].rtFigure}
	row(v.T["rt_summary"], overall)
	for _, t := range append(v.Tables, v.Ranking) {
		for _, l := range t.Lines {
			row(t.Title, l)
		}
	}
	if err == nil {
		err = out.Close()
	}
	if err != nil {
		c.log.Error("rates export", "err", fmt.Sprint(err))
	}
}
