package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"onestop/kiosk"
)

// mentorTypesView is the type picker: the only screen that names the
// counselling type, because the student taps it here themselves.
func (k *Kiosk) mentorTypesView() fyne.CanvasObject {
	f := k.flow
	cells := make([]fyne.CanvasObject, 0, len(kiosk.MentorTypes))
	for _, t := range kiosk.MentorTypes {
		cells = append(cells, k.choice("mentortype."+string(t), widget.HighImportance, bigHeight,
			func(ctx context.Context) { f.ChooseMentorType(ctx, t) }, k.t("MentorType."+string(t)), k.t("MentorTypeHint."+string(t))))
	}
	mine := k.choice("mentor.mine", widget.MediumImportance, tapHeight+16, f.OpenMyAppointments, k.t("MyAppointments"), "")
	return k.screen(k.t("MentorTitle"), k.t("MentorHint", map[string]any{"Days": f.Settings.Mentor.WindowDays}),
		container.NewVBox(grid(2, cells), mine))
}

// mentorListTitle: a private type's screens are titled neutrally.
func (k *Kiosk) mentorListTitle(t kiosk.MentorType) string {
	if t.Private() {
		return k.t("ChooseMentorPrivate")
	}
	return k.t("ChooseMentor", map[string]any{"Type": k.t("MentorType." + string(t))})
}

// mentorListView: the mentors of the chosen type with field and place.
func (k *Kiosk) mentorListView() fyne.CanvasObject {
	f := k.flow
	m := &f.S.Mentor
	from, to, page := PageBounds(m.Page, len(m.Mentors), MentorPageSize)
	m.Page = page
	lang := f.S.Lang
	cells := make([]fyne.CanvasObject, 0, MentorPageSize)
	for _, x := range m.Mentors[from:to] {
		sub := strings.Join(nonEmpty(x.Field.In(lang), x.Place.In(lang)), " · ")
		cells = append(cells, k.choice("mentor."+x.ID, widget.HighImportance, bigHeight+24,
			func(ctx context.Context) { f.ChooseMentor(ctx, x.ID) }, x.Name.In(lang), sub))
	}
	var content fyne.CanvasObject = container.NewVBox(grid(2, cells))
	if len(cells) == 0 {
		content = para(k.t("MentorsNone"), theme.SizeNameSubHeadingText, false, widget.MediumImportance)
	}
	pages := Pages(len(m.Mentors), MentorPageSize)
	var actions []fyne.CanvasObject
	if pg := k.pager("mentors", page, pages, "", func(_ context.Context, d int) { turn(&m.Page, d, pages) }); pg != nil {
		actions = append(actions, pg)
	}
	return k.screen(k.mentorListTitle(m.Type), "", content, actions...)
}

func nonEmpty(ss ...string) []string {
	out := ss[:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// mentorWeekView: week pager, one column per day with its free slots,
// and the booking button for the chosen slot.
func (k *Kiosk) mentorWeekView() fyne.CanvasObject {
	f := k.flow
	m := &f.S.Mentor
	if m.Mentor == nil {
		return k.mentorTypesView()
	}
	days := f.WeekView()
	rowPages := f.RowPages(days)
	m.RowPage = min(m.RowPage, rowPages-1)
	weekLabel := ""
	if len(days) > 0 {
		weekLabel = Date(k.loc(), days[0].Date) + " – " + Date(k.loc(), days[len(days)-1].Date)
	}
	week := k.stepper("week", true, weekLabel, m.Week > 0, m.Week < f.Weeks()-1, f.StepWeek)
	cols := make([]fyne.CanvasObject, 0, 7)
	for _, d := range days {
		cols = append(cols, k.dayColumn(d, m.RowPage))
	}
	for len(cols) < 7 {
		cols = append(cols, layout.NewSpacer())
	}
	body := container.NewGridWithColumns(7, cols...)
	// The row pager shares the bottom row, so the week keeps its height.
	var bottomCells []fyne.CanvasObject
	if pg := k.pager("rows", m.RowPage, rowPages, "", func(_ context.Context, d int) { turn(&m.RowPage, d, rowPages) }); pg != nil {
		bottomCells = append(bottomCells, pg)
	}
	choice := k.t("ChooseSlot")
	var book func(context.Context)
	if s := m.Slot; s != nil {
		choice = k.t("ChosenTime", map[string]any{"Day": DayLabel(k.loc(), f.now(), s.Start), "Span": Span(s.Start, s.End)})
		book = f.BookAppointment
	}
	summary := label(choice, theme.SizeNameText, true, widget.MediumImportance)
	summary.Truncation = fyne.TextTruncateEllipsis
	bottomCells = append(bottomCells, vcenter(summary), k.action("mentor.book", k.t("BookAppointment"), widget.HighImportance, book))
	bottom := container.NewGridWithColumns(len(bottomCells), bottomCells...)
	title := m.Mentor.Name.In(f.S.Lang)
	if !m.Type.Private() {
		title = strings.Join(nonEmpty(title, m.Mentor.Place.In(f.S.Lang)), " · ")
	}
	return container.NewBorder(k.gridHead(title, week), bottom, nil, nil, container.NewVBox(body))
}

// dayColumn is a day's heading and its free slots on the row page.
func (k *Kiosk) dayColumn(d WeekDay, rowPage int) fyne.CanvasObject {
	head := k.plain(k.t("DayShort", map[string]any{"Month": int(d.Date.Month()), "MonthName": d.Date.Month().String()[:3],
		"Day": d.Date.Day(), "Weekday": k.t(fmt.Sprintf("WeekdayShort%d", int(d.Date.Weekday())))}),
		theme.SizeNameCaptionText, theme.ColorNameForeground)
	head.Alignment = fyne.TextAlignCenter
	head.TextStyle.Bold = true
	objs := []fyne.CanvasObject{head}
	rows := k.flow.WeekRows()
	from, to, _ := PageBounds(rowPage, len(d.Slots), rows)
	if rowPage*rows >= len(d.Slots) {
		from, to = 0, 0
	}
	chosen := k.flow.S.Mentor.Slot
	for _, s := range d.Slots[from:to] {
		imp := widget.MediumImportance
		if chosen != nil && chosen.ID == s.ID {
			imp = widget.HighImportance
		}
		b := k.cellButton("mslot."+s.Start.Format("0102.1504"), imp, func(context.Context) { k.flow.PickMentorSlot(s.ID) },
			line{text: s.Start.Format("15:04"), size: theme.SizeNameText, bold: true})
		objs = append(objs, minSized(b, 0, tapHeight))
	}
	if len(d.Slots) == 0 {
		l := label(k.t("NoSlots"), theme.SizeNameCaptionText, false, widget.LowImportance)
		l.Alignment = fyne.TextAlignCenter
		objs = append(objs, l)
	}
	return container.NewVBox(objs...)
}

// apptLabel names an appointment for the shared screen: a private
// type's neutral label only; otherwise the type and the mentor.
func (k *Kiosk) apptLabel(a kiosk.Appointment, names map[string]kiosk.Mentor) string {
	label := k.t(mentorLabelID(a.MentorType))
	if a.MentorType.Private() {
		return label
	}
	if m, ok := names[a.MentorID]; ok {
		label += " · " + m.Name.In(k.flow.S.Lang)
	}
	return label
}

// meetingsLine is "本月学业导师见面：1 / 2".
func (k *Kiosk) meetingsLine(n int) string {
	if n < 0 {
		return ""
	}
	return k.t("AcademicMeetings", map[string]any{"N": n, "Target": k.flow.Settings.Mentor.AcademicTarget})
}

// mentorDoneView confirms with a QR code that opens the appointment on
// the phone, and this month's academic meetings.
func (k *Kiosk) mentorDoneView() fyne.CanvasObject {
	f := k.flow
	m := &f.S.Mentor
	a := m.Booked
	if a == nil {
		return k.homeView()
	}
	names := map[string]kiosk.Mentor{}
	if m.Mentor != nil {
		names[m.Mentor.ID] = *m.Mentor
	}
	place := ""
	if m.Mentor != nil && !a.MentorType.Private() {
		place = m.Mentor.Place.In(f.S.Lang)
	}
	text := block(fyne.TextAlignLeading,
		line{text: k.t("ApptBookedTitle"), size: theme.SizeNameHeadingText, bold: true, col: theme.ColorNameSuccess},
		line{text: k.apptLabel(*a, names), size: theme.SizeNameSubHeadingText, bold: true},
		line{text: DayLabel(k.loc(), f.now(), a.Start) + " " + Span(a.Start, a.End), size: theme.SizeNameSubHeadingText, bold: true},
		line{text: place, size: theme.SizeNameText},
		line{text: k.t("ApptCancelRule", map[string]any{"Deadline": f.Settings.Mentor.CancelDeadline(*a)}), size: theme.SizeNameText},
		line{text: k.meetingsLine(m.Meetings), size: theme.SizeNameText, bold: true, col: theme.ColorNamePrimary},
		k.syncLine(a.ID, "PendingSync"))
	qr := k.qrWithCaption(f.Settings.PublicURL+"/a/"+a.ID, "QRAppointment")
	return container.NewBorder(nil, k.doneRow(), nil, qr, vcenter(text))
}

// myAppointmentsView: upcoming appointments, cancel where still possible.
func (k *Kiosk) myAppointmentsView() fyne.CanvasObject {
	f := k.flow
	m := &f.S.Mentor
	from, to, page := PageBounds(m.MinePage, len(m.Mine), MinePageSize)
	m.MinePage = page
	now := f.now()
	rows := make([]fyne.CanvasObject, 0, MinePageSize)
	for i := from; i < to; i++ {
		a := m.Mine[i]
		text := strings.Join([]string{DayLabel(k.loc(), now, a.Start) + " " + Span(a.Start, a.End),
			k.apptLabel(a, m.Names), k.t("ApptStatus." + string(a.Status))}, " · ")
		l := label(text, theme.SizeNameText, false, widget.MediumImportance)
		l.Truncation = fyne.TextTruncateEllipsis
		var cancel fyne.CanvasObject
		if a.Status == kiosk.AppointmentBooked && now.Before(a.Start) {
			cancel = k.action(fmt.Sprintf("appt.cancel.%d", i), k.t("Cancel"), widget.DangerImportance,
				func(ctx context.Context) { f.CancelAppointment(ctx, a.ID) })
		}
		rows = append(rows, container.NewBorder(nil, nil, nil, cancel, vcenter(l)))
	}
	var content fyne.CanvasObject = container.NewVBox(rows...)
	if len(rows) == 0 {
		content = para(k.t("MyAppointmentsNone"), theme.SizeNameSubHeadingText, false, widget.MediumImportance)
	}
	pages := Pages(len(m.Mine), MinePageSize)
	var actions []fyne.CanvasObject
	if pg := k.pager("mine", page, pages, "", func(_ context.Context, d int) { turn(&m.MinePage, d, pages) }); pg != nil {
		actions = append(actions, pg)
	}
	return k.screen(k.t("MyAppointments"), k.meetingsLine(m.Meetings), content, actions...)
}

// cancelView asks for confirmation and says whether the cancel is free
// or counts as missed under the cancellation deadline.
func (k *Kiosk) cancelView() fyne.CanvasObject {
	f := k.flow
	a := f.S.Mentor.Cancel
	if a == nil {
		return k.myAppointmentsView()
	}
	rule := k.t("CancelFree", map[string]any{"Deadline": f.Settings.Mentor.CancelDeadline(*a)})
	col := theme.ColorNameForeground
	if !f.CancelIsFree(*a) {
		rule = k.t("CancelMissed", map[string]any{"Hours": Number(f.Settings.Mentor.CancelBefore.Hours())})
		col = theme.ColorNameWarning
	}
	text := block(fyne.TextAlignCenter,
		line{text: k.apptLabel(*a, f.S.Mentor.Names), size: theme.SizeNameHeadingText, bold: true},
		line{text: DayLabel(k.loc(), f.now(), a.Start) + " " + Span(a.Start, a.End), size: theme.SizeNameSubHeadingText, bold: true},
		line{text: rule, size: theme.SizeNameSubHeadingText, bold: true, col: col})
	confirm := k.action("cancel.confirm", k.t("CancelConfirm"), widget.DangerImportance, f.ConfirmCancel)
	return k.screen(k.t("CancelTitle"), "", vcenter(text), confirm)
}
