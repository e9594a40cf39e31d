// Package ui is the kiosk's touchscreen: Fyne screens, theme, keypad,
// keyboard-wedge capture and idle timer. Behaviour lives in Flow (plain
// Go, tested without a window); the Kiosk only renders Flow's state and
// turns taps and keys into Flow calls. It talks to storage and sync only
// through the kiosk service interfaces.
package ui

import (
	"context"
	"fmt"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"onestop/i18n"
	"onestop/kiosk"
)

// callTimeout bounds one service call made from a tap; the services are
// local, so hitting it means something is stuck, not slow.
const callTimeout = 5 * time.Second

// Kiosk is the running touchscreen in one window.
type Kiosk struct {
	app  fyne.App
	win  fyne.Window
	flow *Flow
	tr   map[string]*i18n.Localizer

	root    *fyne.Container
	catcher *touchCatcher
	named   map[string]*widget.Button
	qrText  string // what the QR code on screen encodes, "" for none

	hdr        fyne.CanvasObject // the header, reused while hdrKey holds
	hdrKey     headerKey
	hdrButtons map[string]*widget.Button
	clockText  *widget.Label
	dateText   *widget.Label
	idleText   *widget.Label // the countdown while the idle warning shows
	idleShown  bool
	large      bool                        // the theme currently applied
	progress   kiosk.SyncProgress          // the syncer's last report (SetSyncProgress)
	bar        *widget.ProgressBarInfinite // the sync corner's bar during a large pull
	pullText   *widget.Label               // its count of changes received, nil when hidden
	themed     bool
}

// New builds the kiosk into w: theme, content and the canvas key handlers
// that receive card-reader and QR-scanner input.
func New(a fyne.App, w fyne.Window, d Deps) (*Kiosk, error) {
	k := &Kiosk{app: a, win: w, tr: map[string]*i18n.Localizer{}}
	for _, lang := range i18n.Languages {
		l, err := i18n.New(lang)
		if err != nil {
			return nil, fmt.Errorf("ui: %w", err)
		}
		k.tr[lang] = l
	}
	ctx, cancel := callCtx()
	defer cancel()
	f, err := NewFlow(ctx, d)
	if err != nil {
		return nil, err
	}
	k.flow = f
	k.catcher = newTouchCatcher(nil, k.touch)
	k.root = container.NewStack()
	w.SetPadded(false)
	w.SetContent(k.root)
	c := w.Canvas()
	c.SetOnTypedRune(k.typedRune)
	c.SetOnTypedKey(k.typedKey)
	k.render()
	return k, nil
}

func callCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), callTimeout)
}

// Run calls Tick every second on the UI thread until ctx is done. It is
// the only real-time part of the kiosk; tests call Tick directly.
func (k *Kiosk) Run(ctx context.Context) {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				fyne.Do(k.Tick)
			}
		}
	}()
}

// Tick advances everything time-driven from the injected clock: the
// header clock, the idle countdown, announcement rotation and the
// periodic refresh of settings, announcements and sync status.
func (k *Kiosk) Tick() {
	ctx, cancel := callCtx()
	defer cancel()
	changed := k.flow.Tick(ctx)
	phase, left := k.flow.IdlePhase()
	if changed || (phase == PhaseWarning) != k.idleShown {
		k.render()
	} else {
		k.setTimeTexts()
		if k.idleText != nil && phase == PhaseWarning {
			k.idleText.SetText(k.t("IdleWarning", map[string]any{"Seconds": left}))
		}
	}
	// A Tab from a scanner could focus a button, and a focused widget
	// swallows the typed runes the wedge needs.
	if c := k.win.Canvas(); c.Focused() != nil {
		c.Unfocus()
	}
}

// Button returns the button with the stable name on the current screen,
// or nil; tests tap through it instead of walking the widget tree.
//
//	every screen:  lang, largetext; home (not on the home screen); back
//	               (where there is a step to go back to)
//	home:          tile.checkin, tile.mentor, tile.rooms, tile.requests,
//	               tile.records, news.prev, news.next (two or more notices)
//	identify:      keypad.0 … keypad.9, keypad.clear, keypad.back,
//	               keypad.ok; error.retry, error.home (while an error shows)
//	rejections:    rejections.ok
//	PIN:           keypad.* as on identify
//	check-in:      checkin.0, checkin.1, … (items on the page),
//	               checkin.prev, checkin.next; purpose.study, purpose.consult,
//	               purpose.service, purpose.event, purpose.other
//	done:          done (every flow's last screen)
//	rooms:         roomtype.<type>, rooms.now, rooms.mine; room.<id>,
//	               rooms.prev, rooms.next; day.prev, day.next, slot.HHMM,
//	               grid.prev, grid.next, len.minus, len.plus, room.book;
//	               now.confirm; bk.cancel.<n>, bks.prev, bks.next;
//	               bk.confirm
//	mentors:       mentortype.<type>, mentor.mine; mentor.<id>,
//	               mentors.prev, mentors.next; week.prev, week.next,
//	               rows.prev, rows.next, mslot.MMDD.HHMM, mentor.book;
//	               appt.cancel.<n>, mine.prev, mine.next; cancel.confirm
//	requests:      reqcat.<category>, req.mine; bld.prev, bld.next,
//	               floor.minus, floor.plus, keypad.* (room number, OK goes
//	               on); preset.<id>, req.next; contact.<pref>; req.submit;
//	               req.detail.<n>, reqs.prev, reqs.next; outcome.<outcome>,
//	               star.1 … star.5, rate.submit
//	records:       records.prev, records.next
//	desk:          desk.open (welcome, volunteers only); keypad.* on the
//	               desk PIN; corr.minus, corr.plus, corr.later,
//	               corr.confirm; desk.home, desk.lock (header, desk open);
//	               shift.start or shift.end, desk.board, desk.assist,
//	               desk.sync; board.waiting, board.rooms, board.requests,
//	               board.visits, board.events, board.prev, board.next,
//	               queue.with.<n>, queue.wait.<n>, queue.left.<n>,
//	               queue.undo; sync.now, sync.told.<n>, sync.prev,
//	               sync.next; keypad.* (number, then PIN), assist.pin,
//	               assist.attest, assist.checkin, assist.mentor,
//	               assist.rooms, assist.requests
//	idle warning:  idle.continue
//
// Big buttons (tiles, keypad, purposes, choices, done, continue) draw
// their text over the button, so their Text is empty.
func (k *Kiosk) Button(name string) *widget.Button { return k.named[name] }

// ButtonNames lists the named buttons on the current screen, sorted.
func (k *Kiosk) ButtonNames() []string {
	out := make([]string, 0, len(k.named))
	for n := range k.named {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// LastTouch is when someone last touched the screen or a key; safe
// from any goroutine.
func (k *Kiosk) LastTouch() time.Time { return time.Unix(0, k.flow.touched.Load()) }

// QR returns what the QR code on screen encodes, or "" when none shows.
func (k *Kiosk) QR() string { return k.qrText }

// act wraps every button's action: it records the touch, runs fn with a
// bounded context and rebuilds the screen from the new state.
func (k *Kiosk) act(fn func(ctx context.Context)) func() {
	return func() {
		k.flow.Touch()
		ctx, cancel := callCtx()
		defer cancel()
		fn(ctx)
		k.render()
	}
}

// button makes a named button whose tap goes through act.
func (k *Kiosk) button(name, text string, imp widget.Importance, fn func(ctx context.Context)) *widget.Button {
	b := widget.NewButton(text, k.act(fn))
	b.Importance = imp
	k.named[name] = b
	return b
}

// touch is a tap outside any button or a key that is not Enter.
func (k *Kiosk) touch() {
	k.flow.Touch()
	if k.idleShown {
		k.render()
	}
}

func (k *Kiosk) typedRune(r rune) {
	k.flow.Rune(r)
	if k.idleShown {
		k.render()
	}
}

func (k *Kiosk) typedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		ctx, cancel := callCtx()
		defer cancel()
		if k.flow.Enter(ctx) || k.idleShown {
			k.render()
		}
	default:
		k.touch()
	}
}

// t translates id into the session's language, formatting times and
// numbers in its data for that language.
func (k *Kiosk) t(id string, data ...map[string]any) string {
	var d map[string]any
	if len(data) > 0 {
		d = data[0]
	}
	return Translate(k.loc(), k.flow.now(), id, d)
}

// msg translates a kept message.
func (k *Kiosk) msg(m *Message) string { return k.t(m.ID, m.Data) }

func (k *Kiosk) loc() *i18n.Localizer {
	l, ok := k.tr[k.flow.S.Lang]
	if !ok {
		l = k.tr[i18n.Default]
	}
	return l
}

// render rebuilds the window content from the flow's state. Rebuilding
// everything is cheap at this size and keeps widgets free of state.
func (k *Kiosk) render() {
	if !k.themed || k.large != k.flow.S.Large {
		k.large, k.themed = k.flow.S.Large, true
		k.app.Settings().SetTheme(NewTheme(k.large))
	}
	k.named = map[string]*widget.Button{}
	k.idleText, k.qrText = nil, ""
	k.pullText = nil
	if k.bar != nil { // only the home screen's sync corner runs it
		k.bar.Stop()
	}
	body := k.body()
	view := container.NewBorder(k.header(), nil, nil, nil, body)
	objs := []fyne.CanvasObject{k.catcher, container.NewPadded(view)}
	phase, left := k.flow.IdlePhase()
	k.idleShown = phase == PhaseWarning
	if k.idleShown {
		objs = append(objs, k.idleView(left))
	}
	k.root.Objects = objs
	k.root.Refresh()
	k.win.SetTitle(k.flow.Settings.HallName.In(k.flow.S.Lang))
}

// views maps each screen to the view that shows it; home is the fallback.
func (k *Kiosk) body() fyne.CanvasObject {
	views := map[Screen]func() fyne.CanvasObject{
		ScreenIdentify:          k.identifyView,
		ScreenPurpose:           k.purposeView,
		ScreenDone:              k.doneView,
		ScreenRejections:        k.rejectionsView,
		ScreenPIN:               k.pinView,
		ScreenRoomTypes:         k.roomTypesView,
		ScreenRoomList:          k.roomListView,
		ScreenRoomDay:           k.roomDayView,
		ScreenRoomNow:           k.roomNowView,
		ScreenRoomDone:          k.roomDoneView,
		ScreenMyBookings:        k.myBookingsView,
		ScreenCancelBooking:     k.cancelBookingView,
		ScreenMentorTypes:       k.mentorTypesView,
		ScreenMentorList:        k.mentorListView,
		ScreenMentorWeek:        k.mentorWeekView,
		ScreenMentorDone:        k.mentorDoneView,
		ScreenMyAppointments:    k.myAppointmentsView,
		ScreenCancelAppointment: k.cancelView,
		ScreenRequestCategory:   k.categoryView,
		ScreenRequestPlace:      k.placeView,
		ScreenRequestPresets:    k.presetsView,
		ScreenRequestContact:    k.contactView,
		ScreenRequestReview:     k.reviewView,
		ScreenRequestDone:       k.requestDoneView,
		ScreenMyRequests:        k.myRequestsView,
		ScreenRequestDetail:     k.requestDetailView,
		ScreenRecords:           k.recordsView,
		ScreenNewPIN:            k.newPINView,
		ScreenDeskPIN:           k.deskPINView,
		ScreenDeskCorrection:    k.correctionView,
		ScreenDesk:              k.deskView,
		ScreenDeskBoard:         k.boardView,
		ScreenDeskSync:          k.deskSyncView,
		ScreenDeskAssist:        k.assistView,
		ScreenDeskAssistHow:     k.assistHowView,
		ScreenDeskAssistPIN:     k.assistPINView,
		ScreenDeskAssistAction:  k.assistActionView,
	}
	if v, ok := views[k.flow.S.Screen]; ok {
		return v()
	}
	return k.homeView()
}
