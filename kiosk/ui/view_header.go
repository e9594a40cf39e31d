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
}

// header is on every screen: hall name, date and clock, language switch,
// large-text toggle and, away from home, a big Home button and, where a
// step leads back, Back.
func (k *Kiosk) header() fyne.CanvasObject {
	s := &k.flow.S
	key := headerKey{lang: s.Lang, name: k.flow.Settings.HallName.In(s.Lang), large: s.Large,
		home: s.Screen != ScreenHome, back: k.flow.CanGoBack()}
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
	for _, n := range []string{"lang", "largetext", "home", "back"} {
		if b, ok := k.named[n]; ok {
			k.hdrButtons[n] = b
		}
	}
	return k.hdr
}

func (k *Kiosk) buildHeader() fyne.CanvasObject {
	s := &k.flow.S
	name := label(k.flow.Settings.HallName.In(s.Lang), theme.SizeNameSubHeadingText, true, widget.MediumImportance)
	name.Truncation = fyne.TextTruncateEllipsis

	k.clockText = label("", theme.SizeNameSubHeadingText, true, widget.MediumImportance)
	k.dateText = label("", theme.SizeNameText, false, widget.MediumImportance)
	k.setTimeTexts()
	when := container.NewHBox(vcenter(k.dateText), vcenter(k.clockText))

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
	h := tapHeight
	right := []fyne.CanvasObject{when, minSized(lang, 0, h), minSized(large, 0, h)}
	if s.Screen != ScreenHome {
		home := k.button("home", k.t("Home"), widget.HighImportance, func(context.Context) { k.flow.Home() })
		home.Icon = theme.HomeIcon()
		right = append(right, minSized(home, 160, h))
	}
	var left fyne.CanvasObject
	if k.flow.CanGoBack() {
		b := k.button("back", k.t("Back"), widget.MediumImportance, func(context.Context) { k.flow.Back() })
		b.Icon = theme.NavigateBackIcon()
		left = minSized(b, 140, h)
	}
	bar := container.NewBorder(nil, nil, left, container.NewHBox(right...), vcenter(name))
	return container.NewVBox(bar, widget.NewSeparator())
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
