package ui

import (
	"context"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// idleView covers the screen with the countdown and a big Continue. A tap
// anywhere on it also continues: the person is clearly still there.
func (k *Kiosk) idleView(left int) fyne.CanvasObject {
	th := k.app.Settings().Theme()
	v := k.app.Settings().ThemeVariant()
	dim := newTouchCatcher(color.NRGBA{A: 0xa0}, k.act(func(context.Context) {}))
	k.idleText = label(k.t("IdleWarning", map[string]any{"Seconds": left}), theme.SizeNameHeadingText, true, widget.WarningImportance)
	k.idleText.Alignment = fyne.TextAlignCenter
	hint := label(k.t("IdleHint"), theme.SizeNameSubHeadingText, false, widget.MediumImportance)
	hint.Alignment = fyne.TextAlignCenter
	cont := k.bigButton("idle.continue", widget.HighImportance, func(context.Context) {},
		line{text: k.t("IdleContinue"), size: theme.SizeNameHeadingText, bold: true})
	card := panel(container.NewVBox(k.idleText, hint, minSized(cont, 560, bigHeight)),
		th.Color(theme.ColorNameOverlayBackground, v), th.Color(theme.ColorNamePrimary, v))
	return container.NewStack(dim, container.NewCenter(card))
}
