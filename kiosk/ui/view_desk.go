package ui

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"onestop/kiosk"
)

// deskOffer is the welcome's desk entry for a volunteer; nil for
// everyone else, so no other student sees that a desk exists.
func (k *Kiosk) deskOffer() fyne.CanvasObject {
	if !k.flow.DeskOffered() {
		return nil
	}
	return k.choice("desk.open", widget.WarningImportance, tapHeight,
		func(context.Context) { k.flow.OpenDesk() }, "", k.t("DeskOffer"))
}

// deskPINView asks the volunteer for their PIN.
func (k *Kiosk) deskPINView() fyne.CanvasObject {
	f := k.flow
	return k.pinScreen(k.t("DeskPINTitle"), k.t("DeskPINPrompt"), f.S.Desk.PIN,
		f.DeskPINDigit, f.DeskPINClear, f.DeskPINBackspace, f.SubmitDeskPIN)
}

// correctionView asks a volunteer who forgot to clock out when they
// left, within the capped shift.
func (k *Kiosk) correctionView() fyne.CanvasObject {
	f := k.flow
	c := f.S.Desk.Correction
	left := k.stepper("corr", false, k.t("DeskCorrectionLeft", map[string]any{"Time": f.S.Desk.Left}),
		f.CanStepCorrection(-1), f.CanStepCorrection(1), func(_ context.Context, d int) { f.StepCorrection(d) })
	content := container.NewVBox(layout.NewSpacer(), left, layout.NewSpacer())
	return k.screen(k.t("DeskCorrectionTitle"),
		k.t("DeskCorrectionPrompt", map[string]any{"Start": c.Start, "End": c.End}), content,
		k.action("corr.later", k.t("DeskCorrectionLater"), widget.MediumImportance, f.SkipCorrection),
		k.action("corr.confirm", k.t("DeskCorrectionSave"), widget.HighImportance, f.SubmitCorrection))
}

// deskView is the desk's home: the shift with its hours, and the
// desk's three services.
func (k *Kiosk) deskView() fyne.CanvasObject {
	f := k.flow
	ds := &f.S.Desk
	var status string
	var shift fyne.CanvasObject
	if ds.OnDuty.ID != "" {
		status = k.t("DeskOnDuty", map[string]any{"Start": ds.OnDuty.Start})
		shift = k.action("shift.end", k.t("DeskClockOut"), widget.WarningImportance, f.ClockOut)
	} else {
		status = k.t("DeskOffDuty")
		shift = k.action("shift.start", k.t("DeskClockIn"), widget.HighImportance, f.ClockIn)
	}
	lines := []line{
		{text: status, size: theme.SizeNameSubHeadingText, bold: true},
		{text: k.t("DeskHours", map[string]any{"Week": hours(ds.Hours.Week), "Total": hours(ds.Hours.Total)}), size: theme.SizeNameText},
	}
	lines = append(lines, k.messageLines()...)
	top := container.NewBorder(nil, nil, nil, minSized(shift, 320, bigHeight), block(fyne.TextAlignLeading, lines...))
	tiles := container.NewGridWithColumns(3,
		k.tile("desk.board", "DeskBoard", "DeskBoardHint", theme.SizeNameSubHeadingText, func(ctx context.Context) { f.OpenBoard(ctx) }),
		k.tile("desk.assist", "DeskAssist", "DeskAssistHint", theme.SizeNameSubHeadingText, func(context.Context) { f.OpenAssist() }),
		k.tile("desk.sync", "DeskSyncTile", "DeskSyncHint", theme.SizeNameSubHeadingText, func(ctx context.Context) { f.OpenDeskSync(ctx) }),
	)
	// Big, but not the whole screen: they are three choices, not a page.
	return container.NewBorder(top, nil, nil, nil, newGrowRows(2*tileHeight, 0, container.NewPadded(tiles)))
}

// hours is a duration as hours with at most one decimal.
func hours(d interface{ Hours() float64 }) string {
	return Number(float64(int(d.Hours()*10+0.5)) / 10)
}

// deskSyncView: what waits to go to central, the last contact, the
// refusals a volunteer should pass on, and Sync now.
func (k *Kiosk) deskSyncView() fyne.CanvasObject {
	f := k.flow
	s := f.S.Desk.Sync
	state := k.t("SyncOffline")
	if f.Sync.Online {
		state = k.t("SyncOnline")
	}
	lines := []line{{text: k.t("DeskSyncPending", map[string]any{"Count": s.Pending}) + " · " + state,
		size: theme.SizeNameSubHeadingText, bold: true}}
	if !s.OldestPendingAt.IsZero() {
		lines = append(lines, line{text: k.t("DeskSyncOldest", map[string]any{"Time": s.OldestPendingAt}), size: theme.SizeNameText})
	}
	contact := k.t("DeskSyncNever")
	if !s.LastContact.IsZero() {
		contact = k.t("DeskSyncLastContact", map[string]any{"Time": s.LastContact})
	}
	lines = append(lines, line{text: contact, size: theme.SizeNameText})
	head := block(fyne.TextAlignLeading, lines...)

	var rows []fyne.CanvasObject
	from, to, page := PageBounds(f.S.Desk.SyncPage, len(s.Rejected), f.SyncPageSize())
	for i, r := range s.Rejected[from:to] {
		who := r.MaskedName
		if who == "" {
			who = k.t("DeskUnknownStudent")
		}
		text := block(fyne.TextAlignLeading,
			line{text: k.t("DeskRejectedWhat", map[string]any{"Student": who, "Kind": k.t("Kind." + r.Kind), "At": r.At}),
				size: theme.SizeNameText, bold: true},
			line{text: k.t(r.MessageID), size: theme.SizeNameText, col: theme.ColorNameError})
		r := r
		told := k.button(name("sync.told", from+i), k.t("DeskTold"), widget.MediumImportance, func(ctx context.Context) { f.Told(ctx, r) })
		rows = append(rows, k.row(text, minSized(told, 160, tapHeight)))
	}
	title := k.t("DeskSyncNoRejected")
	if len(s.Rejected) > 0 {
		title = k.t("DeskSyncRejectedTitle", map[string]any{"Count": len(s.Rejected)})
	}
	list := []fyne.CanvasObject{k.plain(title, theme.SizeNameSubHeadingText, theme.ColorNameForeground)}
	list = append(list, rows...)
	if p := k.pager("sync", page, Pages(len(s.Rejected), f.SyncPageSize()), "", func(_ context.Context, d int) { f.TurnSync(d) }); p != nil {
		list = append(list, layout.NewSpacer(), p)
	}
	now := k.action("sync.now", k.t("DeskSyncNow"), widget.HighImportance, f.SyncNow)
	return k.screen(k.t("DeskSyncTitle"), "", container.NewBorder(head, nil, nil, nil, container.NewVBox(list...)), now)
}

// row is one list row: its text, and its buttons at the right.
func (k *Kiosk) row(text fyne.CanvasObject, buttons ...fyne.CanvasObject) fyne.CanvasObject {
	th := k.app.Settings().Theme()
	v := k.app.Settings().ThemeVariant()
	var right fyne.CanvasObject
	if len(buttons) > 0 {
		right = container.NewHBox(buttons...)
	}
	// On the background colour, so the row's white buttons stand out.
	return panel(container.NewBorder(nil, nil, nil, right, vcenter(text)),
		th.Color(theme.ColorNameBackground, v), th.Color(theme.ColorNameInputBorder, v))
}

// name is a numbered button name, e.g. queue.with.3.
func name(prefix string, i int) string { return prefix + "." + strconv.Itoa(i) }

// queueLabel is the message id of a queue move's confirmation.
func queueLabel(q kiosk.AppointmentQueue) string {
	switch q {
	case kiosk.QueueWithMentor:
		return "QueueMarkedWith"
	case kiosk.QueueLeft:
		return "QueueMarkedLeft"
	}
	return "QueueMarkedWaiting"
}
