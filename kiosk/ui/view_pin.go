package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// pinView asks for the PIN with the digits shown as dots; a card or QR
// scan of the same student works too.
func (k *Kiosk) pinView() fyne.CanvasObject {
	f := k.flow
	return k.pinScreen(k.t("PINTitle"), k.t("PINPrompt"), f.S.PIN.Digits, f.PINDigit, f.PINClear, f.PINBackspace, f.SubmitPIN)
}

// pinScreen is every PIN prompt: title and prompt, any message, the
// digits as dots, and the keypad at the right.
func (k *Kiosk) pinScreen(title, prompt, digits string, digit func(rune), clear, back func(), ok func(context.Context)) fyne.CanvasObject {
	lines := []line{
		{text: title, size: theme.SizeNameHeadingText, bold: true},
		{text: prompt, size: theme.SizeNameText},
	}
	lines = append(lines, k.messageLines()...)
	dots := strings.TrimSpace(strings.Repeat("● ", len(digits)))
	left := container.NewVBox(block(fyne.TextAlignLeading, lines...), k.inputBox(dots, k.t("PINPlaceholder")))
	return container.NewGridWithColumns(2, left, k.keypad(digit, clear, back, ok, k.t("KeypadOK")))
}
