package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// rejectionsView lists what central refused since the student's last
// visit, each with its reason, until they say they have seen it.
func (k *Kiosk) rejectionsView() fyne.CanvasObject {
	rs := k.flow.S.Rejections
	rs = rs[:min(len(rs), k.flow.RejectionsPerScreen())]
	lines := make([]line, 0, 2*len(rs))
	for _, r := range rs {
		lines = append(lines,
			line{text: k.t("RejectionWhat", map[string]any{"Kind": k.t("Kind." + r.Kind), "At": r.At}), size: theme.SizeNameSubHeadingText, bold: true},
			line{text: k.t(r.MessageID), size: theme.SizeNameText, col: theme.ColorNameError})
	}
	ok := k.action("rejections.ok", k.t("GotIt"), widget.HighImportance, k.flow.AckRejections)
	return k.screen(k.t("RejectionsTitle", map[string]any{"Count": len(k.flow.S.Rejections)}), k.t("RejectionsHint"),
		block(fyne.TextAlignLeading, lines...), ok)
}
