package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"onestop/kiosk"
)

// sectionIDs name the board's sections and their tab buttons.
var sectionIDs = map[BoardSection]struct{ button, text string }{
	BoardWaiting:  {"board.waiting", "BoardWaiting"},
	BoardRooms:    {"board.rooms", "BoardRooms"},
	BoardRequests: {"board.requests", "BoardRequests"},
	BoardVisits:   {"board.visits", "BoardVisits"},
	BoardEvents:   {"board.events", "BoardEvents"},
}

// boardView is today's board: a tab per section with its count, the
// section's rows a page at a time, and the last queue mark's undo.
func (k *Kiosk) boardView() fyne.CanvasObject {
	f := k.flow
	ds := &f.S.Desk
	tabs := make([]fyne.CanvasObject, 0, len(BoardSections))
	for _, s := range BoardSections {
		id := sectionIDs[s]
		imp := widget.MediumImportance
		if s == ds.Section {
			imp = widget.HighImportance
		}
		s := s
		text := k.t(id.text, map[string]any{"Count": f.SectionLen(s)})
		tabs = append(tabs, k.action(id.button, text, imp, func(context.Context) { f.ShowSection(s) }))
	}
	size := f.BoardPageSize()
	n := f.SectionLen(ds.Section)
	from, to, page := PageBounds(ds.Page, n, size)
	var rows []fyne.CanvasObject
	switch ds.Section {
	case BoardWaiting:
		rows = k.waitingRows(from, to)
	case BoardRooms:
		rows = k.roomRows(from, to)
	case BoardRequests:
		rows = k.requestRows(from, to)
	case BoardVisits:
		rows = k.visitRows(from, to)
	case BoardEvents:
		rows = k.eventRows(from, to)
	}
	if len(rows) == 0 {
		rows = append(rows, k.plain(k.t("BoardEmpty"), theme.SizeNameSubHeadingText, theme.ColorNameDisabled))
	}
	// The pager always shows, with how fresh the board is.
	pageText := k.t("PageOf", map[string]any{"N": page + 1, "Total": Pages(n, size)}) + " · " +
		k.t("BoardUpdated", map[string]any{"Time": ds.Board.At.Format("15:04")})
	rows = append(rows, k.pager("board", page, Pages(n, size), pageText, func(_ context.Context, d int) { f.TurnBoard(d) }))
	head := []fyne.CanvasObject{container.NewGridWithColumns(len(tabs), tabs...)}
	if ds.LastMark != nil {
		m := ds.LastMark
		who := m.Student
		if who == "" {
			who = k.t(kiosk.MsgDeskPersonal)
		}
		undo := k.button("queue.undo", k.t("QueueUndo"), widget.MediumImportance, f.UndoMark)
		note := k.plain(k.t(queueLabel(m.To), map[string]any{"Student": who}), theme.SizeNameText, theme.ColorNameSuccess)
		head = append(head, k.row(note, minSized(undo, 160, tapHeight)))
	}
	if lines := k.messageLines(); len(lines) > 0 {
		head = append(head, block(fyne.TextAlignLeading, lines...))
	}
	return container.NewBorder(container.NewVBox(head...), nil, nil, nil, newGrowRows(bigHeight, 1, rows...))
}

// rowText is a row's two lines: what, bold, and its detail.
func rowText(title, detail string, col fyne.ThemeColorName) fyne.CanvasObject {
	return block(fyne.TextAlignLeading,
		line{text: title, size: theme.SizeNameText, bold: true},
		line{text: detail, size: theme.SizeNameText, col: col})
}

// waitingRows: each arrived student, with whom and since when, and the
// queue moves that apply to where they stand.
func (k *Kiosk) waitingRows(from, to int) []fyne.CanvasObject {
	f := k.flow
	now := f.now()
	var rows []fyne.CanvasObject
	for i, w := range f.S.Desk.Board.Waiting[from:to] {
		i += from
		who := w.Student
		if w.Personal {
			who = k.t(kiosk.MsgDeskPersonal)
		}
		title := k.t("BoardWaitingRow", map[string]any{"Mentor": w.MentorName, "Student": who,
			"Slot": Span(w.Appointment.Start, w.Appointment.End)})
		mins := int(now.Sub(w.Since).Minutes())
		detail := k.t("BoardWaitingSince", map[string]any{"Since": w.Since.Format("15:04"), "Minutes": max(mins, 0)})
		col := fyne.ThemeColorName(theme.ColorNameForeground)
		if w.Appointment.Queue == kiosk.QueueWithMentor {
			detail, col = k.t("BoardWithMentor"), theme.ColorNameSuccess
		}
		id := w.Appointment.ID
		mark := func(q kiosk.AppointmentQueue) func(context.Context) {
			return func(ctx context.Context) { f.MarkQueue(ctx, id, q) }
		}
		var buttons []fyne.CanvasObject
		if w.Appointment.Queue == kiosk.QueueWithMentor {
			buttons = append(buttons, minSized(k.button(name("queue.wait", i), k.t("QueueWait"), widget.MediumImportance, mark(kiosk.QueueWaiting)), 180, tapHeight))
		} else {
			buttons = append(buttons, minSized(k.button(name("queue.with", i), k.t("QueueWith"), widget.HighImportance, mark(kiosk.QueueWithMentor)), 180, tapHeight))
		}
		buttons = append(buttons, minSized(k.button(name("queue.left", i), k.t("QueueLeft"), widget.MediumImportance, mark(kiosk.QueueLeft)), 180, tapHeight))
		rows = append(rows, k.row(rowText(title, detail, col), buttons...))
	}
	return rows
}

// roomRows: bookings starting now and not checked in yet, then today's
// no-shows.
func (k *Kiosk) roomRows(from, to int) []fyne.CanvasObject {
	b := &k.flow.S.Desk.Board
	all := append(append([]kiosk.Booking{}, b.RoomsNow...), b.NoShows...)
	var rows []fyne.CanvasObject
	for i, bk := range all[from:to] {
		room := k.flow.S.Desk.Rooms[bk.RoomID].Name.In(k.flow.S.Lang)
		if room == "" {
			room = bk.RoomID
		}
		detail, col := k.t("BoardRoomNow"), fyne.ThemeColorName(theme.ColorNamePrimary)
		if from+i >= len(b.RoomsNow) {
			detail, col = k.t("BoardNoShow"), theme.ColorNameWarning
		}
		rows = append(rows, k.row(rowText(room+" · "+Span(bk.Start, bk.End), detail, col)))
	}
	return rows
}

// requestRows: requests submitted in the hall today, newest first.
func (k *Kiosk) requestRows(from, to int) []fyne.CanvasObject {
	var rows []fyne.CanvasObject
	for _, r := range k.flow.S.Desk.Board.Requests[from:to] {
		title := fmt.Sprintf("%s %s · %s", r.SubmittedAt.Format("15:04"), k.t(categoryLabelID(r.Category)), r.Ticket)
		rows = append(rows, k.row(rowText(title, k.t("ReqStatus."+string(r.Status)), theme.ColorNamePrimary)))
	}
	return rows
}

// visitRows: walk-ins per hour of the day, by purpose.
func (k *Kiosk) visitRows(from, to int) []fyne.CanvasObject {
	var rows []fyne.CanvasObject
	for _, h := range VisitHours(k.flow.S.Desk.Board.Visits)[from:to] {
		parts := make([]string, 0, len(h.Counts))
		for _, c := range h.Counts {
			parts = append(parts, k.t("BoardVisitCount", map[string]any{"Purpose": k.t(purposeIDs[c.Purpose]), "Count": c.Count}))
		}
		title := k.t("BoardVisitHour", map[string]any{"From": fmt.Sprintf("%02d:00", h.Hour),
			"To": fmt.Sprintf("%02d:00", (h.Hour+1)%24), "Total": h.Total})
		rows = append(rows, k.row(rowText(title, strings.Join(parts, " · "), theme.ColorNameForeground)))
	}
	return rows
}

// eventRows: events running now with their attendance so far.
func (k *Kiosk) eventRows(from, to int) []fyne.CanvasObject {
	var rows []fyne.CanvasObject
	for _, e := range k.flow.S.Desk.Board.Events[from:to] {
		title := e.Event.Title.In(k.flow.S.Lang) + " · " + Span(e.Event.Start, e.Event.End)
		rows = append(rows, k.row(rowText(title, k.t("BoardEventCount", map[string]any{"Count": e.Attended}), theme.ColorNamePrimary)))
	}
	return rows
}
