package ui

// back maps each screen with a way back to the screen before it; the
// screen's choices stay in the session, so going back loses nothing.
var back = map[Screen]Screen{
	ScreenIdentify:          ScreenHome,
	ScreenRoomList:          ScreenRoomTypes,
	ScreenRoomDay:           ScreenRoomList,
	ScreenRoomNow:           ScreenRoomTypes,
	ScreenMyBookings:        ScreenRoomTypes,
	ScreenCancelBooking:     ScreenMyBookings,
	ScreenMentorList:        ScreenMentorTypes,
	ScreenMentorWeek:        ScreenMentorList,
	ScreenMyAppointments:    ScreenMentorTypes,
	ScreenCancelAppointment: ScreenMyAppointments,
	ScreenRequestPlace:      ScreenRequestCategory,
	ScreenRequestPresets:    ScreenRequestPlace,
	ScreenRequestContact:    ScreenRequestPresets,
	ScreenRequestReview:     ScreenRequestContact,
	ScreenMyRequests:        ScreenRequestCategory,
	ScreenRequestDetail:     ScreenMyRequests,
	ScreenDeskPIN:           ScreenPurpose,
	ScreenDeskBoard:         ScreenDesk,
	ScreenDeskSync:          ScreenDesk,
	ScreenDeskAssistHow:     ScreenDeskAssist,
	ScreenDeskAssistPIN:     ScreenDeskAssistHow,
	ScreenDeskAssistAction:  ScreenDeskAssist,
}

// CanGoBack reports whether the current screen has a Back button. The
// identify screen has Home instead; the PIN prompt goes back to where it
// was asked for.
func (f *Flow) CanGoBack() bool {
	if f.S.Screen == ScreenPIN {
		return true
	}
	_, ok := back[f.S.Screen]
	return ok && f.S.Screen != ScreenIdentify
}

// Back returns to the previous step, keeping every choice.
func (f *Flow) Back() {
	f.S.clearMessages()
	switch s := f.S.Screen; {
	case s == ScreenPIN:
		f.S.Screen = f.S.PIN.Back
		f.S.PIN = PINPrompt{}
	case s == ScreenIdentify:
		f.Home()
	default:
		if to, ok := back[s]; ok {
			f.S.Screen = to
		}
	}
}

// Pages returns how many pages of size a list of n items takes (at
// least one, so an empty list shows "1/1").
func Pages(n, size int) int {
	if n <= 0 || size <= 0 {
		return 1
	}
	return (n + size - 1) / size
}

// PageBounds returns the slice bounds of page (clamped) in a list of n.
func PageBounds(page, n, size int) (from, to, clamped int) {
	page = min(max(page, 0), Pages(n, size)-1)
	from = page * size
	return from, min(from+size, n), page
}

// turn moves *page by d within [0, pages).
func turn(page *int, d, pages int) {
	*page = min(max(*page+d, 0), pages-1)
}
