package console

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/server/console/csvout"
)

// The audit log page: every change, who made it and what it was before
// and after; filtered, paged, exported.

var _ = addRoutes(
	route{"GET /admin/audit", func(c *Console) http.Handler { return c.staff(c.auditPage) }},
	route{"GET /admin/audit.csv", func(c *Console) http.Handler { return c.staff(c.auditCSV) }},
)

var _ = addNav(navItem{Path: "/admin/audit", Key: "au_nav", Order: 70})

var _ = addText(texts{
	"au_nav":      {"操作日志", "Audit log"},
	"au_when":     {"时间", "When"},
	"au_who":      {"操作人", "Who"},
	"au_what":     {"对象", "What"},
	"au_op":       {"操作", "Action"},
	"au_change":   {"修改前 → 修改后", "Before → after"},
	"au_actor":    {"操作人（如 admin:ada）", "Who (e.g. admin:ada)"},
	"au_entity":   {"对象类型", "Kind of record"},
	"au_any":      {"全部", "Any"},
	"au_from":     {"开始日期", "From (date)"},
	"au_to":       {"结束日期（含）", "To (date, inclusive)"},
	"au_older":    {"更早的记录", "Older entries"},
	"au_newest":   {"回到最新", "Back to newest"},
	"au_bad_date": {"日期格式应为 2026-03-01。", "Dates look like 2026-03-01."},
	"au_campus":   {"全校", "Campus-wide"},
	"au_created":  {"新建", "created"},
	"au_deleted":  {"删除", "deleted"},
	"au_no_diff":  {"无字段变化", "no field changed"},
	"au_put":      {"保存", "saved"},
	"au_delete":   {"删除", "deleted"},
})

// auditPageSize entries per page.
const auditPageSize = 50

type auditRow struct {
	ID                        int64
	When, Who, Hall, What, Op string
	Changes                   []string
	Created, Deleted          bool
}

type auditView struct {
	view
	Rows                []auditRow
	Halls               []hallInfo
	Entities            []auditEntity
	Hall, Actor, Entity string
	From, To            string
	Errs                map[string]string
	Older, Newest, CSV  string
}

// auditEntities are the kinds of record the log holds, for the filter.
var auditEntities = []string{"admin", "announcement", "appointment", "booking", "building", "enroll_code", "event",
	"hall", "kiosk", "mentor", "mentor_link", "mentor_slot", "request", "request_internal_note", "request_policy",
	"room", "roster", "settings", "student", "unit"}

var _ = addText(texts{
	"au_ent_admin":                 {"管理员", "admin"},
	"au_ent_announcement":          {"公告", "announcement"},
	"au_ent_appointment":           {"导师预约", "appointment"},
	"au_ent_booking":               {"场地预约", "room booking"},
	"au_ent_building":              {"楼栋", "building"},
	"au_ent_enroll_code":           {"自助机注册码", "enrollment code"},
	"au_ent_event":                 {"活动", "event"},
	"au_ent_hall":                  {"服务大厅", "hall"},
	"au_ent_kiosk":                 {"自助机", "kiosk"},
	"au_ent_mentor":                {"导师", "mentor"},
	"au_ent_mentor_link":           {"导师日程链接", "mentor's day link"},
	"au_ent_mentor_slot":           {"导师时段", "mentor slot"},
	"au_ent_request":               {"诉求", "request"},
	"au_ent_request_internal_note": {"诉求内部备注", "internal note"},
	"au_ent_request_policy":        {"工作日历与时限", "calendar and deadlines"},
	"au_ent_room":                  {"场地", "room"},
	"au_ent_roster":                {"学生名单", "roster"},
	"au_ent_settings":              {"设置", "settings"},
	"au_ent_student":               {"学生", "student"},
	"au_ent_unit":                  {"承办单位", "unit"},
	"au_add":                       {"添加", "added"},
	"au_create":                    {"创建", "created"},
	"au_revoke":                    {"停用", "revoked"},
	"au_import":                    {"导入", "imported"},
	"au_set_password":              {"设置密码", "password set"},
	"au_set_role":                  {"设置角色", "role set"},
	"au_before":                    {"修改前", "before"},
	"au_after":                     {"修改后", "after"},
})

// auditEntity is a kind of record in the admin's words.
type auditEntity struct{ Value, Label string }

// entityName is a kind of record in the view's language.
func (v auditView) entityName(e string) string {
	if t := v.T["au_ent_"+e]; t != "" {
		return t
	}
	return e
}

// auditQuery reads the filters from the query string into f; errs
// names the inputs that could not be read.
func (c *Console) auditQuery(r *http.Request, v *auditView, a central.AdminAccount, all map[string]hallInfo) (central.AuditFilter, map[string]string) {
	q := r.URL.Query()
	v.Hall, v.Actor, v.Entity, v.From, v.To = q.Get("hall"), strings.TrimSpace(q.Get("actor")), q.Get("entity"), q.Get("from"), q.Get("to")
	errs := map[string]string{}
	f := central.AuditFilter{Actor: v.Actor, Entity: v.Entity}
	switch {
	case v.Hall != "":
		if !a.Sees(v.Hall) {
			return f, nil
		}
		f.Halls = []string{v.Hall}
	case a.Role == central.RoleHall:
		f.Halls = []string{a.HallID}
	}
	loc := kiosk.DefaultLocation()
	if h, ok := all[v.Hall]; ok {
		loc = h.Zone
	} else if h, ok := all[a.HallID]; ok {
		loc = h.Zone
	}
	if v.From != "" {
		if d, err := time.ParseInLocation(time.DateOnly, v.From, loc); err != nil {
			errs["from"] = v.T["au_bad_date"]
		} else {
			f.From = d
		}
	}
	if v.To != "" {
		if d, err := time.ParseInLocation(time.DateOnly, v.To, loc); err != nil {
			errs["to"] = v.T["au_bad_date"]
		} else {
			f.To = d.AddDate(0, 0, 1)
		}
	}
	f.BeforeID, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	return f, errs
}

func (c *Console) auditPage(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	v := auditView{view: newView(r, &a, "au_nav")}
	for _, e := range auditEntities {
		v.Entities = append(v.Entities, auditEntity{Value: e, Label: v.entityName(e)})
	}
	all, seen, err := c.halls(r, v.view, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v.Halls = seen
	f, errs := c.auditQuery(r, &v, a, all)
	if errs == nil {
		c.fail(w, r, forbidden(a, "hall "+v.Hall))
		return
	}
	v.Errs = errs
	status := http.StatusOK
	if len(errs) > 0 {
		v.Error, status = v.T["fix_errors"], http.StatusUnprocessableEntity
	} else {
		f.Limit = auditPageSize + 1
		err = c.store.AuditLog(r.Context(), f, func(e central.AuditEntry) error {
			v.Rows = append(v.Rows, v.auditRow(e, all))
			return nil
		})
		if err != nil {
			c.fail(w, r, err)
			return
		}
	}
	keep := url.Values{"lang": {v.Lang}, "hall": {v.Hall}, "actor": {v.Actor}, "entity": {v.Entity}, "from": {v.From}, "to": {v.To}}
	if len(v.Rows) > auditPageSize {
		v.Rows = v.Rows[:auditPageSize]
		older := cloneValues(keep)
		older.Set("before", strconv.FormatInt(v.Rows[len(v.Rows)-1].ID, 10))
		v.Older = "/admin/audit?" + older.Encode()
	}
	if f.BeforeID > 0 {
		v.Newest = "/admin/audit?" + keep.Encode()
	}
	v.CSV = "/admin/audit.csv?" + keep.Encode()
	c.render(w, status, "audit.html", v)
}

func cloneValues(v url.Values) url.Values {
	c := url.Values{}
	for k, vs := range v {
		c[k] = slices.Clone(vs)
	}
	return c
}

// auditCSV exports every entry the filters pick, streamed.
func (c *Console) auditCSV(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	v := auditView{view: newView(r, &a, "au_nav")}
	all, _, err := c.halls(r, v.view, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	f, errs := c.auditQuery(r, &v, a, all)
	if errs == nil {
		c.fail(w, r, forbidden(a, "hall "+v.Hall))
		return
	}
	if len(errs) > 0 {
		c.auditPage(w, r, a)
		return
	}
	f.BeforeID = 0
	out := csvout.Start(w, v.T["au_nav"]+".csv")
	err = out.Row(v.T["au_when"], v.T["au_who"], v.T["hall"], v.T["au_what"], v.T["au_op"], v.T["au_before"], v.T["au_after"])
	if err == nil {
		err = c.store.AuditLog(r.Context(), f, func(e central.AuditEntry) error {
			row := v.auditRow(e, all)
			return out.Row(row.When, row.Who, row.Hall, row.What, row.Op, string(e.Before), string(e.After))
		})
	}
	if err == nil {
		err = out.Close()
	}
	if err != nil {
		// The headers are gone: all that is left is to log it.
		c.log.Error("audit export", "err", err)
	}
}

func (v auditView) auditRow(e central.AuditEntry, all map[string]hallInfo) auditRow {
	row := auditRow{ID: e.ID, Who: e.Actor, What: v.entityName(e.Entity) + " " + e.EntityID, Op: e.Op,
		Created: e.Before == nil && e.After != nil, Deleted: e.After == nil && e.Before != nil}
	h, ok := all[e.HallID]
	switch {
	case e.HallID == "":
		row.Hall = v.T["au_campus"]
	case ok:
		row.Hall = h.Name
	default:
		row.Hall = e.HallID
	}
	row.When = when(v.T, h.Zone, e.At)
	if t := v.T["au_"+e.Op]; t != "" {
		row.Op = t
	}
	row.Changes = diff(e.Before, e.After)
	if len(row.Changes) == 0 && !row.Created && !row.Deleted && e.Before != nil {
		row.Changes = []string{v.T["au_no_diff"]}
	}
	return row
}

// diff lists what changed between two JSON states, field by field for
// objects ("capacity: 6 → 10"); a create or a delete lists its fields.
func diff(before, after json.RawMessage) []string {
	var b, a map[string]json.RawMessage
	if json.Unmarshal(before, &b) != nil || json.Unmarshal(after, &a) != nil {
		if bytes.Equal(before, after) {
			return nil
		}
		return []string{short(before) + " → " + short(after)}
	}
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	var out []string
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range keys {
			if !yield(k) {
				return
			}
		}
	}) {
		if bytes.Equal(b[k], a[k]) {
			continue
		}
		switch {
		case before == nil:
			out = append(out, k+": "+short(a[k]))
		case after == nil:
			out = append(out, k+": "+short(b[k]))
		default:
			out = append(out, k+": "+short(b[k])+" → "+short(a[k]))
		}
	}
	return out
}

// short is a JSON value as a line of at most 80 characters.
func short(v json.RawMessage) string {
	if v == nil {
		return "∅"
	}
	s := string(v)
	if utf8.RuneCountInString(s) > 80 {
		s = string([]rune(s)[:79]) + "…"
	}
	return s
}
