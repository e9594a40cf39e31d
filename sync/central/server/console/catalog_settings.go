package console

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"onestop/kiosk"
	"onestop/sync/central"
)

// The settings editor: every key kiosks read, with the hall's value, the
// default, the range and an input. Ranges and defaults come from
// kiosk.SettingSpecs, the tables CheckSetting enforces; a blank input
// returns the key to its default.

var _ = addRoutes(
	route{"GET /admin/catalog/settings", func(c *Console) http.Handler { return c.staff(c.edSettings) }},
	route{"POST /admin/catalog/settings", func(c *Console) http.Handler { return c.staff(c.edSettingsSave) }},
)

var _ = addSection(edSection{Path: "/admin/catalog/settings", Key: "ed_settings", Hint: "ed_settings_hint", Order: 70})

var _ = addText(texts{
	"ed_settings":      {"自助机设置", "Kiosk settings"},
	"ed_settings_hint": {"空闲超时、预约规则、诉求时限等每项设置的取值、默认值和范围。", "Idle timeout, booking rules, request deadlines and every other setting, with its value, default and range."},
	"ed_settings_note": {"留空即恢复默认值。保存后本服务大厅的自助机在下次同步时生效。", "Leave a value blank to use the default. The hall's kiosks apply the change at their next sync."},
	"ed_set_key":       {"设置项", "Setting"},
	"ed_set_current":   {"当前生效", "In effect"},
	"ed_set_default":   {"默认值", "Default"},
	"ed_set_range":     {"允许范围", "Allowed"},
	"ed_set_value":     {"本大厅的值", "This hall's value"},
	"ed_set_derived":   {"按日期推算", "worked out from the date"},
	"ed_set_weight":    {"0 到 1 之间的小数，如 0.9", "a decimal from 0 to 1, such as 0.9"},
	"ed_set_url":       {"http(s) 网址，不含 ? 和 #", "an http(s) address without ? or #"},
	"ed_set_date":      {"日期，格式 2026-09-01", "a date, as 2026-09-01"},
	"ed_set_bad":       {"须为 %s。", "Must be %s."},
	"ed_set_range_n":   {"%d 至 %d", "%d to %d"},
	"ed_unit_seconds":  {"秒", "seconds"},
	"ed_unit_minutes":  {"分钟", "minutes"},
	"ed_unit_hours":    {"小时", "hours"},
	"ed_unit_days":     {"天", "days"},
	"ed_set_save":      {"保存设置", "Save the settings"},

	"ed_set_idle.timeout_seconds":                   {"无操作多久后提示", "Idle time before the warning"},
	"ed_set_idle.warning_seconds":                   {"提示显示多久后回到首页", "Warning shown before going home"},
	"ed_set_ui.default_lang":                        {"默认语言", "Default language"},
	"ed_set_public.base_url":                        {"手机查看页面的网址", "Address phones open"},
	"ed_set_term.start":                             {"学期开始日期", "Term start"},
	"ed_set_room.slot_minutes":                      {"房间预约时段长度", "Room booking slot"},
	"ed_set_room.max_length_minutes":                {"单次预约最长", "Longest booking"},
	"ed_set_room.max_hours_week":                    {"每人每周最多预约", "Booked time per student per week"},
	"ed_set_room.checkin_before_minutes":            {"房间签到提前开放", "Room check-in opens before the start"},
	"ed_set_room.checkin_after_minutes":             {"房间签到截止（开始后）", "Room check-in closes after the start"},
	"ed_set_room.noshow_period_days":                {"爽约统计周期", "No-shows counted over"},
	"ed_set_room.suspend_days":                      {"爽约后暂停预约", "Booking suspended for"},
	"ed_set_mentor.cancel_before_minutes":           {"导师预约最晚取消（开始前）", "Mentor appointment cancellable until before the start"},
	"ed_set_mentor.checkin_before_minutes":          {"导师预约签到提前开放", "Mentor check-in opens before the start"},
	"ed_set_mentor.checkin_after_minutes":           {"导师预约签到截止（开始后）", "Mentor check-in closes after the start"},
	"ed_set_event.checkin_before_minutes":           {"活动签到提前开放", "Event check-in opens before the start"},
	"ed_set_request.sla.safety_hours":               {"安全类诉求响应时限", "Safety requests: time to respond"},
	"ed_set_request.sla.repair_hours":               {"报修类诉求时限", "Repair requests: deadline"},
	"ed_set_request.sla.dorm_hours":                 {"宿舍生活类诉求时限", "Dorm life requests: deadline"},
	"ed_set_request.sla.network_hours":              {"网络类诉求时限", "Network requests: deadline"},
	"ed_set_request.sla.catering_hours":             {"餐饮类诉求时限", "Catering requests: deadline"},
	"ed_set_request.sla.study_hours":                {"学业类诉求时限", "Study requests: deadline"},
	"ed_set_request.sla.counselling_referral_hours": {"心理转介类诉求时限", "Counselling referrals: deadline"},
	"ed_set_request.sla.other_hours":                {"其他诉求时限", "Other requests: deadline"},
	"ed_set_room.max_per_day":                       {"每人每天最多预约次数", "Bookings per student per day"},
	"ed_set_room.window_days":                       {"房间可提前预约天数", "Rooms bookable this many days ahead"},
	"ed_set_room.noshow_limit":                      {"爽约几次后暂停预约", "No-shows before a suspension"},
	"ed_set_mentor.window_days":                     {"导师可提前预约天数", "Mentors bookable this many days ahead"},
	"ed_set_mentor.academic_target":                 {"学业导师每月面谈目标次数", "Academic mentor meetings a month (target)"},
})

// edSetRow is one setting as the table shows it.
type edSetRow struct {
	Key, Label, Current, Default, Range string
	Field                               edField
}

type edSettingsView struct {
	edPage
	Settings []edSetRow
}

func (c *Console) edSettings(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	c.edSettingsShow(w, r, a, http.StatusOK, r.URL.Query().Get("hall"), nil, map[string]string{})
}

// edSettingsShow renders the table; typed is what the admin posted (nil:
// the stored values).
func (c *Console) edSettingsShow(w http.ResponseWriter, r *http.Request, a central.AdminAccount, status int, hall string, typed url.Values, errs map[string]string) {
	p, err := c.edPageFor(r, a, "ed_settings", "/admin/catalog/settings", hall)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	stored, err := c.store.Settings(r.Context(), p.Hall)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if len(errs) > 0 {
		p.Error = p.T["fix_errors"]
	}
	p.Intro = p.T["ed_settings_note"]
	v := edSettingsView{edPage: p}
	for _, s := range kiosk.SettingSpecs() {
		vals := url.Values{s.Key: {stored[s.Key]}}
		if typed != nil {
			vals = url.Values{s.Key: {typed.Get(s.Key)}}
		}
		label := v.T["ed_set_"+s.Key]
		if label == "" {
			label = s.Key
		}
		row := edSetRow{Key: s.Key, Label: label, Current: stored[s.Key], Default: s.Default, Range: edSetRange(v.T, s)}
		if row.Current == "" {
			row.Current = s.Default
		}
		if s.Default == "" {
			row.Default = v.T["ed_set_derived"]
		}
		if row.Current == "" {
			row.Current = row.Default
		}
		if s.Unit != "" {
			row.Current += " " + v.T["ed_unit_"+s.Unit]
			row.Default += " " + v.T["ed_unit_"+s.Unit]
		}
		row.Field = edIn("ed-set", s.Key, label, "text", vals, errs)
		row.Field.ID = "ed-set-" + strings.NewReplacer(".", "-", "_", "-").Replace(s.Key)
		if s.Kind == kiosk.SpecNumber {
			row.Field.Kind = "number"
		}
		if s.Kind == kiosk.SpecURL {
			row.Field.En = true
		}
		v.Settings = append(v.Settings, row)
	}
	c.render(w, status, "ed_settings.html", v)
}

// edSetRange is the spec's allowed values in words.
func edSetRange(t map[string]string, s kiosk.SettingSpec) string {
	switch s.Kind {
	case kiosk.SpecNumber:
		r := fmt.Sprintf(t["ed_set_range_n"], s.Min, s.Max)
		if s.Unit != "" {
			r += " " + t["ed_unit_"+s.Unit]
		}
		return r
	case kiosk.SpecChoice:
		return strings.Join(s.Allowed, " / ")
	case kiosk.SpecURL:
		return t["ed_set_url"]
	case kiosk.SpecWeight:
		return t["ed_set_weight"]
	}
	return t["ed_set_date"]
}

// edSettingsSave checks every typed value with the domain, shows each
// refusal beside its key, and stores them only when all pass.
func (c *Console) edSettingsSave(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	if err := r.ParseForm(); err != nil {
		c.fail(w, r, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "settings form: %v", err))
		return
	}
	hall := r.PostForm.Get("hall")
	if err := mayChange(a, hall); err != nil {
		c.fail(w, r, err)
		return
	}
	stored, err := c.store.Settings(r.Context(), hall)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	t := text[lang(r)]
	errs := map[string]string{}
	kv := map[string]string{}
	for _, s := range kiosk.SettingSpecs() {
		val := strings.TrimSpace(r.PostForm.Get(s.Key))
		if err := kiosk.CheckSetting(s.Key, val); err != nil {
			errs[s.Key] = fmt.Sprintf(t["ed_set_bad"], edSetRange(t, s))
			continue
		}
		if val != stored[s.Key] {
			kv[s.Key] = val
		}
	}
	if len(errs) > 0 {
		c.edSettingsShow(w, r, a, http.StatusBadRequest, hall, r.PostForm, errs)
		return
	}
	if len(kv) > 0 {
		if err := c.store.SetSettings(r.Context(), hall, kv); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	edDone(w, r, "/admin/catalog/settings", hall, "1")
}
