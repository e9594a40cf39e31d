package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"onestop/kiosk"
)

// maxBodyRunes keeps one announcement inside its strip; there is no
// scrolling on the kiosk, so a longer body is cut with an ellipsis.
const (
	maxTitleRunes = kiosk.AnnouncementTitleRunes
	maxBodyRunes  = kiosk.AnnouncementBodyRunes
)

// homeView: announcements on top, the five service tiles, sync status in
// the corner.
func (k *Kiosk) homeView() fyne.CanvasObject {
	bottom := container.NewHBox(layout.NewSpacer(), k.syncCorner())
	return container.NewBorder(k.newsStrip(), bottom, nil, nil, k.tiles())
}

// tiles: check-in, the most used service, across the top; the others in
// a row below. Each asks who the student is, then goes where they wanted.
func (k *Kiosk) tiles() fyne.CanvasObject {
	open := func(g Goal) func(context.Context) { return func(context.Context) { k.flow.Open(g) } }
	checkin := k.tile("tile.checkin", "TileCheckIn", "TileCheckInHint", theme.SizeNameHeadingText, open(GoalCheckIn))
	others := container.NewGridWithColumns(4,
		k.tile("tile.mentor", "TileMentor", "TileMentorHint", theme.SizeNameSubHeadingText, open(GoalMentor)),
		k.tile("tile.rooms", "TileRooms", "TileRoomsHint", theme.SizeNameSubHeadingText, open(GoalRooms)),
		k.tile("tile.requests", "TileRequests", "TileRequestsHint", theme.SizeNameSubHeadingText, open(GoalRequests)),
		k.tile("tile.records", "TileRecords", "TileRecordsHint", theme.SizeNameSubHeadingText, open(GoalRecords)),
	)
	return container.NewBorder(nil, others, nil, nil, checkin)
}

// tile is a big button with a title and a hint line; fn nil disables it.
func (k *Kiosk) tile(name, titleID, hintID string, titleSize fyne.ThemeSizeName, fn func(context.Context)) fyne.CanvasObject {
	imp := widget.HighImportance
	if fn == nil {
		imp = widget.MediumImportance
	}
	b := k.bigButton(name, imp, fn,
		line{text: k.t(titleID), size: titleSize, bold: true},
		line{text: k.t(hintID), size: theme.SizeNameText})
	return minSized(b, 0, tileHeight)
}

func (k *Kiosk) newsStrip() fyne.CanvasObject {
	n := &k.flow.News
	a, ok := n.Current()
	if !ok {
		l := para(k.t("AnnouncementNone"), theme.SizeNameSubHeadingText, false, widget.MediumImportance)
		return k.stripPanel(l)
	}
	lang := k.flow.S.Lang
	text := block(fyne.TextAlignLeading,
		line{text: clip(a.Title.In(lang), maxTitleRunes), size: theme.SizeNameSubHeadingText, bold: true, col: theme.ColorNamePrimary},
		line{text: clip(a.Body.In(lang), maxBodyRunes), size: theme.SizeNameText})
	if len(n.List) < 2 {
		return k.stripPanel(text)
	}
	h := tapHeight
	prev := k.button("news.prev", "", widget.MediumImportance, func(context.Context) { k.flow.NewsPrev() })
	prev.Icon = theme.NavigateBackIcon()
	next := k.button("news.next", "", widget.MediumImportance, func(context.Context) { k.flow.NewsNext() })
	next.Icon = theme.NavigateNextIcon()
	page := label(k.t("AnnouncementPage", map[string]any{"N": n.Index + 1, "Total": len(n.List)}),
		theme.SizeNameText, true, widget.MediumImportance)
	pager := container.NewHBox(minSized(prev, h, h), vcenter(page), minSized(next, h, h))
	return k.stripPanel(container.NewBorder(nil, nil, nil, vcenter(pager), text))
}

func (k *Kiosk) stripPanel(content fyne.CanvasObject) fyne.CanvasObject {
	th := k.app.Settings().Theme()
	v := k.app.Settings().ThemeVariant()
	return container.NewVBox(
		panel(content, th.Color(theme.ColorNameHeaderBackground, v), th.Color(theme.ColorNameSeparator, v)),
		layout.NewSpacer())
}

// syncCorner says whether this kiosk's records have reached central.
func (k *Kiosk) syncCorner() fyne.CanvasObject {
	st := k.flow.Sync
	parts := []string{k.t("SyncPending", map[string]any{"Count": st.Pending})}
	col := theme.ColorNameForeground
	if st.Online {
		parts = append(parts, k.t("SyncOnline"))
	} else {
		parts = append(parts, k.t("SyncOffline"))
		col = theme.ColorNameWarning
	}
	if st.LastContact.IsZero() {
		parts = append(parts, k.t("SyncNever"))
	} else {
		parts = append(parts, k.t("SyncLastContact", map[string]any{"Time": st.LastContact.Format("15:04")}))
	}
	status := k.plain(strings.Join(parts, " · "), theme.SizeNameCaptionText, col)
	if bar := k.pullBar(); bar != nil {
		return container.NewVBox(bar, status)
	}
	return status
}

func clip(s string, n int) string { return kiosk.Clip(s, n) }
