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

// myBookingsView: the student's upcoming room bookings, each with its
// time, room, status and sync state, a page at a time; Cancel where the
// booking has not started.
func (k *Kiosk) myBookingsView() fyne.CanvasObject {
	f := k.flow
	rs := &f.S.Room
	size := f.MyBookingsPageSize()
	from, to, page := PageBounds(rs.MinePage, len(rs.Mine), size)
	rs.MinePage = page
	rows := make([]fyne.CanvasObject, 0, size)
	for i := from; i < to; i++ {
		b := rs.Mine[i]
		var cancel fyne.CanvasObject
		if f.CanCancelBooking(b) {
			cancel = k.action(fmt.Sprintf("bk.cancel.%d", i), k.t("Cancel"), widget.DangerImportance,
				func(ctx context.Context) { f.CancelBooking(ctx, b.ID) })
		}
		rows = append(rows, container.NewBorder(nil, nil, nil, cancel, vcenter(k.bookingLines(b))))
	}
	var content fyne.CanvasObject = container.NewVBox(rows...)
	if len(rows) == 0 {
		content = para(k.t("MyBookingsNone"), theme.SizeNameSubHeadingText, false, widget.MediumImportance)
	}
	pages := Pages(len(rs.Mine), size)
	var actions []fyne.CanvasObject
	if pg := k.pager("bks", page, pages, "", func(_ context.Context, d int) { turn(&rs.MinePage, d, pages) }); pg != nil {
		actions = append(actions, pg)
	}
	return k.screen(k.t("MyBookingsTitle"), "", content, actions...)
}

// bookingLines is a booking in two lines: when, then room, status and
// sync state; red when central did not accept it.
func (k *Kiosk) bookingLines(b kiosk.Booking) fyne.CanvasObject {
	parts := []string{k.bookingRoom(b), k.t("BookingStatus." + string(b.Status))}
	if s := syncIDs[b.SyncState]; s != "" {
		parts = append(parts, k.t(s))
	}
	col := fyne.ThemeColorName("")
	if b.SyncState == kiosk.OutboxRejected || b.SyncState == kiosk.OutboxConflict {
		col = theme.ColorNameError
	}
	return block(fyne.TextAlignLeading,
		line{text: DayLabel(k.loc(), k.flow.now(), b.Start) + " " + Span(b.Start, b.End), size: theme.SizeNameText, bold: true},
		line{text: strings.Join(parts, " · "), size: theme.SizeNameText, col: col})
}

// bookingRoom names a booking's room, or says "room" when it is gone.
func (k *Kiosk) bookingRoom(b kiosk.Booking) string {
	if n := k.flow.S.Room.MineRooms[b.RoomID].Name.In(k.flow.S.Lang); n != "" {
		return n
	}
	return k.t("RecordBooking")
}

// cancelBookingView asks for confirmation; cancelling before the start
// is always free.
func (k *Kiosk) cancelBookingView() fyne.CanvasObject {
	f := k.flow
	b := f.S.Room.Cancel
	if b == nil {
		return k.myBookingsView()
	}
	where := k.bookingRoom(*b)
	if r, ok := f.S.Room.MineRooms[b.RoomID]; ok {
		where = strings.Join(nonEmpty(where, k.place(f.roomPlace(r), r.Floor)), " · ")
	}
	text := block(fyne.TextAlignCenter,
		line{text: where, size: theme.SizeNameHeadingText, bold: true},
		line{text: DayLabel(k.loc(), f.now(), b.Start) + " " + Span(b.Start, b.End), size: theme.SizeNameSubHeadingText, bold: true},
		line{text: k.t("CancelBookingFree"), size: theme.SizeNameSubHeadingText})
	confirm := k.action("bk.confirm", k.t("CancelConfirm"), widget.DangerImportance, f.ConfirmCancelBooking)
	return k.screen(k.t("CancelBookingTitle"), "", vcenter(text), confirm)
}
