package kiosk

import (
	"strings"
	"time"
)

// Language tags the kiosk speaks; zh-Hans is the default.
const (
	LangZh = "zh-Hans"
	LangEn = "en"
)

// LocalName is a text admins enter in both languages.
type LocalName struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// In returns the text in lang, falling back to the other language when
// that one is empty.
func (n LocalName) In(lang string) string {
	if lang == LangEn && n.En != "" {
		return n.En
	}
	if n.Zh != "" {
		return n.Zh
	}
	return n.En
}

// Building is a residence building of the community; students, rooms and
// requests carry building and floor so reports can follow the grid.
type Building struct {
	ID     string    `json:"id"`
	Name   LocalName `json:"name"`
	Floors int       `json:"floors"`
}

// Announcement is a notice shown in the strip on the home screen while
// now is within [StartsAt, EndsAt).
type Announcement struct {
	ID       string    `json:"id"`
	Title    LocalName `json:"title"`
	Body     LocalName `json:"body"`
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
	Priority int       `json:"priority"` // higher first
}

// ActiveAt reports whether the announcement shows at t.
func (a Announcement) ActiveAt(t time.Time) bool {
	return !t.Before(a.StartsAt) && (a.EndsAt.IsZero() || t.Before(a.EndsAt))
}

// SyncStatus is what the sync corner of the screen shows.
type SyncStatus struct {
	Pending     int       // outbox entries not yet confirmed by central
	LastContact time.Time // zero: never reached central
	Online      bool
}

// Named reports whether an admin-entered name reads in some language:
// the kiosk shows each name in the student's language, falling back to
// the other (In), so one of the two is enough but none is not.
func (n LocalName) Named() bool { return strings.TrimSpace(n.Zh+n.En) != "" }
