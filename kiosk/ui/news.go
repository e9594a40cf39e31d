package ui

import (
	"time"

	"onestop/kiosk"
)

// NewsEvery is how long one announcement stays before the next one.
const NewsEvery = 8 * time.Second

// News rotates the home screen's announcements, one at a time.
type News struct {
	List  []kiosk.Announcement
	Index int
	shown time.Time
}

// Set replaces the list at now and reports whether anything changed. The
// announcement on screen stays on screen if it is still in the list.
func (n *News) Set(list []kiosk.Announcement, now time.Time) bool {
	if sameAnnouncements(n.List, list) {
		return false
	}
	cur, had := n.Current()
	n.List, n.Index, n.shown = list, 0, now
	for i, a := range list {
		if had && a.ID == cur.ID {
			n.Index = i
		}
	}
	return true
}

// Current returns the announcement to show; ok is false when there is none.
func (n *News) Current() (a kiosk.Announcement, ok bool) {
	if n.Index < 0 || n.Index >= len(n.List) {
		return a, false
	}
	return n.List[n.Index], true
}

// Next shows the following announcement, wrapping around.
func (n *News) Next(now time.Time) { n.step(1, now) }

// Prev shows the previous announcement, wrapping around.
func (n *News) Prev(now time.Time) { n.step(-1, now) }

func (n *News) step(d int, now time.Time) {
	if len(n.List) == 0 {
		return
	}
	n.Index = (n.Index + d + len(n.List)) % len(n.List)
	n.shown = now
}

// Advance moves on when the current announcement has shown for NewsEvery
// and reports whether it did.
func (n *News) Advance(now time.Time) bool {
	if len(n.List) < 2 || now.Sub(n.shown) < NewsEvery {
		return false
	}
	n.Next(now)
	return true
}

func sameAnnouncements(a, b []kiosk.Announcement) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.ID != y.ID || x.Title != y.Title || x.Body != y.Body || x.Priority != y.Priority ||
			!x.StartsAt.Equal(y.StartsAt) || !x.EndsAt.Equal(y.EndsAt) {
			return false
		}
	}
	return true
}
