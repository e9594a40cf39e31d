package console

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
)

// The catalog editors (halls, buildings, rooms, mentors, announcements,
// events, settings), each in a catalog_*.go file of its own. They share
// one page shape (ed_page.html: a hall chooser, a list, forms) and one
// way of handling a form: the typed values go back into the form as
// they were typed (url.Values in, url.Values out), and a refusal of the
// domain names its field, which gets its message inline.

var _ = addRoutes(route{"GET /admin/catalog", func(c *Console) http.Handler { return c.staff(c.edOverview) }})

var _ = addNav(navItem{Path: "/admin/catalog", Key: "ed_nav", Order: 40})

var _ = addText(texts{
	"ed_nav":          {"基础信息", "Catalog"},
	"ed_intro":        {"这里维护各服务大厅的场所、导师、公告、活动和自助机设置；保存后，相关自助机在下次同步时收到变更。", "Here you keep each hall's places, mentors, announcements, events and kiosk settings; the hall's kiosks get every change at their next sync."},
	"ed_add":          {"新增", "Add"},
	"ed_back":         {"返回列表", "Back to the list"},
	"ed_show":         {"显示", "Show"},
	"ed_name":         {"名称", "Name"},
	"ed_id_taken":     {"这个编号已被使用，请换一个。", "This code is taken; choose another."},
	"ed_name_zh":      {"中文名称", "Name (Chinese)"},
	"ed_name_en":      {"英文名称", "Name (English)"},
	"ed_deleted":      {"已删除。", "Deleted."},
	"ed_in_use":       {"仍有预约或其他数据在使用它，不能删除；可以改为停用。", "It is still in use (bookings or other data), so it cannot be deleted; deactivate it instead."},
	"ed_bad":          {"这个值无效。", "This value is not valid."},
	"ed_bad_number":   {"请输入整数。", "Enter a whole number."},
	"ed_bad_clock":    {"请按 时:分 输入，例如 08:30。", "Enter a time as hours:minutes, e.g. 08:30."},
	"ed_bad_date":     {"请按 年-月-日 输入，例如 2026-05-01；多个日期用逗号或空格分开。", "Enter dates as year-month-day, e.g. 2026-05-01, separated by commas or spaces."},
	"ed_bad_datetime": {"请输入日期和时间。", "Enter a date and a time."},
	"ed_dates_hint":   {"格式 2026-05-01，多个用逗号分开。", "As 2026-05-01; several separated by commas."},
	"ed_hall_tz_note": {"时间均为该服务大厅所在时区（%s）的时间。", "Times are in the hall's time zone (%s)."},
})

// edSection is one editor as the overview lists it; each editor's file
// adds its own (addSection), in the order of Order.
type edSection struct {
	Path, Key, Hint string
	Order           int
	Campus          bool // campus admins' only
}

var edSections []edSection

func addSection(s edSection) bool {
	edSections = append(edSections, s)
	slices.SortStableFunc(edSections, func(a, b edSection) int { return a.Order - b.Order })
	return true
}

// edField is one input of a form.
type edField struct {
	ID, Name, Label, Value, Err, Hint string
	// Kind: text, number, time, date, datetime-local, textarea, select,
	// checks (several boxes of one name), check (one box).
	Kind     string
	Options  []rqOption
	Required bool
	En       bool // typed in English
}

// edForm is one form of a page.
type edForm struct {
	ID, Action, Title, Submit string
	Hidden                    []rqOption // Value is the name, Label the value
	Fields                    []edField
	Danger                    bool     // a delete: a plain form, set apart
	Slots                     *edSlots // a mentor's coming slots, under the form
}

// edRow is one line of a list; its first cell links to Link.
type edRow struct {
	Link  string
	Cells []string
}

// edPage is every editor page's view.
type edPage struct {
	view
	Intro   string
	Hall    string
	Halls   []rqOption // the hall chooser; none when there is one hall
	Pick    string     // the chooser's action
	Cols    []string
	Rows    []edRow
	Add     string
	Forms   []edForm
	Preview *edPreview
	Back    string
	Extra   string            // a note under the list
	IsNew   bool              // the form is for a new entity
	SubErrs map[string]string // a second form's errors
}

func (c *Console) edOverview(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	v := edPage{view: newView(r, &a, "ed_nav"), Intro: text[lang(r)]["ed_intro"]}
	v.Cols = []string{v.T["ed_section"], v.T["ed_about"]}
	for _, s := range edSections {
		if s.Campus && a.Role != central.RoleCampus {
			continue
		}
		v.Rows = append(v.Rows, edRow{Link: s.Path + "?lang=" + v.Lang, Cells: []string{v.T[s.Key], v.T[s.Hint]}})
	}
	c.render(w, http.StatusOK, "ed_page.html", v)
}

var _ = addText(texts{
	"ed_section": {"项目", "Editor"},
	"ed_about":   {"内容", "What it holds"},
})

// edPageFor starts an editor's page in hall: the chooser, if the admin
// has several halls, posts back to path.
func (c *Console) edPageFor(r *http.Request, a central.AdminAccount, title, path, asked string) (edPage, error) {
	v := edPage{view: newView(r, &a, title), Pick: path}
	v.Self = path
	hall, halls, err := c.rqCalendarHall(r, a, v.view, asked)
	if err != nil {
		return v, err
	}
	v.Hall = hall
	if len(halls) > 1 {
		v.Halls = halls
	}
	if r.URL.Query().Get("done") == "1" {
		v.Notice = v.T["saved"]
	}
	if r.URL.Query().Get("done") == "deleted" {
		v.Notice = v.T["ed_deleted"]
	}
	return v, nil
}

// edEntity reads a stored entity the admin asks for by id into v and
// returns its hall: another hall's is a 403, not its data.
func (c *Console) edEntity(r *http.Request, a central.AdminAccount, entity, id string, v any) (string, error) {
	hall, data, err := c.store.Entity(r.Context(), entity, id)
	if err != nil {
		return "", err
	}
	if err := mayChange(a, hall); err != nil {
		return "", err
	}
	if v != nil {
		if err := json.Unmarshal(data, v); err != nil {
			return "", fmt.Errorf("%s %s: %w", entity, id, err)
		}
	}
	return hall, nil
}

// edDone sends the admin back to path after a change.
func edDone(w http.ResponseWriter, r *http.Request, path, hall, done string) {
	http.Redirect(w, r, path+"?"+url.Values{"lang": {lang(r)}, "hall": {hall}, "done": {done}}.Encode(), http.StatusSeeOther)
}

// edRefusal sorts a store's refusal of a form: the field at fault and
// its message, or the page's message; ok is false for a failure that is
// not the admin's input (shown as an error page).
func edRefusal(v view, err error) (field, msg string, ok bool) {
	var ke *kiosk.Error
	if !errors.As(err, &ke) {
		return "", "", false
	}
	switch ke.Code {
	case kiosk.EINVALID:
		if m, known := v.T["ed_bad_"+ke.Field]; known && ke.Field != "" {
			return ke.Field, m, true
		}
		if ke.Field != "" {
			return ke.Field, v.T["ed_bad"], true
		}
		return "", v.T["ed_bad"], true
	case kiosk.ECONFLICT:
		return "", v.T["ed_in_use"], true
	}
	return "", "", false
}

// edRefused puts a store's refusal on the page: inline at its field,
// else at the top. False means it is not about the input: the caller
// answers with an error page.
func edRefused(v *edPage, errs map[string]string, err error) bool {
	field, msg, ok := edRefusal(v.view, err)
	if !ok {
		return false
	}
	if field != "" {
		errs[field] = msg
		v.Error = v.T["fix_errors"]
	} else {
		v.Error = msg
	}
	return true
}

// edInt parses a whole number the admin typed; a bad one is noted.
func edInt(vals url.Values, name string, errs map[string]string, t map[string]string) int {
	n, err := strconv.Atoi(strings.TrimSpace(vals.Get(name)))
	if err != nil {
		errs[name] = t["ed_bad_number"]
	}
	return n
}

// edClock parses "HH:MM" into minutes after midnight; end is true for a
// closing time, where 00:00 is the day's end (1440).
func edClock(vals url.Values, name string, end bool, errs map[string]string, t map[string]string) int {
	tm, err := time.Parse("15:04", strings.TrimSpace(vals.Get(name)))
	if err != nil {
		errs[name] = t["ed_bad_clock"]
		return 0
	}
	m := tm.Hour()*60 + tm.Minute()
	if end && m == 0 {
		m = 24 * 60
	}
	return m
}

// clockText is minutes after midnight as "HH:MM" (1440 as 00:00).
func clockText(m int) string { return fmt.Sprintf("%02d:%02d", m/60%24, m%60) }

// edDates splits a list of dates typed with commas or spaces; each must
// be YYYY-MM-DD.
func edDates(vals url.Values, name string, errs map[string]string, t map[string]string) []string {
	var out []string
	for _, d := range strings.FieldsFunc(vals.Get(name), func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '、' || r == '\n' }) {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			errs[name] = t["ed_bad_date"]
			return nil
		}
		out = append(out, d)
	}
	return out
}

// edLocal parses a datetime-local value in the hall's zone; "" is zero
// when optional.
func edLocal(vals url.Values, name string, loc *time.Location, optional bool, errs map[string]string, t map[string]string) time.Time {
	s := strings.TrimSpace(vals.Get(name))
	if s == "" && optional {
		return time.Time{}
	}
	at, err := time.ParseInLocation("2006-01-02T15:04", s, loc)
	if err != nil {
		errs[name] = t["ed_bad_datetime"]
	}
	return at
}

// localText is t in the hall's zone as a datetime-local value.
func localText(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02T15:04")
}

// edIn builds one input from what was typed.
func edIn(form, name, label, kind string, vals url.Values, errs map[string]string) edField {
	return edField{ID: form + "-" + strings.ReplaceAll(name, "_", "-"), Name: name, Label: label, Kind: kind, Value: vals.Get(name), Err: errs[name]}
}

// edChoices are options marked selected when vals holds them.
func edChoices(vals url.Values, name string, values, labels []string) []rqOption {
	var out []rqOption
	for i, val := range values {
		sel := false
		for _, have := range vals[name] {
			sel = sel || have == val
		}
		out = append(out, rqOption{Value: val, Label: labels[i], Selected: sel})
	}
	return out
}

// edWeekdays are the week's days Monday first, as form values (0 is
// Sunday, as time.Weekday) and names.
func edWeekdays(t map[string]string) (values, labels []string) {
	for _, d := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		values = append(values, strconv.Itoa(int(d)))
		labels = append(labels, t["ed_wd_"+strconv.Itoa(int(d))])
	}
	return values, labels
}

var _ = addText(texts{
	"ed_wd_1": {"周一", "Mon"}, "ed_wd_2": {"周二", "Tue"}, "ed_wd_3": {"周三", "Wed"}, "ed_wd_4": {"周四", "Thu"},
	"ed_wd_5": {"周五", "Fri"}, "ed_wd_6": {"周六", "Sat"}, "ed_wd_0": {"周日", "Sun"},
})

// edWeekdayList parses checked weekdays.
func edWeekdayList(vals url.Values, name string, errs map[string]string, t map[string]string) []time.Weekday {
	var out []time.Weekday
	for _, s := range vals[name] {
		n, err := strconv.Atoi(s)
		if err != nil {
			errs[name] = t["ed_bad"]
			return nil
		}
		out = append(out, time.Weekday(n))
	}
	return out
}

// weekdayNames is ds as the view names them.
func weekdayNames(t map[string]string, ds []time.Weekday) string {
	var names []string
	for _, d := range ds {
		names = append(names, t["ed_wd_"+strconv.Itoa(int(d))])
	}
	return strings.Join(names, "、")
}

// edHallZone is the hall's zone, for reading and showing its times.
func (c *Console) edHallZone(r *http.Request, hallID string) (*time.Location, error) {
	hs, err := c.store.Halls(r.Context())
	if err != nil {
		return nil, err
	}
	for _, h := range hs {
		if h.ID == hallID {
			loc, err := kiosk.LoadZone(h.Zone())
			if err != nil {
				return kiosk.DefaultLocation(), nil
			}
			return loc, nil
		}
	}
	return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrInternal, "no hall %s", hallID)
}

// edNewID is a fresh entity id.
func edNewID() (string, error) { return kiosk.IDSource{}.NewID() }

// edPreview is an announcement as the kiosk's home screen strip shows
// it, in the kiosk's own words and both languages.
type edPreview struct {
	Caption string
	Items   []edPreviewItem
	Empty   string
}

type edPreviewItem struct {
	Lang, Title, Body string
	Page              string // the kiosk's pager, "1/3", when several show
}
