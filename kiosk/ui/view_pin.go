package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// pinView asks for the PIN with the digits shown as dots; a card or QR
// scan of the same student works too.
func (k *Kiosk) pinView() fyne.CanvasObject {
	f := k.flow
	lines := []line{
		{text: k.t("PINTitle"), size: theme.SizeNameHeadingText, bold: true},
		{text: k.t("PINPrompt"), size: theme.SizeNameText},
	}
	lines = append(lines, k.messageLines()...)
	dots := strings.TrimSpace(strings.Repeat("● ", len(f.S.PIN.Digits)))
	left := container.NewVBox(block(fyne.TextAlignLeading, lines...), k.inputBox(dots, k.t("PINPlaceholder")))
	pad := k.keypad(f.PINDigit, f.PINClear, f.PINBackspace, f.SubmitPIN, k.t("KeypadOK"))
	return container.NewGridWithColumns(2, left, pad)
}
