package kiosk

import "unicode/utf8"

// The home screen's strip shows one announcement at a time and cannot
// scroll: a longer title or body is cut with an ellipsis. The console's
// preview uses the same cut.
const (
	AnnouncementTitleRunes = 40
	AnnouncementBodyRunes  = 120
)

// Strip is the announcement as the home strip shows it in lang.
func (a Announcement) Strip(lang string) (title, body string) {
	return Clip(a.Title.In(lang), AnnouncementTitleRunes), Clip(a.Body.In(lang), AnnouncementBodyRunes)
}

// Clip cuts s to n runes, the last an ellipsis when it was longer.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
