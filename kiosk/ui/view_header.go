package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// headerKey is everything the header shows apart from the time; while
// it stays the same the header is reused, which keeps a tap's rebuild
// within a frame.
type headerKey struct {
	lang, name        string
	large, home, back bool
	desk              string // the desk's volunteer, "" when closed
	assisting         string // the student helped at the desk
}

// header is on every screen: hall name, date and clock, language switch,
// large-text toggle and, away from home, a big Home button and, where a
// step leads back, Back.
func (k *Kiosk) header() fyne.CanvasObject {
	s := &k.flow.S
	key := headerKey{lang: s.Lang, name: k.flow.Settings.HallName.In(s.Lang), large: s.Large,
		home: s.Screen != ScreenHome && s.Screen != ScreenDesk, back: k.flow.CanGoBack()}
	if d := s.Desk.Desk; d != nil {
		key.desk = d.MaskedName
		if k.flow.Assisting() && s.Student != nil {
			key.assisting = s.Student.MaskedName
		}
	}
	if k.hdr != nil && k.hdrKey == key {
		for n, b := range k.hdrButtons {
			k.named[n] = b
		}
		k.setTimeTexts()
		return k.hdr
	}
	before := len(k.named)
	k.hdr, k.hdrKey = k.buildHeader(), key
	k.hdrButtons = make(map[string]*widget.Button, len(k.named)-before)
	for _, n := range []string{"lang", "largetext", "home", "back", "desk.home", "desk.lock"} {
		if b, ok := k.named[n]; ok {
			k.hdrButtons[n] = b
		}
	}
	return k.hdr
}

func (k *Kiosk) buildHeader() fyne.CanvasObject {
	s := &k.flow.S
	if k.flow.DeskOpen() {
		return k.deskHeader()
	}
	name := label(k.flow.Settings.HallName.In(s.Lang), theme.SizeNameSubHeadingText, true, widget.MediumImportance)
	name.Truncation = fyne.TextTruncateEllipsis

	h := tapHeight
	right := k.headerControls(true)
	if s.Screen != ScreenHome {
		home := k.button("home", k.t("Home"), widget.HighImportance, func(context.Context) { k.flow.Home() })
		home.Icon = theme.HomeIcon()
		right = append(right, minSized(home, 160, h))
	}
	bar := container.NewBorder(nil, nil, k.backButton(), container.NewHBox(right...), vcenter(name))
	return container.NewVBox(bar, widget.NewSeparator())
}

// backButton is the header's Back, nil where there is no step back.
func (k *Kiosk) backButton() fyne.CanvasObject {
	if !k.flow.CanGoBack() {
		return nil
	}
	b := k.button("back", k.t("Back"), widget.MediumImportance, func(context.Context) { k.flow.Back() })
	b.Icon = theme.NavigateBackIcon()
	return minSized(b, 140, tapHeight)
}

// headerControls are the header's right-hand buttons: date (when
// withDate) and clock, language and text size.
func (k *Kiosk) headerControls(withDate bool) []fyne.CanvasObject {
	s := &k.flow.S
	k.clockText = label("", theme.SizeNameSubHeadingText, true, widget.MediumImportance)
	k.dateText = label("", theme.SizeNameText, false, widget.MediumImportance)
	k.setTimeTexts()
	var when fyne.CanvasObject = vcenter(k.clockText)
	if withDate {
		when = container.NewHBox(vcenter(k.dateText), vcenter(k.clockText))
	}
	lang := k.button("lang", k.t("LangSwitch"), widget.MediumImportance, func(context.Context) { k.flow.ToggleLang() })
	largeID := "LargeTextOn"
	if s.Large {
		largeID = "LargeTextOff"
	}
	large := k.button("largetext", k.t(largeID), widget.MediumImportance, func(context.Context) { k.flow.ToggleLarge() })
	large.Icon = theme.ZoomInIcon()
	if s.Large {
		large.Icon = theme.ZoomOutIcon()
	}
	return []fyne.CanvasObject{when, minSized(lang, 0, tapHeight), minSized(large, 0, tapHeight)}
}

// deskHeader is the desk's frame, in its own colour so nobody takes it
// for the student screens: 值班模式 with the volunteer's masked name (and
// the student being helped), the desk's home and the lock.
func (k *Kiosk) deskHeader() fyne.CanvasObject {
	s := &k.flow.S
	h := tapHeight
	title := k.t("DeskMode", map[string]any{"Name": s.Desk.Desk.MaskedName})
	if k.flow.Assisting() && s.Student != nil {
		title = k.t("DeskAssisting", map[string]any{"Name": s.Desk.Desk.MaskedName, "Student": s.Student.MaskedName})
	}
	name := widget.NewRichText(&widget.TextSegment{Text: title, Style: widget.RichTextStyle{
		ColorName: ColorNameOnDesk, SizeName: theme.SizeNameSubHeadingText, TextStyle: fyne.TextStyle{Bold: true}}})
	name.Truncation = fyne.TextTruncateEllipsis
	right := k.headerControls(false) // the desk needs the room more than the date
	th := k.app.Settings().Theme()
	v := k.app.Settings().ThemeVariant()
	right[0] = panel(right[0], th.Color(theme.ColorNameButton, v), nil) // the clock, legible on the frame's colour
	if s.Screen != ScreenDesk {
		home := k.button("desk.home", k.t("DeskHome"), widget.MediumImportance, func(context.Context) { k.flow.Home() })
		home.Icon = theme.HomeIcon()
		right = append(right, minSized(home, 160, h))
	}
	lock := k.button("desk.lock", k.t("DeskLock"), widget.DangerImportance, func(context.Context) { k.flow.LockDesk() })
	lock.Icon = theme.LoginIcon()
	right = append(right, minSized(lock, 160, h))
	bar := container.NewBorder(nil, nil, k.backButton(), container.NewHBox(right...), vcenter(name))
	return panel(bar, th.Color(ColorNameDesk, v), nil)
}

// setTimeTexts shows the clock's date and HH:MM in the header.
func (k *Kiosk) setTimeTexts() {
	if k.clockText == nil {
		return
	}
	now := k.flow.now()
	k.clockText.SetText(now.Format("15:04"))
	k.dateText.SetText(k.t("HeaderDate", map[string]any{
		"Month":     int(now.Month()),
		"MonthName": now.Month().String()[:3],
		"Day":       now.Day(),
		"Weekday":   k.t(fmt.Sprintf("Weekday%d", int(now.Weekday()))),
	}))
}
