package console

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// The events editor: a hall's community events students check in to on
// the kiosk, with their place and times in the hall's zone.

var edEvents = &edKind[kiosk.Event]{
	path: "/admin/catalog/events", entity: wire.EntityEvent, formID: "ed-event", label: "title_zh",
	title: "ed_events", titleNew: "ed_event_new", deleteLabel: "ed_event_delete",
	cols: []string{"ed_event_title", "ed_event_place", "ed_event_start", "ed_event_end"},
	id:   func(e kiosk.Event) string { return e.ID },
	sort: func(es []kiosk.Event) {
		slices.SortStableFunc(es, func(a, b kiosk.Event) int { return b.Start.Compare(a.Start) })
	},
	row: func(v *edPage, e kiosk.Event, loc *time.Location) []string {
		return []string{v.localName(e.Title), v.localName(e.Place), when(v.T, loc, e.Start), when(v.T, loc, e.End)}
	},
	defaults: func(now time.Time, loc *time.Location) url.Values {
		start := kiosk.StartOfDay(now.In(loc)).AddDate(0, 0, 1).Add(19 * time.Hour)
		return url.Values{"start": {localText(start, loc)}, "end": {localText(start.Add(90*time.Minute), loc)}}
	},
	values: func(e kiosk.Event, loc *time.Location) url.Values {
		return url.Values{"title_zh": {e.Title.Zh}, "title_en": {e.Title.En}, "place_zh": {e.Place.Zh}, "place_en": {e.Place.En},
			"start": {localText(e.Start, loc)}, "end": {localText(e.End, loc)}}
	},
	fields: func(v *edPage, vals url.Values, errs map[string]string) []edField {
		in := func(name, label, kind string) edField { return edIn("ed-event", name, v.T[label], kind, vals, errs) }
		title := in("title_zh", "ed_event_title_zh", "text")
		title.Required = true
		fs := []edField{title, in("title_en", "ed_event_title_en", "text"), in("place_zh", "ed_mentor_place_zh", "text"),
			in("place_en", "ed_mentor_place_en", "text"), in("start", "ed_event_start", "datetime-local"), in("end", "ed_event_end", "datetime-local")}
		fs[1].En, fs[3].En = true, true
		return fs
	},
	parse: func(vals url.Values, loc *time.Location, t map[string]string, errs map[string]string) kiosk.Event {
		tr := func(n string) string { return strings.TrimSpace(vals.Get(n)) }
		e := kiosk.Event{Title: kiosk.LocalName{Zh: tr("title_zh"), En: tr("title_en")}, Place: kiosk.LocalName{Zh: tr("place_zh"), En: tr("place_en")},
			Start: edLocal(vals, "start", loc, false, errs, t), End: edLocal(vals, "end", loc, false, errs, t)}
		if !e.Title.Named() {
			errs["title_zh"] = t["ed_bad_name"]
		}
		return e
	},
	setID: func(e *kiosk.Event, id string) { e.ID = id },
	put: func(s central.Store, ctx context.Context, hall string, e kiosk.Event) error {
		return s.PutEvent(ctx, hall, e)
	},
	del: func(s central.Store, ctx context.Context, id string) error { return s.DeleteEvent(ctx, id) },
}

var _ = addRoutes(edEvents.routes()...)

var _ = addSection(edSection{Path: "/admin/catalog/events", Key: "ed_events", Hint: "ed_events_hint", Order: 60})

var _ = addText(texts{
	"ed_events":         {"社区活动", "Events"},
	"ed_events_hint":    {"学生在自助机上签到参加的社区活动：名称、地点和时间。", "Community events students check in to on the kiosk: title, place and time."},
	"ed_event_new":      {"新增活动", "New event"},
	"ed_event_delete":   {"删除活动", "Delete the event"},
	"ed_event_title":    {"活动", "Event"},
	"ed_event_title_zh": {"中文名称", "Title (Chinese)"},
	"ed_event_title_en": {"英文名称", "Title (English)"},
	"ed_event_place":    {"地点", "Place"},
	"ed_event_start":    {"开始", "Starts"},
	"ed_event_end":      {"结束", "Ends"},
	"ed_bad_end":        {"结束须晚于开始。", "The end must be after the start."},
	"ed_bad_start":      {"请输入日期和时间。", "Enter a date and a time."},
})
