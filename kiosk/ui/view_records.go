package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"onestop/kiosk"
)

// recordsView: the term's totals, then every record newest first with
// its sync state, a page at a time.
func (k *Kiosk) recordsView() fyne.CanvasObject {
	f := k.flow
	rec := &f.S.Records
	if f.S.Student == nil || !rec.Loaded {
		return k.screen(k.t("RecordsTitle"), "", nil) // the error, if any, shows under the title
	}
	summary := k.t("RecordsSummary", map[string]any{"Since": rec.Since, "Hours": rec.Hours, "Events": rec.Events})
	if m := k.meetingsLine(rec.Meetings); m != "" {
		summary += " · " + m
	}
	size := f.RecordsPageSize()
	from, to, page := PageBounds(rec.Page, len(rec.Rows), size)
	rec.Page = page
	lines := make([]line, 0, size)
	for _, r := range rec.Rows[from:to] {
		lines = append(lines, line{text: k.recordLine(r), size: theme.SizeNameText})
	}
	var content fyne.CanvasObject = block(fyne.TextAlignLeading, lines...)
	if len(lines) == 0 {
		content = para(k.t("RecordsNone"), theme.SizeNameSubHeadingText, false, widget.MediumImportance)
	}
	pages := Pages(len(rec.Rows), size)
	var actions []fyne.CanvasObject
	if pg := k.pager("records", page, pages, "", func(_ context.Context, d int) { turn(&rec.Page, d, pages) }); pg != nil {
		actions = append(actions, pg)
	}
	if f.S.Strong { // a card or QR scan: the student may set their PIN
		actions = append(actions, k.button("records.newpin", k.t("NewPINButton"), widget.MediumImportance,
			func(context.Context) { f.StartNewPIN() }))
	}
	return k.screen(k.t("RecordsTitle"), summary, content, actions...)
}

// recordLine is "3月5日 14:05 · 到访 · 自习" with status and sync state.
func (k *Kiosk) recordLine(r RecordRow) string {
	parts := []string{k.t("FmtDateTime", dateData(r.At)), k.t(r.Kind)}
	what := r.What.In(k.flow.S.Lang)
	if r.WhatID != "" {
		parts = append(parts, strings.Join(nonEmpty(what, k.t(r.WhatID)), " "))
	} else if what != "" {
		parts = append(parts, what)
	}
	if r.Status != "" {
		parts = append(parts, k.t(r.Status))
	}
	if s := syncIDs[r.Sync]; s != "" {
		parts = append(parts, k.t(s))
	}
	return strings.Join(parts, " · ")
}

// syncIDs are the sync states a record shows; an unknown one shows none.
var syncIDs = map[string]string{
	kiosk.OutboxPending:  "SyncStatePending",
	kiosk.OutboxApplied:  "SyncStateApplied",
	kiosk.OutboxRejected: "SyncStateRejected",
	kiosk.OutboxConflict: "SyncStateRejected",
}
