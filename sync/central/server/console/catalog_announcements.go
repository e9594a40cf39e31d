package console

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// The announcements editor: what the kiosks' home strip shows, from
// when to when, in which order (higher first), with a preview of the
// strip cut as the kiosk cuts it.

var edAnnouncements = &edKind[kiosk.Announcement]{
	path: "/admin/catalog/announcements", entity: wire.EntityAnnouncement, formID: "ed-ann", label: "title_zh",
	title: "ed_announcements", titleNew: "ed_ann_new", deleteLabel: "ed_ann_delete",
	cols: []string{"ed_ann_title", "ed_ann_from", "ed_ann_to", "ed_ann_order", "ed_ann_state"},
	id:   func(a kiosk.Announcement) string { return a.ID },
	sort: func(as []kiosk.Announcement) {
		slices.SortStableFunc(as, func(a, b kiosk.Announcement) int {
			if a.Priority != b.Priority {
				return b.Priority - a.Priority
			}
			return b.StartsAt.Compare(a.StartsAt)
		})
	},
	row: func(v *edPage, a kiosk.Announcement, loc *time.Location) []string {
		return []string{v.localName(a.Title), when(v.T, loc, a.StartsAt), edOpenEnd(v.T, loc, a.EndsAt), strconv.Itoa(a.Priority), ""}
	},
	defaults: func(now time.Time, loc *time.Location) url.Values {
		return url.Values{"starts_at": {localText(now.Truncate(time.Hour), loc)}, "priority": {"0"}}
	},
	values: func(a kiosk.Announcement, loc *time.Location) url.Values {
		return url.Values{"title_zh": {a.Title.Zh}, "title_en": {a.Title.En}, "body_zh": {a.Body.Zh}, "body_en": {a.Body.En},
			"starts_at": {localText(a.StartsAt, loc)}, "ends_at": {localText(a.EndsAt, loc)}, "priority": {strconv.Itoa(a.Priority)}}
	},
	fields: func(v *edPage, vals url.Values, errs map[string]string) []edField {
		in := func(name, label, kind string) edField { return edIn("ed-ann", name, v.T[label], kind, vals, errs) }
		title := in("title_zh", "ed_ann_title_zh", "text")
		title.Required = true
		titleEn, bodyEn := in("title_en", "ed_ann_title_en", "text"), in("body_en", "ed_ann_body_en", "textarea")
		titleEn.En, bodyEn.En = true, true
		title.Hint = v.T["ed_ann_title_hint"]
		ends := in("ends_at", "ed_ann_to", "datetime-local")
		ends.Hint = v.T["ed_ann_to_hint"]
		order := in("priority", "ed_ann_order", "number")
		order.Hint = v.T["ed_ann_order_hint"]
		return []edField{title, titleEn, in("body_zh", "ed_ann_body_zh", "textarea"), bodyEn,
			in("starts_at", "ed_ann_from", "datetime-local"), ends, order}
	},
	parse: func(vals url.Values, loc *time.Location, t map[string]string, errs map[string]string) kiosk.Announcement {
		a := edAnnouncementOf(vals, loc, t, errs)
		if !a.Title.Named() {
			errs["title_zh"] = t["ed_bad_name"]
		}
		return a
	},
	setID: func(a *kiosk.Announcement, id string) { a.ID = id },
	put: func(s central.Store, ctx context.Context, hall string, a kiosk.Announcement) error {
		return s.PutAnnouncement(ctx, hall, a)
	},
	del: func(s central.Store, ctx context.Context, id string) error { return s.DeleteAnnouncement(ctx, id) },
	// The list marks what shows now and previews the strip in its order.
	listExtra: func(c *Console, r *http.Request, v *edPage, as []kiosk.Announcement, loc *time.Location) {
		now := c.clock.Now()
		var showing []kiosk.Announcement
		for i, a := range as {
			v.Rows[i].Cells[4] = v.T["ed_ann_not_showing"]
			if a.ActiveAt(now) {
				showing = append(showing, a)
				v.Rows[i].Cells[4] = strings.Replace(v.T["ed_ann_showing"], "%d", strconv.Itoa(len(showing)), 1)
			}
		}
		v.Preview = edPreviewOf(v, v.T["ed_ann_preview_now"], showing)
	},
	// The form previews what was typed.
	extra: func(c *Console, r *http.Request, v *edPage, hall string, loc *time.Location, vals url.Values, id string) error {
		a := edAnnouncementOf(vals, loc, v.T, map[string]string{})
		if a.Title.Zh+a.Title.En != "" {
			v.Preview = edPreviewOf(v, v.T["ed_ann_preview"], []kiosk.Announcement{a})
		}
		return nil
	},
}

var _ = addRoutes(edAnnouncements.routes()...)

var _ = addSection(edSection{Path: "/admin/catalog/announcements", Key: "ed_announcements", Hint: "ed_announcements_hint", Order: 50})

var _ = addText(texts{
	"ed_announcements":      {"公告", "Announcements"},
	"ed_announcements_hint": {"自助机首页公告栏：显示时段、顺序，并预览自助机上的效果。", "The kiosk home screen's notices: when they show, in which order, with a preview of the screen."},
	"ed_ann_new":            {"新增公告", "New announcement"},
	"ed_ann_delete":         {"删除公告", "Delete the announcement"},
	"ed_ann_title":          {"标题", "Title"},
	"ed_ann_title_zh":       {"中文标题", "Title (Chinese)"},
	"ed_ann_title_en":       {"英文标题", "Title (English)"},
	"ed_ann_title_hint":     {"自助机最多显示 40 个字，更长的以省略号截断。", "The kiosk shows up to 40 characters; a longer title is cut with an ellipsis."},
	"ed_ann_body_zh":        {"中文正文", "Text (Chinese)"},
	"ed_ann_body_en":        {"英文正文", "Text (English)"},
	"ed_ann_from":           {"开始显示", "Shown from"},
	"ed_ann_to":             {"停止显示", "Shown until"},
	"ed_ann_to_hint":        {"留空表示一直显示。", "Leave blank to show it until removed."},
	"ed_ann_order":          {"顺序", "Order"},
	"ed_ann_order_hint":     {"数字大的排在前面。", "A higher number shows first."},
	"ed_ann_state":          {"现在", "Now"},
	"ed_ann_showing":        {"显示中（第 %d 条）", "showing (no. %d)"},
	"ed_ann_not_showing":    {"未显示", "not showing"},
	"ed_ann_open_end":       {"一直显示", "until removed"},
	"ed_ann_preview":        {"自助机首页预览", "Preview of the kiosk's home screen"},
	"ed_ann_preview_now":    {"自助机首页现在的公告（按显示顺序）", "The kiosk's home screen now, in the order it shows them"},
	"ed_bad_ends_at":        {"停止时间须晚于开始时间。", "The end must be after the start."},
	"ed_bad_starts_at":      {"请输入日期和时间。", "Enter a date and a time."},
})

// edAnnouncementOf reads the form; a bad date or number is noted.
func edAnnouncementOf(vals url.Values, loc *time.Location, t map[string]string, errs map[string]string) kiosk.Announcement {
	tr := func(n string) string { return strings.TrimSpace(vals.Get(n)) }
	return kiosk.Announcement{Title: kiosk.LocalName{Zh: tr("title_zh"), En: tr("title_en")}, Body: kiosk.LocalName{Zh: tr("body_zh"), En: tr("body_en")},
		StartsAt: edLocal(vals, "starts_at", loc, false, errs, t), EndsAt: edLocal(vals, "ends_at", loc, true, errs, t),
		Priority: edInt(vals, "priority", errs, t)}
}

// edOpenEnd is an announcement's end, or "until removed".
func edOpenEnd(t map[string]string, loc *time.Location, at time.Time) string {
	if at.IsZero() {
		return t["ed_ann_open_end"]
	}
	return when(t, loc, at)
}

// edPreviewOf is announcements as the kiosk's strip shows them, in both
// languages: the kiosk's own cut of title and body.
func edPreviewOf(v *edPage, caption string, as []kiosk.Announcement) *edPreview {
	p := &edPreview{Caption: caption, Empty: v.Loc().T("AnnouncementNone")}
	for i, a := range as {
		page := ""
		if len(as) > 1 {
			page = v.Loc().T("AnnouncementPage", map[string]any{"N": i + 1, "Total": len(as)})
		}
		for _, l := range []struct{ tag, lang string }{{"zh-Hans", kiosk.LangZh}, {"en", kiosk.LangEn}} {
			title, body := a.Strip(l.lang)
			p.Items = append(p.Items, edPreviewItem{Lang: l.tag, Title: title, Body: body, Page: page})
		}
	}
	return p
}
