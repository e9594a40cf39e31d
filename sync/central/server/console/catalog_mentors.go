package console

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// The mentors editor: a hall's mentors (academic, counselling, career,
// leader office hours) and their slots. Slots are entered as a weekly
// pattern with exceptions, which the domain (kiosk.WeeklySlots) expands
// into the slots kiosks book; a free slot can be removed one by one.

var edMentors = &edKind[kiosk.Mentor]{
	path: "/admin/catalog/mentors", entity: wire.EntityMentor, formID: "ed-mentor", label: "name_zh",
	title: "ed_mentors", titleNew: "ed_mentor_new", deleteLabel: "ed_mentor_delete",
	cols: []string{"ed_name", "ed_mentor_type", "ed_mentor_field", "ed_mentor_place"},
	id:   func(m kiosk.Mentor) string { return m.ID },
	row: func(v *edPage, m kiosk.Mentor, _ *time.Location) []string {
		return []string{v.localName(m.Name), v.Loc().T("MentorType." + string(m.Type)), v.localName(m.Field), v.localName(m.Place)}
	},
	defaults: func(time.Time, *time.Location) url.Values { return url.Values{"type": {string(kiosk.MentorAcademic)}} },
	values: func(m kiosk.Mentor, _ *time.Location) url.Values {
		return url.Values{"name_zh": {m.Name.Zh}, "name_en": {m.Name.En}, "type": {string(m.Type)}, "field_zh": {m.Field.Zh},
			"field_en": {m.Field.En}, "place_zh": {m.Place.Zh}, "place_en": {m.Place.En}}
	},
	fields: func(v *edPage, vals url.Values, errs map[string]string) []edField {
		in := func(name, label, kind string) edField { return edIn("ed-mentor", name, v.T[label], kind, vals, errs) }
		var types, names []string
		for _, t := range kiosk.MentorTypes {
			types, names = append(types, string(t)), append(names, v.Loc().T("MentorType."+string(t)))
		}
		typ := in("type", "ed_mentor_type", "select")
		typ.Options = edChoices(vals, "type", types, names)
		typ.Hint = v.T["ed_mentor_type_hint"]
		name := in("name_zh", "ed_name_zh", "text")
		name.Required = true
		fs := []edField{name, in("name_en", "ed_name_en", "text"), typ, in("field_zh", "ed_mentor_field_zh", "text"),
			in("field_en", "ed_mentor_field_en", "text"), in("place_zh", "ed_mentor_place_zh", "text"), in("place_en", "ed_mentor_place_en", "text")}
		for _, i := range []int{1, 4, 6} {
			fs[i].En = true
		}
		return fs
	},
	parse: func(vals url.Values, _ *time.Location, t map[string]string, errs map[string]string) kiosk.Mentor {
		tr := func(n string) string { return strings.TrimSpace(vals.Get(n)) }
		m := kiosk.Mentor{Name: kiosk.LocalName{Zh: tr("name_zh"), En: tr("name_en")}, Type: kiosk.MentorType(vals.Get("type")),
			Field: kiosk.LocalName{Zh: tr("field_zh"), En: tr("field_en")}, Place: kiosk.LocalName{Zh: tr("place_zh"), En: tr("place_en")}}
		if !m.Name.Named() {
			errs["name_zh"] = t["ed_bad_name"]
		}
		return m
	},
	setID: func(m *kiosk.Mentor, id string) { m.ID = id },
	put: func(s central.Store, ctx context.Context, hall string, m kiosk.Mentor) error {
		return s.PutMentor(ctx, hall, m)
	},
	del: func(s central.Store, ctx context.Context, id string) error { return s.DeleteMentor(ctx, id) },
	extra: func(c *Console, r *http.Request, v *edPage, hall string, loc *time.Location, vals url.Values, id string) error {
		if id == "new" {
			return nil
		}
		return c.edMentorSlots(r, v, loc, vals, id)
	},
}

var _ = addRoutes(append(edMentors.routes(),
	route{"POST /admin/catalog/mentors/{id}/pattern", func(c *Console) http.Handler { return c.staff(c.edPatternSave) }},
	route{"POST /admin/catalog/mentors/{id}/slots/{slot}/delete", func(c *Console) http.Handler { return c.staff(c.edSlotDelete) }},
)...)

var _ = addSection(edSection{Path: "/admin/catalog/mentors", Key: "ed_mentors", Hint: "ed_mentors_hint", Order: 40})

var _ = addText(texts{
	"ed_mentors":          {"导师与时段", "Mentors and slots"},
	"ed_mentors_hint":     {"学业导师、心理咨询、生涯指导和领导接待：每周固定时段，以及停开或加开的日期。", "Academic mentors, counselling, career guidance and leader office hours: weekly slots, with days off and extra days."},
	"ed_mentor_new":       {"新增导师", "New mentor"},
	"ed_mentor_delete":    {"删除导师及其空闲时段", "Delete the mentor and their free slots"},
	"ed_mentor_type":      {"类型", "Kind"},
	"ed_mentor_type_hint": {"心理咨询预约在自助机公共屏幕上不显示类型。", "A counselling appointment never shows its kind on the kiosk's shared screen."},
	"ed_mentor_field":     {"方向", "Field"},
	"ed_mentor_field_zh":  {"方向（中文）", "Field (Chinese)"},
	"ed_mentor_field_en":  {"方向（英文）", "Field (English)"},
	"ed_mentor_place":     {"地点", "Place"},
	"ed_mentor_place_zh":  {"地点（中文）", "Place (Chinese)"},
	"ed_mentor_place_en":  {"地点（英文）", "Place (English)"},

	"ed_pat":              {"按周添加时段", "Add weekly slots"},
	"ed_pat_weekdays":     {"每周的哪几天", "On these weekdays"},
	"ed_pat_start":        {"开始时间", "From"},
	"ed_pat_end":          {"结束时间", "Until"},
	"ed_pat_length":       {"每个时段（分钟）", "Each slot (minutes)"},
	"ed_pat_from":         {"起始日期", "First day"},
	"ed_pat_to":           {"结束日期", "Last day"},
	"ed_pat_closed":       {"停开日期", "No slots on"},
	"ed_pat_extra":        {"加开日期", "Also on"},
	"ed_pat_extra_hint":   {"这些日期按同样的时间加开，例如调休的周六。格式 2026-05-01，多个用逗号分开。", "The same hours on these dates too, e.g. a make-up Saturday. As 2026-05-01, separated by commas."},
	"ed_pat_submit":       {"生成时段", "Make the slots"},
	"ed_pat_done":         {"已添加或更新 %d 个时段，停开日期删除了 %d 个空闲时段；已被预约的时段保持不变。", "%d slots added or updated and %d free slots removed on the days off; booked ones were left as they are."},
	"ed_pat_bad_weekdays": {"请至少选择一天，或填写加开日期。", "Choose at least one weekday, or extra dates."},
	"ed_pat_bad_end":      {"结束时间须晚于开始时间。", "The end must be after the start."},
	"ed_pat_bad_length":   {fmt.Sprintf("时段须至少 %d 分钟，且不超过开始到结束的时长；一次最多生成一年。", int(kiosk.MinSlotLength/time.Minute)), fmt.Sprintf("A slot is at least %d minutes and fits between the start and the end; at most a year at once.", int(kiosk.MinSlotLength/time.Minute))},
	"ed_pat_bad_from":     {"请按 年-月-日 输入起始日期。", "Enter the first day as year-month-day."},
	"ed_pat_bad_to":       {fmt.Sprintf("结束日期须不早于起始日期，且相隔不超过 %d 天。", kiosk.MaxPatternDays), fmt.Sprintf("The last day must be on or after the first, at most %d days later.", kiosk.MaxPatternDays)},
	"ed_slots":            {"今后八周的时段", "Slots in the next eight weeks"},
	"ed_slot_when":        {"时间", "When"},
	"ed_slot_state":       {"状态", "State"},
	"ed_slot_taken":       {"已预约", "booked"},
	"ed_slot_free":        {"空闲", "free"},
	"ed_slot_remove":      {"删除", "Remove"},
})

// edSlots is a mentor's coming slots, each free one with a remove button.
type edSlots struct {
	T       map[string]string
	Caption string
	Rows    []edSlotRow
}

type edSlotRow struct {
	When, State, Delete string // Delete: the remove action, "" when booked
}

// edMentorSlots adds the pattern form and the coming slots to a mentor's page.
func (c *Console) edMentorSlots(r *http.Request, v *edPage, loc *time.Location, vals url.Values, id string) error {
	now := c.clock.Now().In(loc)
	if vals.Get("p_from") == "" && len(vals["p_weekdays"]) == 0 {
		vals.Set("p_from", now.Format(time.DateOnly))
		vals.Set("p_to", now.AddDate(0, 3, 0).Format(time.DateOnly))
		vals.Set("p_start", "14:00")
		vals.Set("p_end", "17:00")
		vals.Set("p_length", "30")
	}
	errs := map[string]string{}
	for k, e := range v.SubErrs {
		errs[k] = e
	}
	in := func(name, label, kind string) edField { return edIn("ed-pat", name, v.T[label], kind, vals, errs) }
	wd := in("p_weekdays", "ed_pat_weekdays", "checks")
	wdv, wdl := edWeekdays(v.T)
	wd.Options = edChoices(vals, "p_weekdays", wdv, wdl)
	closed, extra := in("p_closed", "ed_pat_closed", "text"), in("p_extra", "ed_pat_extra", "text")
	closed.Hint, extra.Hint = v.T["ed_dates_hint"], v.T["ed_pat_extra_hint"]
	from := kiosk.StartOfDay(now)
	ss, err := c.store.MentorSlots(r.Context(), id, from, from.AddDate(0, 0, 56))
	if err != nil {
		return err
	}
	list := &edSlots{T: v.T, Caption: v.T["ed_slots"]}
	for _, s := range ss {
		row := edSlotRow{When: s.Start.In(loc).Format("2006-01-02") + " " + weekdayNames(v.T, []time.Weekday{s.Start.In(loc).Weekday()}) + " " +
			s.Start.In(loc).Format("15:04") + "–" + s.End.In(loc).Format("15:04"), State: v.T["ed_slot_free"]}
		if s.Taken {
			row.State = v.T["ed_slot_taken"]
		} else {
			row.Delete = "/admin/catalog/mentors/" + url.PathEscape(id) + "/slots/" + url.PathEscape(s.ID) + "/delete?lang=" + v.Lang
		}
		list.Rows = append(list.Rows, row)
	}
	v.Forms = append(v.Forms, edForm{ID: "ed-pat", Title: v.T["ed_pat"], Submit: v.T["ed_pat_submit"],
		Action: "/admin/catalog/mentors/" + url.PathEscape(id) + "/pattern?lang=" + v.Lang,
		Fields: []edField{wd, in("p_start", "ed_pat_start", "time"), in("p_end", "ed_pat_end", "time"), in("p_length", "ed_pat_length", "number"),
			in("p_from", "ed_pat_from", "date"), in("p_to", "ed_pat_to", "date"), closed, extra}, Slots: list})
	if n, err := strconv.Atoi(r.URL.Query().Get("slots")); err == nil {
		removed, _ := strconv.Atoi(r.URL.Query().Get("removed"))
		v.Notice = fmt.Sprintf(v.T["ed_pat_done"], n, removed)
	}
	return nil
}

// edPatternSave expands a weekly pattern into slots; a refusal comes
// back beside its field with the pattern as typed.
func (c *Console) edPatternSave(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	id := r.PathValue("id")
	var m kiosk.Mentor
	hall, err := c.edEntity(r, a, wire.EntityMentor, id, &m)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		c.fail(w, r, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "pattern form: %v", err))
		return
	}
	loc, err := c.edHallZone(r, hall)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	t := text[lang(r)]
	pv := r.PostForm
	errs := map[string]string{}
	p := kiosk.WeeklySlots{MentorID: id, Weekdays: edWeekdayList(pv, "p_weekdays", errs, t),
		Start: edClock(pv, "p_start", false, errs, t), End: edClock(pv, "p_end", true, errs, t),
		Length: time.Duration(edInt(pv, "p_length", errs, t)) * time.Minute, From: strings.TrimSpace(pv.Get("p_from")),
		To: strings.TrimSpace(pv.Get("p_to")), Closed: edDates(pv, "p_closed", errs, t), Extra: edDates(pv, "p_extra", errs, t)}
	n, removed := 0, 0
	if len(errs) == 0 {
		var ss []kiosk.MentorSlot
		if ss, err = p.Slots(loc); err == nil {
			var done central.SlotsApplied
			done, err = c.store.ApplyMentorSlots(r.Context(), central.MentorSlotChange{MentorID: id, Put: ss, Clear: p.DaysOff(loc)})
			n, removed = done.Put, done.Removed
		}
		var ke *kiosk.Error
		if errors.As(err, &ke) && ke.Code == kiosk.EINVALID && ke.Field != "" {
			msg := t["ed_pat_bad_"+ke.Field]
			if msg == "" {
				msg = t["ed_bad"]
			}
			errs["p_"+ke.Field] = msg
		} else if err != nil {
			c.fail(w, r, err)
			return
		}
	}
	if len(errs) > 0 {
		vals := edMentors.values(m, loc)
		for k, vs := range pv {
			if strings.HasPrefix(k, "p_") {
				vals[k] = vs
			}
		}
		edMentors.renderWith(c, w, r, a, http.StatusBadRequest, id, hall, vals, map[string]string{}, errs, nil)
		return
	}
	http.Redirect(w, r, "/admin/catalog/mentors/"+url.PathEscape(id)+"?"+url.Values{"lang": {lang(r)}, "slots": {strconv.Itoa(n)}, "removed": {strconv.Itoa(removed)}}.Encode(), http.StatusSeeOther)
}

// edSlotDelete removes one free slot of the mentor.
func (c *Console) edSlotDelete(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	id, slot := r.PathValue("id"), r.PathValue("slot")
	var s kiosk.MentorSlot
	if _, err := c.edEntity(r, a, wire.EntityMentorSlot, slot, &s); err != nil {
		c.fail(w, r, err)
		return
	}
	if s.MentorID != id {
		c.fail(w, r, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrInternal, "slot %s is not mentor %s's", slot, id))
		return
	}
	if err := c.store.DeleteMentorSlot(r.Context(), slot); err != nil && kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		c.fail(w, r, err)
		return
	}
	// A slot booked meanwhile stays; the list shows it booked.
	http.Redirect(w, r, "/admin/catalog/mentors/"+url.PathEscape(id)+"?lang="+lang(r), http.StatusSeeOther)
}
