package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// identifyView: the prompt, the digits typed so far, any error with Try
// again and Home, and the keypad on the right where a right hand reaches.
func (k *Kiosk) identifyView() fyne.CanvasObject {
	title := line{text: k.t("IdentifyTitle"), size: theme.SizeNameHeadingText, bold: true}
	// An error takes the prompt's place: it is what the person must read
	// now, and the screen has no room to spare in large-text mode.
	var left fyne.CanvasObject
	if e := k.flow.S.Err; e != nil {
		left = container.NewVBox(block(fyne.TextAlignLeading, title), k.digitsBox(), k.errorBox(e))
	} else {
		prompt := block(fyne.TextAlignLeading, title, line{text: k.t("IdentifyPrompt"), size: theme.SizeNameText})
		left = container.NewVBox(prompt, k.digitsBox())
	}
	return container.NewGridWithColumns(2, left, k.keypad())
}

// digitsBox shows the typed number large, like an input field that never
// takes focus (a focused entry would swallow card-reader input).
func (k *Kiosk) digitsBox() fyne.CanvasObject {
	th := k.app.Settings().Theme()
	v := k.app.Settings().ThemeVariant()
	var l *widget.Label
	if d := k.flow.S.Digits; d != "" {
		l = label(d, theme.SizeNameHeadingText, true, widget.MediumImportance)
	} else {
		l = label(k.t("DigitsPlaceholder"), theme.SizeNameSubHeadingText, false, widget.LowImportance)
	}
	l.Truncation = fyne.TextTruncateClip
	box := panel(vcenter(l), th.Color(theme.ColorNameInputBackground, v), th.Color(theme.ColorNameInputBorder, v))
	return minSized(box, 0, keyHeight)
}

// errorBox shows a failure in the user's language with the two ways on.
func (k *Kiosk) errorBox(e *Message) fyne.CanvasObject {
	th := k.app.Settings().Theme()
	v := k.app.Settings().ThemeVariant()
	msg := para(k.t(e.ID, e.Data), theme.SizeNameText, true, widget.DangerImportance)
	retry := k.button("error.retry", k.t("TryAgain"), widget.HighImportance, func(context.Context) { k.flow.Retry() })
	home := k.button("error.home", k.t("Home"), widget.MediumImportance, func(context.Context) { k.flow.Home() })
	home.Icon = theme.HomeIcon()
	buttons := container.NewGridWithColumns(2, minSized(retry, 0, tapHeight), minSized(home, 0, tapHeight))
	return panel(container.NewVBox(msg, buttons), th.Color(theme.ColorNameBackground, v), th.Color(theme.ColorNameError, v))
}

// keypad: 1–9, then Clear 0 Backspace, then a wide OK. It fills the
// height it gets: on a big screen, bigger keys are easier to hit.
func (k *Kiosk) keypad() fyne.CanvasObject {
	key := func(name, text string, size fyne.ThemeSizeName, imp widget.Importance, fn func(context.Context)) fyne.CanvasObject {
		return minSized(k.bigButton(name, imp, fn, line{text: text, size: size, bold: true}), 0, keyHeight)
	}
	digit := func(r rune) fyne.CanvasObject {
		return key("keypad."+string(r), string(r), theme.SizeNameHeadingText, widget.MediumImportance,
			func(context.Context) { k.flow.Digit(r) })
	}
	rows := make([]fyne.CanvasObject, 0, 5)
	for _, row := range []string{"123", "456", "789"} {
		rows = append(rows, container.NewGridWithColumns(3, digit(rune(row[0])), digit(rune(row[1])), digit(rune(row[2]))))
	}
	rows = append(rows,
		container.NewGridWithColumns(3,
			key("keypad.clear", k.t("KeypadClear"), theme.SizeNameSubHeadingText, widget.MediumImportance,
				func(context.Context) { k.flow.ClearDigits() }),
			digit('0'),
			key("keypad.back", k.t("KeypadBackspace"), theme.SizeNameSubHeadingText, widget.MediumImportance,
				func(context.Context) { k.flow.Backspace() })),
		key("keypad.ok", k.t("KeypadOK"), theme.SizeNameHeadingText, widget.HighImportance, k.flow.SubmitNumber))
	return container.NewGridWithRows(len(rows), rows...)
}
