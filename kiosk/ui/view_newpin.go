package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"onestop/kiosk"
)

// newPINView asks for a new PIN, then for it again; the digits show as
// dots.
func (k *Kiosk) newPINView() fyne.CanvasObject {
	f := k.flow
	p := f.S.NewPIN
	prompt := k.t("NewPINPrompt", map[string]any{"Digits": kiosk.NewPINLen})
	if p.First != "" {
		prompt = k.t("NewPINAgain")
	}
	lines := []line{
		{text: k.t("NewPINTitle"), size: theme.SizeNameHeadingText, bold: true},
		{text: prompt, size: theme.SizeNameText},
	}
	lines = append(lines, k.messageLines()...)
	dots := strings.TrimSpace(strings.Repeat("● ", len(p.Digits)))
	left := container.NewVBox(block(fyne.TextAlignLeading, lines...), k.inputBox(dots, k.t("PINPlaceholder")))
	pad := k.keypad(f.NewPINDigit, f.NewPINClear, f.NewPINBackspace, f.SubmitNewPIN, k.t("KeypadOK"))
	return container.NewGridWithColumns(2, left, pad)
}
