package ui

import (
	"context"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"onestop/kiosk"
)

// roomTypesView: the four kinds of room, "book now" and "my bookings";
// or, while booking is suspended for no-shows, the rule and when it
// lifts, with "my bookings" still there.
func (k *Kiosk) roomTypesView() fyne.CanvasObject {
	f := k.flow
	if !f.S.Room.Suspended.IsZero() {
		msg := para(k.msg(f.SuspendedMessage()), theme.SizeNameSubHeadingText, true, widget.DangerImportance)
		return k.screen(k.t("RoomsTitle"), "", vcenter(msg), k.action("rooms.mine", k.t("MyBookings"), widget.MediumImportance, f.OpenMyBookings))
	}
	cells := make([]fyne.CanvasObject, 0, len(kiosk.RoomTypes))
	for _, t := range kiosk.RoomTypes {
		cells = append(cells, k.choice("roomtype."+string(t), widget.HighImportance, bigHeight,
			func(ctx context.Context) { f.ChooseRoomType(ctx, t) }, k.t("RoomType."+string(t)), k.t("RoomTypeHint."+string(t))))
	}
	now := k.choice("rooms.now", widget.MediumImportance, bigHeight, f.BookNow, k.t("BookNow"),
		k.t("BookNowHint", map[string]any{"Minutes": int(f.Settings.Room.Slot.Minutes())}))
	mine := k.choice("rooms.mine", widget.MediumImportance, bigHeight, f.OpenMyBookings, k.t("MyBookings"), k.t("MyBookingsHint"))
	return k.screen(k.t("RoomsTitle"), k.t("RoomsHint", map[string]any{"Days": f.Settings.Room.WindowDays}),
		container.NewVBox(grid(2, cells), grid(2, []fyne.CanvasObject{now, mine})))
}

// roomListView: the rooms of the chosen type, four to a page.
func (k *Kiosk) roomListView() fyne.CanvasObject {
	f := k.flow
	rs := &f.S.Room
	from, to, page := PageBounds(rs.Page, len(rs.Rooms), RoomPageSize)
	rs.Page = page
	cells := make([]fyne.CanvasObject, 0, RoomPageSize)
	for _, r := range rs.Rooms[from:to] {
		cells = append(cells, k.choice("room."+r.ID, widget.HighImportance, bigHeight+24,
			func(ctx context.Context) { f.ChooseRoom(ctx, r.ID) }, r.Name.In(f.S.Lang), k.roomFacts(r)))
	}
	var content fyne.CanvasObject
	if len(cells) == 0 {
		content = para(k.t("RoomsNone"), theme.SizeNameSubHeadingText, false, widget.MediumImportance)
	} else {
		content = container.NewVBox(grid(2, cells))
	}
	pages := Pages(len(rs.Rooms), RoomPageSize)
	var actions []fyne.CanvasObject
	if pg := k.pager("rooms", page, pages, "", func(_ context.Context, d int) { turn(&rs.Page, d, pages) }); pg != nil {
		actions = append(actions, pg)
	}
	return k.screen(k.t("RoomListTitle", map[string]any{"Type": k.t("RoomType." + string(rs.Type))}), "", content, actions...)
}

// roomFacts is "8 人 · 投影仪、白板 · 明德楼 2层".
func (k *Kiosk) roomFacts(r kiosk.Room) string {
	parts := []string{k.t("Capacity", map[string]any{"N": r.Capacity})}
	if len(r.Facilities) > 0 {
		fs := make([]string, 0, len(r.Facilities))
		for _, c := range r.Facilities {
			fs = append(fs, k.facility(c))
		}
		parts = append(parts, strings.Join(fs, k.t("ListSep")))
	}
	if where := k.place(k.flow.roomPlace(r), r.Floor); where != "" {
		parts = append(parts, where)
	}
	return strings.Join(parts, " · ")
}

// facility translates a facility code; an unknown code shows as is.
func (k *Kiosk) facility(code string) string {
	id := "Facility." + code
	if s := k.t(id); s != id {
		return s
	}
	return code
}

// place is "明德楼 3层" / "Mingde Building · Floor 3".
func (k *Kiosk) place(building kiosk.LocalName, floor int) string {
	b := building.In(k.flow.S.Lang)
	switch {
	case b != "" && floor > 0:
		return k.t("LocationBuildingFloor", map[string]any{"Building": b, "Floor": floor})
	case floor > 0:
		return k.t("LocationFloor", map[string]any{"Floor": floor})
	}
	return b
}

// roomDayView: day pager, the grid of slots from opening to closing, and
// the length stepper with the booking button.
func (k *Kiosk) roomDayView() fyne.CanvasObject {
	f := k.flow
	rs := &f.S.Room
	if rs.Room == nil {
		return k.roomTypesView()
	}
	now := f.now()
	day := k.stepper("day", true, DayLabel(k.loc(), now, f.DayStart()), rs.Day > 0, rs.Day < f.Settings.Room.WindowDays,
		f.StepDay)
	cells := f.DayGrid()
	from, to, page := PageBounds(rs.GridPage, len(cells), GridPageSize)
	rs.GridPage = page
	objs := make([]fyne.CanvasObject, 0, GridPageSize)
	for _, c := range cells[from:to] {
		objs = append(objs, k.slotCell(c))
	}
	var gridBox fyne.CanvasObject = grid(GridColumns, objs)
	pages := Pages(len(cells), GridPageSize)
	if pg := k.pager("grid", page, pages, "", func(_ context.Context, d int) { turn(&rs.GridPage, d, pages) }); pg != nil {
		gridBox = container.NewBorder(nil, pg, nil, nil, gridBox)
	}
	slot := f.Settings.Room.Slot
	length := k.stepper("len", false, k.t("LengthLabel", map[string]any{"Length": Length(k.loc(), slot*time.Duration(rs.Slots))}),
		rs.Slots > 1, !rs.Start.IsZero() && rs.Slots < f.MaxSlots(), func(_ context.Context, d int) { f.StepLength(d) })
	choice := k.t("ChooseStart")
	var book func(context.Context)
	if !rs.Start.IsZero() {
		choice = k.t("ChosenTime", map[string]any{"Day": Date(k.loc(), rs.Start), "Span": Span(rs.Start, f.ChosenEnd())})
		book = f.BookRoom
	}
	summary := label(choice, theme.SizeNameText, true, widget.MediumImportance)
	summary.Truncation = fyne.TextTruncateEllipsis
	bottom := container.NewGridWithColumns(3, length, vcenter(summary), k.action("room.book", k.t("BookRoom"), widget.HighImportance, book))
	return container.NewBorder(k.gridHead(rs.Room.Name.In(f.S.Lang)+" · "+k.place(f.roomPlace(*rs.Room), rs.Room.Floor), day),
		bottom, nil, nil, container.NewVBox(gridBox))
}

// gridHead is the top of the grid screens: the title beside the pager,
// then any error or notice. One row instead of two keeps the grid on a
// 1280×800 screen in large text.
func (k *Kiosk) gridHead(title string, pager fyne.CanvasObject) fyne.CanvasObject {
	l := label(title, theme.SizeNameSubHeadingText, true, widget.MediumImportance)
	l.Truncation = fyne.TextTruncateEllipsis
	head := container.NewGridWithColumns(2, vcenter(l), pager)
	if msgs := k.messageLines(); len(msgs) > 0 {
		return container.NewVBox(head, block(fyne.TextAlignLeading, msgs...))
	}
	return head
}

// slotCell is one slot of the day grid: its time and whether it is free,
// taken, past or chosen. Only free and chosen ones can be tapped.
func (k *Kiosk) slotCell(c GridSlot) fyne.CanvasObject {
	th := k.app.Settings().Theme()
	v := k.app.Settings().ThemeVariant()
	name := "slot." + c.Start.Format("1504")
	stateID := map[SlotState]string{SlotFree: "SlotFree", SlotTaken: "SlotTaken", SlotPast: "SlotPast", SlotChosen: "SlotChosen"}[c.State]
	imp := widget.MediumImportance
	var fn func(context.Context)
	var tint color.Color = color.Transparent
	switch c.State {
	case SlotFree:
		fn = func(context.Context) { k.flow.PickSlot(c.Start) }
	case SlotChosen:
		imp, fn = widget.HighImportance, func(context.Context) { k.flow.PickSlot(c.Start) }
	case SlotTaken:
		tint = withAlpha(th.Color(theme.ColorNameError, v), 0x40)
	}
	state := line{text: k.t(stateID), size: theme.SizeNameCaptionText}
	if c.State == SlotTaken {
		state.col, state.bold = theme.ColorNameError, true
	}
	lines := []line{{text: c.Start.Format("15:04"), size: theme.SizeNameText, bold: true}, state}
	if k.flow.S.Large { // one line: the state shows as colour and whether it can be tapped
		lines = []line{{text: c.Start.Format("15:04"), size: theme.SizeNameCaptionText, bold: true}}
	}
	cell := k.cellButton(name, imp, fn, lines...)
	over := canvas.NewRectangle(tint) // over the button: a disabled button paints its own ground
	over.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	return minSized(container.NewStack(cell, over), 0, tapHeight)
}

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}

// roomNowView proposes the first free room from the next slot; one tap
// books it.
func (k *Kiosk) roomNowView() fyne.CanvasObject {
	f := k.flow
	rs := &f.S.Room
	if rs.Now == nil || rs.NowRoom == nil {
		return k.roomTypesView()
	}
	r := *rs.NowRoom
	text := block(fyne.TextAlignCenter,
		line{text: r.Name.In(f.S.Lang), size: theme.SizeNameHeadingText, bold: true},
		line{text: k.t("RoomType." + string(r.Type)), size: theme.SizeNameSubHeadingText},
		line{text: DayLabel(k.loc(), f.now(), rs.Now.Start) + " " + Span(rs.Now.Start, rs.Now.End), size: theme.SizeNameSubHeadingText, bold: true},
		line{text: k.roomFacts(r), size: theme.SizeNameText})
	confirm := k.action("now.confirm", k.t("BookNowConfirm"), widget.HighImportance, f.ConfirmBookNow)
	return k.screen(k.t("BookNowTitle"), "", vcenter(text), confirm)
}

// roomDoneView confirms a booking with its check-in window and the
// no-show rule, says it is waiting to sync, and shows a QR code that
// opens the booking (and its "add to calendar") on the phone.
func (k *Kiosk) roomDoneView() fyne.CanvasObject {
	f := k.flow
	rs := &f.S.Room
	b := rs.Booked
	if b == nil || rs.Room == nil {
		return k.homeView()
	}
	r := f.Settings.Room
	opens, closes := r.CheckInWindow(*b)
	text := block(fyne.TextAlignLeading,
		line{text: k.t("BookedTitle"), size: theme.SizeNameHeadingText, bold: true, col: theme.ColorNameSuccess},
		line{text: rs.Room.Name.In(f.S.Lang) + " · " + k.place(f.roomPlace(*rs.Room), rs.Room.Floor), size: theme.SizeNameSubHeadingText, bold: true},
		line{text: DayLabel(k.loc(), f.now(), b.Start) + " " + Span(b.Start, b.End), size: theme.SizeNameSubHeadingText, bold: true},
		line{text: k.t("BookedCheckIn", map[string]any{"Opens": opens.Format("15:04"), "Closes": closes.Format("15:04")}), size: theme.SizeNameText},
		line{text: k.t("BookedNoShowRule", map[string]any{"NoShows": r.NoShowLimit, "Days": int(r.NoShowPeriod.Hours() / 24),
			"SuspendDays": int(r.Suspension.Hours() / 24)}), size: theme.SizeNameText},
		k.syncLine(b.ID, "PendingSync"))
	qr := k.qrWithCaption(f.Settings.PublicURL+"/b/"+b.ID, "QRBooking")
	return container.NewBorder(nil, k.doneRow(), nil, qr, vcenter(text))
}
