package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"onestop/kiosk"
)

// purposeIDs are the message ids of the visit purposes.
var purposeIDs = map[kiosk.Purpose]string{
	kiosk.PurposeStudy:   "PurposeStudy",
	kiosk.PurposeConsult: "PurposeConsult",
	kiosk.PurposeService: "PurposeService",
	kiosk.PurposeEvent:   "PurposeEvent",
	kiosk.PurposeOther:   "PurposeOther",
}

// checkInRowMax caps a row of items or purposes on the check-in screen:
// on a tall screen the rows grow into bigger touch targets up to this,
// and rows of both columns line up.
const checkInRowMax float32 = 240

// purposeView: welcome with the masked name and home building, then one
// big button per visit purpose. When the student has something to check
// in to today (appointments, bookings, events; one tap each) those come
// first, in a column left of the purposes, both columns filling the
// screen's height.
func (k *Kiosk) purposeView() fyne.CanvasObject {
	st := k.flow.S.Student
	if st == nil { // cannot happen through Flow; never show a broken screen
		return k.homeView()
	}
	items := k.flow.S.CheckIn.Items
	lines := []line{
		{text: k.t("Welcome", map[string]any{"Name": st.MaskedName}), size: theme.SizeNameHeadingText, bold: true},
	}
	if len(items) == 0 {
		lines = append(lines, line{text: k.location(st), size: theme.SizeNameSubHeadingText},
			line{text: k.t("PurposePrompt"), size: theme.SizeNameSubHeadingText, bold: true, col: theme.ColorNamePrimary})
	}
	lines = append(lines, k.messageLines()...)
	var top fyne.CanvasObject = block(fyne.TextAlignLeading, lines...)
	if offer := k.deskOffer(); offer != nil {
		top = container.NewBorder(nil, nil, nil, minSized(offer, 280, 0), top)
	}
	if len(items) == 0 {
		return container.NewBorder(top, nil, nil, nil, k.purposeButtons(3, bigHeight, theme.SizeNameSubHeadingText))
	}
	title, sub := theme.SizeNameSubHeadingText, theme.SizeNameText
	if k.flow.S.Large { // the text is big already; the rows must fit 800 lines
		title, sub = theme.SizeNameText, theme.SizeNameCaptionText
	}
	purposes := k.purposeList(tapHeight, title)
	rows := make([]fyne.CanvasObject, 0, 3)
	for i := 0; i < len(purposes); i += 2 {
		j := min(i+2, len(purposes))
		rows = append(rows, grid(2, purposes[i:j:j]))
	}
	left, pagerHeight := k.checkInItems(items, title, sub)
	tail := 0
	if pagerHeight > 0 { // as high as the pager on the left, so the rows line up
		rows, tail = append(rows, minSized(layout.NewSpacer(), 0, pagerHeight)), 1
	}
	right := container.NewBorder(k.plain(k.t("PurposePromptOr"), theme.SizeNameText, theme.ColorNamePrimary), nil, nil, nil,
		newGrowRows(checkInRowMax, tail, rows...))
	return container.NewBorder(top, nil, nil, nil, container.NewGridWithColumns(2, left, right))
}

// purposeButtons is a grid of the purposes in cols columns, the last
// row padded so every button keeps the same width.
func (k *Kiosk) purposeButtons(cols int, h float32, size fyne.ThemeSizeName) fyne.CanvasObject {
	return grid(cols, k.purposeList(h, size))
}

// purposeList is one big button per visit purpose, in kiosk.Purposes order.
func (k *Kiosk) purposeList(h float32, size fyne.ThemeSizeName) []fyne.CanvasObject {
	buttons := make([]fyne.CanvasObject, 0, len(kiosk.Purposes))
	for _, p := range kiosk.Purposes {
		b := k.bigButton("purpose."+string(p), widget.HighImportance, func(ctx context.Context) { k.flow.Choose(ctx, p) },
			line{text: k.t(purposeIDs[p]), size: size, bold: true})
		buttons = append(buttons, minSized(b, 0, h))
	}
	return buttons
}

// checkInItems is a column of item buttons, as many rows as a page
// holds so they keep their size from page to page, with a pager when
// more wait; it returns the pager's height too, 0 for none.
func (k *Kiosk) checkInItems(items []CheckInItem, title, sub fyne.ThemeSizeName) (fyne.CanvasObject, float32) {
	cs := &k.flow.S.CheckIn
	size := k.flow.CheckInPageSize()
	from, to, page := PageBounds(cs.Page, len(items), size)
	cs.Page = page
	now := k.flow.now()
	objs := make([]fyne.CanvasObject, 0, size+1)
	for i := from; i < to; i++ {
		it := items[i]
		window := k.t("CheckInWindow", map[string]any{"Opens": it.Opens, "Closes": it.Closes})
		imp := widget.HighImportance
		if !it.Open(now) {
			imp = widget.MediumImportance
		}
		objs = append(objs, minSized(k.bigButton(fmt.Sprintf("checkin.%d", i), imp, func(ctx context.Context) { k.flow.CheckInItem(ctx, i) },
			line{text: k.itemTitle(it), size: title, bold: true},
			line{text: Span(it.Start, it.End) + " · " + window, size: sub}), 0, bigHeight))
	}
	for len(objs) < size {
		objs = append(objs, layout.NewSpacer())
	}
	tail, pagerHeight := 0, float32(0)
	pages := Pages(len(items), size)
	if pg := k.pager("checkin", page, pages, "", func(_ context.Context, d int) { turn(&cs.Page, d, pages) }); pg != nil {
		objs, tail, pagerHeight = append(objs, pg), 1, pg.MinSize().Height
	}
	prompt := k.plain(k.t("CheckInItemsPrompt"), theme.SizeNameText, theme.ColorNamePrimary)
	return container.NewBorder(prompt, nil, nil, nil, newGrowRows(checkInRowMax, tail, objs...)), pagerHeight
}

// itemTitle names a check-in item; a private appointment gets the
// neutral label, never its type or mentor.
func (k *Kiosk) itemTitle(it CheckInItem) string {
	lang := k.flow.S.Lang
	switch it.Kind {
	case ItemAppointment:
		label := k.t(mentorLabelID(it.Mentor))
		if n := it.Name.In(lang); n != "" && !it.Mentor.Private() {
			label += " · " + n
		}
		return label
	case ItemBooking:
		return k.t("ItemBooking", map[string]any{"Room": it.Name.In(lang)})
	}
	return k.t("ItemEvent", map[string]any{"Title": it.Name.In(lang)})
}

// location is "3号楼 · 5层" / "Building 3 · Floor 5"; parts the roster
// lacks are left out.
func (k *Kiosk) location(st *kiosk.Student) string {
	b := st.BuildingName.In(k.flow.S.Lang)
	switch {
	case b != "" && st.Floor > 0:
		return k.t("LocationBuildingFloor", map[string]any{"Building": b, "Floor": st.Floor})
	case st.Floor > 0:
		return k.t("LocationFloor", map[string]any{"Floor": st.Floor})
	default:
		return b
	}
}

// doneView confirms the check-in and says it will sync later.
func (k *Kiosk) doneView() fyne.CanvasObject {
	var what, when, id string
	late := ""
	switch {
	case k.flow.S.LastVisit != nil:
		v := k.flow.S.LastVisit
		id = v.ID
		when = k.t("CheckedInTime", map[string]any{"Time": v.At.Format("15:04")})
		what = k.t("CheckedInPurpose", map[string]any{"Purpose": k.t(purposeIDs[v.Purpose])})
	case k.flow.S.CheckIn.Done != nil:
		r := k.flow.S.CheckIn.Done
		id = r.EntityID
		when = k.t("CheckedInTime", map[string]any{"Time": r.At.Format("15:04")})
		what = k.itemTitle(r.Item) + " · " + Span(r.Item.Start, r.Item.End)
		if r.Tardy {
			late = k.t("Tardy", map[string]any{"Minutes": r.Late()})
		}
	default:
		return k.homeView()
	}
	name := ""
	if st := k.flow.S.Student; st != nil {
		name = st.MaskedName
	}
	text := block(fyne.TextAlignCenter,
		line{text: k.t("CheckedInTitle"), size: theme.SizeNameHeadingText, bold: true, col: theme.ColorNameSuccess},
		line{text: name, size: theme.SizeNameSubHeadingText, bold: true},
		line{text: when, size: theme.SizeNameSubHeadingText},
		line{text: what, size: theme.SizeNameSubHeadingText},
		line{text: late, size: theme.SizeNameSubHeadingText, bold: true, col: theme.ColorNameWarning},
		k.syncLine(id, "CheckedInPendingSync"),
	)
	return vcenter(text, k.doneRow())
}

// syncLine says where the confirmed entity id stands: saved here and
// waiting (pendingID's text), or, once central answered while the
// confirmation shows, synced.
func (k *Kiosk) syncLine(id, pendingID string) line {
	if k.flow.SyncedNow(id) {
		return line{text: k.t("SyncedToCentral"), size: theme.SizeNameText, col: theme.ColorNameSuccess}
	}
	return line{text: k.t(pendingID), size: theme.SizeNameText, col: theme.ColorNameWarning}
}

// doneRow is the big Done button that ends every flow.
func (k *Kiosk) doneRow() fyne.CanvasObject {
	done := k.bigButton("done", widget.HighImportance, func(context.Context) { k.flow.Home() },
		line{text: k.t("Done"), size: theme.SizeNameSubHeadingText, bold: true})
	return container.NewGridWithColumns(3, layout.NewSpacer(), minSized(done, 0, bigHeight), layout.NewSpacer())
}
