package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"onestop/kiosk"
)

// LargePull is how many changes a pull brings before the sync corner
// shows its progress bar; a snapshot pull (first sync, reset) shows it
// from the start.
const LargePull = 500

// SetSyncProgress shows where the syncer is. It may be called from any
// goroutine (the syncer's OnProgress); the screen changes only through
// fyne.Do.
func (k *Kiosk) SetSyncProgress(p kiosk.SyncProgress) {
	fyne.Do(func() { k.showProgress(p) })
}

// RefreshNow re-reads settings, announcements and sync status at once,
// so an admin change shows right after a pull rather than at the next
// periodic refresh. It may be called from any goroutine.
func (k *Kiosk) RefreshNow() {
	fyne.Do(func() {
		ctx, cancel := callCtx()
		defer cancel()
		if k.flow.Refresh(ctx) {
			k.render()
		}
	})
}

// pulling reports whether the progress bar shows for p.
func pulling(p kiosk.SyncProgress) bool {
	return p.Running && p.Pulling && (p.Snapshot || p.Received > LargePull)
}

// showProgress keeps p for the sync corner and updates it in place when
// the bar already shows; it rebuilds the screen only when the bar comes
// or goes on the home screen. Runs on the UI thread.
func (k *Kiosk) showProgress(p kiosk.SyncProgress) {
	was := pulling(k.progress)
	k.progress = p
	now := pulling(p)
	switch {
	case now && was && k.pullText != nil:
		k.pullText.SetText(k.pullLine())
	case now != was && k.flow.S.Screen == ScreenHome:
		k.render()
	}
}

func (k *Kiosk) pullLine() string {
	return k.t("SyncPulling", map[string]any{"Count": grouped(k.progress.Received)})
}

// pullBar is the sync corner's progress bar while a large pull runs, or
// nil. Central gives no total, so the bar is indefinite and the text
// counts the changes received.
func (k *Kiosk) pullBar() fyne.CanvasObject {
	if !pulling(k.progress) {
		return nil
	}
	if k.bar == nil { // one bar, reused, so rebuilds start no new animations
		k.bar = widget.NewProgressBarInfinite()
	}
	k.bar.Start()
	k.pullText = label(k.pullLine(), theme.SizeNameCaptionText, false, widget.MediumImportance)
	return container.NewHBox(vcenter(minSized(k.bar, 160, 0)), vcenter(k.pullText))
}

// grouped writes n with thousands separators: 12,000.
func grouped(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
