package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"onestop/kiosk"
)

// purposeIDs are the message ids of the visit purposes.
var purposeIDs = map[kiosk.Purpose]string{
	kiosk.PurposeStudy:   "PurposeStudy",
	kiosk.PurposeConsult: "PurposeConsult",
	kiosk.PurposeService: "PurposeService",
	kiosk.PurposeEvent:   "PurposeEvent",
	kiosk.PurposeOther:   "PurposeOther",
}

// purposeView: welcome with the masked name and home building, then one
// big button per purpose; one tap checks in.
func (k *Kiosk) purposeView() fyne.CanvasObject {
	st := k.flow.S.Student
	if st == nil { // cannot happen through Flow; never show a broken screen
		return k.homeView()
	}
	lines := []line{
		{text: k.t("Welcome", map[string]any{"Name": st.MaskedName}), size: theme.SizeNameHeadingText, bold: true},
		{text: k.location(st), size: theme.SizeNameSubHeadingText},
		{text: k.t("PurposePrompt"), size: theme.SizeNameSubHeadingText, bold: true, col: theme.ColorNamePrimary},
	}
	if e := k.flow.S.Err; e != nil {
		lines = append(lines, line{text: k.t(e.ID, e.Data), size: theme.SizeNameText, bold: true, col: theme.ColorNameError})
	}
	buttons := make([]fyne.CanvasObject, 0, len(kiosk.Purposes))
	for _, p := range kiosk.Purposes {
		b := k.bigButton("purpose."+string(p), widget.HighImportance, func(ctx context.Context) { k.flow.Choose(ctx, p) },
			line{text: k.t(purposeIDs[p]), size: theme.SizeNameSubHeadingText, bold: true})
		buttons = append(buttons, minSized(b, 0, bigHeight))
	}
	return container.NewBorder(block(fyne.TextAlignLeading, lines...), nil, nil, nil,
		container.NewGridWithColumns(3, buttons...))
}

// location is "3号楼 · 5层" / "Building 3 · Floor 5"; parts the roster
// lacks are left out.
func (k *Kiosk) location(st *kiosk.Student) string {
	b := st.BuildingName.In(k.flow.S.Lang)
	switch {
	case b != "" && st.Floor > 0:
		return k.t("LocationBuildingFloor", map[string]any{"Building": b, "Floor": st.Floor})
	case st.Floor > 0:
		return k.t("LocationFloor", map[string]any{"Floor": st.Floor})
	default:
		return b
	}
}

// doneView confirms the check-in and says it will sync later.
func (k *Kiosk) doneView() fyne.CanvasObject {
	v := k.flow.S.LastVisit
	if v == nil {
		return k.homeView()
	}
	name := ""
	if st := k.flow.S.Student; st != nil {
		name = st.MaskedName
	}
	text := block(fyne.TextAlignCenter,
		line{text: k.t("CheckedInTitle"), size: theme.SizeNameHeadingText, bold: true, col: theme.ColorNameSuccess},
		line{text: name, size: theme.SizeNameSubHeadingText, bold: true},
		line{text: k.t("CheckedInTime", map[string]any{"Time": v.At.Format("15:04")}), size: theme.SizeNameSubHeadingText},
		line{text: k.t("CheckedInPurpose", map[string]any{"Purpose": k.t(purposeIDs[v.Purpose])}), size: theme.SizeNameSubHeadingText},
		line{text: k.t("CheckedInPendingSync"), size: theme.SizeNameText},
	)
	done := k.bigButton("done", widget.HighImportance, func(context.Context) { k.flow.Home() },
		line{text: k.t("Done"), size: theme.SizeNameSubHeadingText, bold: true})
	row := container.NewGridWithColumns(3, layout.NewSpacer(), minSized(done, 0, bigHeight), layout.NewSpacer())
	return vcenter(text, row)
}
