package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"onestop/kiosk"
)

// categoryView is the category picker, each with its answer deadline.
func (k *Kiosk) categoryView() fyne.CanvasObject {
	f := k.flow
	cells := make([]fyne.CanvasObject, 0, len(kiosk.RequestCategories))
	for _, c := range kiosk.RequestCategories {
		imp := widget.HighImportance
		if c == kiosk.CategorySafety {
			imp = widget.DangerImportance
		}
		title, sub := theme.SizeNameSubHeadingText, theme.SizeNameText
		if f.S.Large { // eight tiles must fit 1280×800
			title, sub = theme.SizeNameText, theme.SizeNameCaptionText
		}
		cells = append(cells, minSized(k.bigButton("reqcat."+string(c), imp, func(context.Context) { f.ChooseCategory(c) },
			line{text: k.t("ReqCat." + string(c)), size: title, bold: true},
			line{text: k.t("SLAHint", map[string]any{"Length": Length(k.loc(), f.Settings.SLA.For(c))}), size: sub}), 0, bigHeight))
	}
	mine := k.action("req.mine", k.t("MyRequests"), widget.MediumImportance, f.OpenMyRequests)
	return k.screen(k.t("RequestTitle"), k.t("RequestHint"), container.NewVBox(grid(4, cells)), mine)
}

// placeView: building and floor steppers defaulting to the student's
// own, the optional room number on the keypad.
func (k *Kiosk) placeView() fyne.CanvasObject {
	f := k.flow
	rq := &f.S.Req
	bs := f.PlaceBuildings()
	b, _ := f.building(rq.Building)
	bld := k.stepper("bld", true, b.Name.In(f.S.Lang), len(bs) > 1, len(bs) > 1, func(_ context.Context, d int) { f.StepBuilding(d) })
	floor := k.stepper("floor", false, k.t("LocationFloor", map[string]any{"Floor": rq.Floor}), rq.Floor > 1, rq.Floor < f.TopFloor(),
		func(_ context.Context, d int) { f.StepFloor(d) })
	lines := []line{{text: k.t("PlaceTitle"), size: theme.SizeNameSubHeadingText, bold: true}}
	lines = append(lines, k.messageLines()...)
	left := container.NewVBox(block(fyne.TextAlignLeading, lines...),
		k.fieldLabel("PlaceBuilding"), bld, k.fieldLabel("PlaceFloor"), floor,
		k.fieldLabel("PlaceRoom"), k.inputBox(rq.Room, k.t("PlaceRoomPlaceholder")))
	pad := k.keypad(f.RoomDigit, f.RoomClear, f.RoomBackspace, func(context.Context) { f.PlaceDone() }, k.t("Next"))
	return container.NewGridWithColumns(2, left, pad)
}

func (k *Kiosk) fieldLabel(id string) fyne.CanvasObject {
	return k.plain(k.t(id), theme.SizeNameCaptionText, theme.ColorNameForeground)
}

// presetsView: the category's descriptions, tap to select several.
func (k *Kiosk) presetsView() fyne.CanvasObject {
	f := k.flow
	rq := &f.S.Req
	ids := kiosk.RequestPresets[rq.Category]
	cells := make([]fyne.CanvasObject, 0, len(ids))
	for _, id := range ids {
		imp, text := widget.MediumImportance, k.t("Preset."+id)
		if slices.Contains(rq.Presets, id) {
			imp, text = widget.HighImportance, "√ "+text
		}
		cells = append(cells, k.choice("preset."+id, imp, tapHeight+8, func(context.Context) { f.TogglePreset(id) }, text, ""))
	}
	next := k.action("req.next", k.t("Next"), widget.HighImportance, func(context.Context) { f.PresetsDone() })
	return k.screen(k.t("PresetsTitle"), k.t("PresetsHint"), container.NewVBox(grid(2, cells)), next)
}

// contactView: how the student wants to hear back.
func (k *Kiosk) contactView() fyne.CanvasObject {
	f := k.flow
	cells := make([]fyne.CanvasObject, 0, len(kiosk.ContactPrefs))
	for _, c := range kiosk.ContactPrefs {
		imp := widget.HighImportance
		if f.S.Req.Contact == c {
			imp = widget.SuccessImportance
		}
		cells = append(cells, k.choice("contact."+string(c), imp, bigHeight,
			func(context.Context) { f.ChooseContact(c) }, k.t("Contact."+string(c)), k.t("ContactHint."+string(c))))
	}
	return k.screen(k.t("ContactTitle"), "", container.NewVBox(grid(2, cells)))
}

// requestPlace is "明德楼 5层 512".
func (k *Kiosk) requestPlace(buildingID string, floor int, room string) string {
	b, _ := k.flow.building(buildingID)
	p := k.place(b.Name, floor)
	if room != "" {
		p += " " + k.t("RoomNumber", map[string]any{"Room": room})
	}
	return p
}

func (k *Kiosk) presetList(ids []string) string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, k.t("Preset."+id))
	}
	return strings.Join(out, k.t("ListSep"))
}

// reviewView shows everything once more before it is sent.
func (k *Kiosk) reviewView() fyne.CanvasObject {
	f := k.flow
	d := f.Draft()
	sla := f.Settings.SLA.For(d.Category)
	text := block(fyne.TextAlignLeading,
		line{text: k.t("ReviewCategory", map[string]any{"Category": k.t(categoryLabelID(d.Category))}), size: theme.SizeNameText, bold: true},
		line{text: k.t("ReviewPlace", map[string]any{"Place": k.requestPlace(d.BuildingID, d.Floor, d.Room)}), size: theme.SizeNameText},
		line{text: k.t("ReviewPresets", map[string]any{"Presets": k.presetList(d.Presets)}), size: theme.SizeNameText},
		line{text: k.t("ReviewContact", map[string]any{"Contact": k.t("Contact." + string(d.Contact))}), size: theme.SizeNameText},
		line{text: k.t("ReviewDeadline", map[string]any{"Length": Length(k.loc(), sla), "Due": f.now().Add(sla)}), size: theme.SizeNameText, bold: true, col: theme.ColorNamePrimary})
	submit := k.action("req.submit", k.t("Submit"), widget.HighImportance, f.SubmitRequest)
	return k.screen(k.t("ReviewTitle"), "", text, submit)
}

// requestDoneView is the receipt: ticket, deadline and the QR code of
// the status page where the student adds text and photos on the phone.
func (k *Kiosk) requestDoneView() fyne.CanvasObject {
	f := k.flow
	r := f.S.Req.Submitted
	if r == nil {
		return k.homeView()
	}
	text := block(fyne.TextAlignLeading,
		line{text: k.t("RequestSubmittedTitle"), size: theme.SizeNameHeadingText, bold: true, col: theme.ColorNameSuccess},
		line{text: k.t("Ticket", map[string]any{"Ticket": r.Ticket}), size: theme.SizeNameHeadingText, bold: true},
		line{text: k.t("DueBy", map[string]any{"Due": r.DueAt}), size: theme.SizeNameSubHeadingText, bold: true},
		line{text: k.t("ReviewCategory", map[string]any{"Category": k.t(categoryLabelID(r.Category))}), size: theme.SizeNameText},
		k.syncLine(r.ID, "PendingSync"))
	qr := k.qrWithCaption(f.Settings.PublicURL+"/r/"+r.Token, "QRRequest")
	return container.NewBorder(nil, k.doneRow(), nil, qr, vcenter(text))
}

// requestSummary is one line of my requests: ticket, category, status,
// deadline and the overdue flag.
func (k *Kiosk) requestSummary(r kiosk.Request) string {
	parts := []string{r.Ticket, k.t(categoryLabelID(r.Category)), k.t("ReqStatus." + string(r.Status))}
	if r.Status.Open() {
		parts = append(parts, k.t("DueBy", map[string]any{"Due": r.DueAt}))
	}
	if r.Overdue(k.flow.now()) {
		parts = append(parts, k.t("Overdue"))
	}
	return strings.Join(parts, " · ")
}

// myRequestsView lists the student's requests; details need the PIN
// unless they scanned a card or QR.
func (k *Kiosk) myRequestsView() fyne.CanvasObject {
	f := k.flow
	rq := &f.S.Req
	from, to, page := PageBounds(rq.Page, len(rq.Mine), RequestPageSize)
	rq.Page = page
	rows := make([]fyne.CanvasObject, 0, RequestPageSize)
	for i := from; i < to; i++ {
		r := rq.Mine[i]
		imp := widget.MediumImportance
		if r.Overdue(f.now()) {
			imp = widget.DangerImportance
		}
		l := label(k.requestSummary(r), theme.SizeNameText, false, imp)
		l.Truncation = fyne.TextTruncateEllipsis
		detail := k.action(fmt.Sprintf("req.detail.%d", i), k.t("Details"), widget.MediumImportance,
			func(ctx context.Context) { f.RequestDetails(ctx, r.ID) })
		rows = append(rows, container.NewBorder(nil, nil, nil, detail, vcenter(l)))
	}
	var content fyne.CanvasObject = container.NewVBox(rows...)
	if len(rows) == 0 {
		content = para(k.t("MyRequestsNone"), theme.SizeNameSubHeadingText, false, widget.MediumImportance)
	}
	pages := Pages(len(rq.Mine), RequestPageSize)
	var actions []fyne.CanvasObject
	if pg := k.pager("reqs", page, pages, "", func(_ context.Context, d int) { turn(&rq.Page, d, pages) }); pg != nil {
		actions = append(actions, pg)
	}
	return k.screen(k.t("MyRequests"), "", content, actions...)
}

// requestDetailView: place, descriptions, status and handlers' notes;
// a resolved request asks how well it was solved and for stars.
func (k *Kiosk) requestDetailView() fyne.CanvasObject {
	f := k.flow
	r := f.DetailRequest()
	if r == nil {
		return k.myRequestsView()
	}
	lines := []line{
		{text: k.requestSummary(*r), size: theme.SizeNameText, bold: true},
		{text: k.t("ReviewPlace", map[string]any{"Place": k.requestPlace(r.BuildingID, r.Floor, r.Room)}), size: theme.SizeNameText},
		{text: k.t("ReviewPresets", map[string]any{"Presets": k.presetList(r.Presets)}), size: theme.SizeNameText},
	}
	notes := r.Notes
	if len(notes) > 2 {
		notes = notes[len(notes)-2:] // the latest; the phone page has all
	}
	for _, n := range notes {
		lines = append(lines, line{text: k.t("Note", map[string]any{"At": n.At, "Status": k.t("ReqStatus." + string(n.Status)), "Text": n.Text}), size: theme.SizeNameText})
	}
	text := block(fyne.TextAlignLeading, lines...)
	if r.Status != kiosk.RequestResolved {
		return k.screen(k.t("RequestDetailTitle", map[string]any{"Ticket": r.Ticket}), "", text)
	}
	submit := k.action("rate.submit", k.t("RateSubmit"), widget.HighImportance, f.RateRequest)
	return k.screen(k.t("RequestDetailTitle", map[string]any{"Ticket": r.Ticket}), "",
		container.NewGridWithColumns(2, text, k.ratingBox()), submit)
}

// ratingBox: solved / partly / not solved, then one to five stars.
func (k *Kiosk) ratingBox() fyne.CanvasObject {
	f := k.flow
	rq := &f.S.Req
	outcomes := make([]fyne.CanvasObject, 0, 3)
	for _, o := range []kiosk.Outcome{kiosk.OutcomeSolved, kiosk.OutcomePartly, kiosk.OutcomeNotSolved} {
		imp := widget.MediumImportance
		if rq.Outcome == o {
			imp = widget.HighImportance
		}
		outcomes = append(outcomes, k.choice("outcome."+string(o), imp, tapHeight, func(context.Context) { f.ChooseOutcome(o) },
			"", k.t("Outcome."+string(o))))
	}
	stars := make([]fyne.CanvasObject, 0, 5)
	for n := 1; n <= 5; n++ {
		imp, text := widget.MediumImportance, "☆"
		if n <= rq.Stars {
			imp, text = widget.HighImportance, "★"
		}
		stars = append(stars, k.action(fmt.Sprintf("star.%d", n), text, imp, func(context.Context) { f.ChooseStars(n) }))
	}
	prompt := block(fyne.TextAlignLeading, line{text: k.t("RatePrompt"), size: theme.SizeNameText, bold: true, col: theme.ColorNamePrimary})
	return container.NewVBox(prompt, container.NewGridWithColumns(3, outcomes...), container.NewGridWithColumns(5, stars...))
}
