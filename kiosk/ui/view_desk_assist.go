package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// assistView asks who the student to help is: a card or QR scan, or
// their number on the keypad.
func (k *Kiosk) assistView() fyne.CanvasObject {
	f := k.flow
	lines := []line{
		{text: k.t("AssistTitle"), size: theme.SizeNameHeadingText, bold: true},
		{text: k.t("AssistPrompt"), size: theme.SizeNameText},
	}
	lines = append(lines, k.messageLines()...)
	left := container.NewVBox(block(fyne.TextAlignLeading, lines...), k.inputBox(f.S.Desk.Assist.Digits, k.t("DigitsPlaceholder")))
	pad := k.keypad(f.AssistDigit, f.AssistClear, f.AssistBackspace, f.SubmitAssistNumber, k.t("KeypadOK"))
	return container.NewGridWithColumns(2, left, pad)
}

// assistHowView: a typed number is not proof. The student types their
// PIN, or the volunteer vouches for them.
func (k *Kiosk) assistHowView() fyne.CanvasObject {
	f := k.flow
	st := f.S.Desk.Assist.Student
	if st == nil {
		return k.assistView()
	}
	pin := k.choice("assist.pin", widget.HighImportance, bigHeight, func(context.Context) { f.AssistWithPIN() },
		k.t("AssistByPIN"), k.t("AssistByPINHint"))
	attest := k.choice("assist.attest", widget.MediumImportance, bigHeight, func(context.Context) { f.AssistAttest() },
		k.t("AssistAttest"), k.t("AssistAttestHint"))
	return k.screen(k.t("AssistHowTitle", map[string]any{"Name": st.MaskedName}), k.t("AssistHowHint"),
		container.NewVBox(pin, attest))
}

// assistPINView: the helped student types their PIN.
func (k *Kiosk) assistPINView() fyne.CanvasObject {
	f := k.flow
	st := f.S.Desk.Assist.Student
	if st == nil {
		return k.assistView()
	}
	return k.pinScreen(k.t("AssistPINTitle", map[string]any{"Name": st.MaskedName}), k.t("PINPrompt"), f.S.Desk.Assist.PIN,
		f.AssistPINDigit, f.AssistPINClear, f.AssistPINBackspace, f.SubmitAssistPIN)
}

// assistActionView: what to do for the student, the services of the
// home screen's tiles.
func (k *Kiosk) assistActionView() fyne.CanvasObject {
	f := k.flow
	st := f.S.Desk.Assist.Student
	if st == nil {
		return k.assistView()
	}
	do := func(g Goal) func(context.Context) { return func(ctx context.Context) { f.Assist(ctx, g) } }
	tiles := container.NewGridWithColumns(2,
		k.tile("assist.checkin", "TileCheckIn", "TileCheckInHint", theme.SizeNameSubHeadingText, do(GoalCheckIn)),
		k.tile("assist.mentor", "TileMentor", "TileMentorHint", theme.SizeNameSubHeadingText, do(GoalMentor)),
		k.tile("assist.rooms", "TileRooms", "TileRoomsHint", theme.SizeNameSubHeadingText, do(GoalRooms)),
		k.tile("assist.requests", "TileRequests", "TileRequestsHint", theme.SizeNameSubHeadingText, do(GoalRequests)),
	)
	return k.screen(k.t("AssistActionTitle", map[string]any{"Name": st.MaskedName}), k.t("AssistActionHint"), tiles)
}
