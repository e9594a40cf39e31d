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
	title := line{text: k.t(identifyTitles[k.flow.S.Goal]), size: theme.SizeNameHeadingText, bold: true}
	// An error takes the prompt's place: it is what the person must read
	// now, and the screen has no room to spare in large-text mode.
	var left fyne.CanvasObject
	if e := k.flow.S.Err; e != nil {
		left = container.NewVBox(block(fyne.TextAlignLeading, title), k.digitsBox(), k.errorBox(e))
	} else {
		prompt := block(fyne.TextAlignLeading, title, line{text: k.t("IdentifyPrompt"), size: theme.SizeNameText})
		left = container.NewVBox(prompt, k.digitsBox())
	}
	return container.NewGridWithColumns(2, left, k.studentKeypad())
}

// identifyTitles say what the identification is for.
var identifyTitles = map[Goal]string{
	GoalCheckIn:  "IdentifyTitle",
	GoalMentor:   "IdentifyTitleMentor",
	GoalRooms:    "IdentifyTitleRooms",
	GoalRequests: "IdentifyTitleRequests",
	GoalRecords:  "IdentifyTitleRecords",
}

func (k *Kiosk) studentKeypad() fyne.CanvasObject {
	f := k.flow
	return k.keypad(f.Digit, f.ClearDigits, f.Backspace, f.SubmitNumber, k.t("KeypadOK"))
}

// digitsBox shows the typed number large, like an input field that never
// takes focus (a focused entry would swallow card-reader input).
func (k *Kiosk) digitsBox() fyne.CanvasObject {
	return k.inputBox(k.flow.S.Digits, k.t("DigitsPlaceholder"))
}

// inputBox shows typed text large, or the placeholder while empty.
func (k *Kiosk) inputBox(text, placeholder string) fyne.CanvasObject {
	th := k.app.Settings().Theme()
	v := k.app.Settings().ThemeVariant()
	var l *widget.Label
	if text != "" {
		l = label(text, theme.SizeNameHeadingText, true, widget.MediumImportance)
	} else {
		l = label(placeholder, theme.SizeNameSubHeadingText, false, widget.LowImportance)
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
func (k *Kiosk) keypad(digitFn func(rune), clearFn, backFn func(), okFn func(context.Context), okText string) fyne.CanvasObject {
	key := func(name, text string, size fyne.ThemeSizeName, imp widget.Importance, fn func(context.Context)) fyne.CanvasObject {
		return minSized(k.bigButton(name, imp, fn, line{text: text, size: size, bold: true}), 0, keyHeight)
	}
	digit := func(r rune) fyne.CanvasObject {
		return key("keypad."+string(r), string(r), theme.SizeNameHeadingText, widget.MediumImportance,
			func(context.Context) { digitFn(r) })
	}
	rows := make([]fyne.CanvasObject, 0, 5)
	for _, row := range []string{"123", "456", "789"} {
		rows = append(rows, container.NewGridWithColumns(3, digit(rune(row[0])), digit(rune(row[1])), digit(rune(row[2]))))
	}
	rows = append(rows,
		container.NewGridWithColumns(3,
			key("keypad.clear", k.t("KeypadClear"), theme.SizeNameSubHeadingText, widget.MediumImportance,
				func(context.Context) { clearFn() }),
			digit('0'),
			key("keypad.back", k.t("KeypadBackspace"), theme.SizeNameSubHeadingText, widget.MediumImportance,
				func(context.Context) { backFn() })),
		key("keypad.ok", okText, theme.SizeNameHeadingText, widget.HighImportance, okFn))
	return container.NewGridWithRows(len(rows), rows...)
}
