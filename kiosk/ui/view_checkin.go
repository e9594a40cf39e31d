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

// purposeView: welcome with the masked name and home building, what the
// student can check in to now (appointments, bookings, events; one tap
// each), then one big button per visit purpose.
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
		lines = append(lines, line{text: k.location(st), size: theme.SizeNameSubHeadingText})
	}
	lines = append(lines, k.messageLines()...)
	var mid fyne.CanvasObject
	if len(items) > 0 {
		mid = k.checkInItems(items)
	}
	prompt := block(fyne.TextAlignLeading, line{text: k.t("PurposePrompt"), size: theme.SizeNameSubHeadingText, bold: true, col: theme.ColorNamePrimary})
	return container.NewBorder(block(fyne.TextAlignLeading, lines...), container.NewVBox(prompt, k.purposeButtons(len(items) > 0)), nil, nil, mid)
}

func (k *Kiosk) purposeButtons(compact bool) fyne.CanvasObject {
	h, cols := bigHeight, 3
	if compact { // items take the room; purposes go on one row
		h, cols = tapHeight+16, len(kiosk.Purposes)
	}
	buttons := make([]fyne.CanvasObject, 0, len(kiosk.Purposes))
	for _, p := range kiosk.Purposes {
		b := k.bigButton("purpose."+string(p), widget.HighImportance, func(ctx context.Context) { k.flow.Choose(ctx, p) },
			line{text: k.t(purposeIDs[p]), size: theme.SizeNameSubHeadingText, bold: true})
		buttons = append(buttons, minSized(b, 0, h))
	}
	return container.NewGridWithColumns(cols, buttons...)
}

// checkInItems is one row of item buttons with a pager when more wait.
func (k *Kiosk) checkInItems(items []CheckInItem) fyne.CanvasObject {
	cs := &k.flow.S.CheckIn
	from, to, page := PageBounds(cs.Page, len(items), CheckInPageSize)
	cs.Page = page
	now := k.flow.now()
	cells := make([]fyne.CanvasObject, 0, CheckInPageSize)
	for i := from; i < to; i++ {
		it := items[i]
		window := k.t("CheckInWindow", map[string]any{"Opens": it.Opens, "Closes": it.Closes})
		imp := widget.HighImportance
		if !it.Open(now) {
			imp = widget.MediumImportance
		}
		cells = append(cells, k.choice(fmt.Sprintf("checkin.%d", i), imp, bigHeight, func(ctx context.Context) { k.flow.CheckInItem(ctx, i) },
			k.itemTitle(it), Span(it.Start, it.End)+" · "+window))
	}
	head := block(fyne.TextAlignLeading, line{text: k.t("CheckInItemsPrompt"), size: theme.SizeNameSubHeadingText, bold: true, col: theme.ColorNamePrimary})
	pg := k.pager("checkin", page, Pages(len(items), CheckInPageSize), "", func(_ context.Context, d int) {
		turn(&cs.Page, d, Pages(len(items), CheckInPageSize))
	})
	row := grid(CheckInPageSize, cells)
	if pg != nil {
		row = container.NewBorder(nil, nil, nil, container.NewVBox(pg), row)
	}
	return container.NewVBox(head, row)
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
	var what, when string
	late := ""
	switch {
	case k.flow.S.LastVisit != nil:
		v := k.flow.S.LastVisit
		when = k.t("CheckedInTime", map[string]any{"Time": v.At.Format("15:04")})
		what = k.t("CheckedInPurpose", map[string]any{"Purpose": k.t(purposeIDs[v.Purpose])})
	case k.flow.S.CheckIn.Done != nil:
		r := k.flow.S.CheckIn.Done
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
		line{text: k.t("CheckedInPendingSync"), size: theme.SizeNameText},
	)
	return vcenter(text, k.doneRow())
}

// doneRow is the big Done button that ends every flow.
func (k *Kiosk) doneRow() fyne.CanvasObject {
	done := k.bigButton("done", widget.HighImportance, func(context.Context) { k.flow.Home() },
		line{text: k.t("Done"), size: theme.SizeNameSubHeadingText, bold: true})
	return container.NewGridWithColumns(3, layout.NewSpacer(), minSized(done, 0, bigHeight), layout.NewSpacer())
}
