package community

import (
	"slices"
	"time"

	"onestop/kiosk"
)

// The alert rules (guide 4.7), over students' requests only: the hall's
// own proactive ones are its answer, not a signal.
const (
	// SurgeFactor: a category in a building surges when its requests of
	// the week exceed its average week of the four before by half.
	SurgeFactor = 1.5
	// SurgeWeeks is how many weeks before make the average.
	SurgeWeeks = 4
	// ClusterCount requests of one category on one floor within
	// ClusterWindow are a cluster.
	ClusterCount  = 3
	ClusterWindow = 48 * time.Hour
)

// Surge is a category × building whose week exceeds its average.
type Surge struct {
	Category   kiosk.RequestCategory
	BuildingID string
	Week       int     // requests of the week
	Average    float64 // average of the SurgeWeeks before
}

// Cluster is ClusterCount or more requests of one category on one floor
// within ClusterWindow, counted by the hour they were submitted in.
type Cluster struct {
	Category   kiosk.RequestCategory
	BuildingID string
	Floor      int
	Count      int       // the most found in one window
	From       time.Time // the window's first hour
}

// AlertFrom is where the store's request rows must start for the week
// that starts at week: SurgeWeeks before it.
func AlertFrom(week time.Time) time.Time { return week.AddDate(0, 0, -7*SurgeWeeks) }

// Surges applies the surge rule to the week starting at week; rows
// count hours from AlertFrom(week). A category with no history has an
// average of 0, so any request of it is a surge: new trouble is news.
func Surges(week time.Time, rows []RequestCount) []Surge {
	type key struct {
		c kiosk.RequestCategory
		b string
	}
	from, end := AlertFrom(week), week.AddDate(0, 0, 7)
	now, before := map[key]int{}, map[key]int{}
	var order []key
	for _, r := range rows {
		at := At(from, r.Bucket)
		k := key{r.Category, r.BuildingID}
		switch {
		case at.Before(from) || !at.Before(end):
			continue
		case at.Before(week):
			before[k] += r.Count
		default:
			if now[k] == 0 {
				order = append(order, k)
			}
			now[k] += r.Count
		}
	}
	var out []Surge
	for _, k := range order {
		avg := float64(before[k]) / SurgeWeeks
		if float64(now[k]) > avg*SurgeFactor {
			out = append(out, Surge{Category: k.c, BuildingID: k.b, Week: now[k], Average: avg})
		}
	}
	slices.SortFunc(out, func(a, b Surge) int { return b.Week - a.Week })
	return out
}

// Clusters applies the floor rule to windows ending in [start, end):
// hour buckets (from from) are slid over in windows of ClusterWindow.
// Each floor and category is reported once, at its busiest window.
func Clusters(from, start, end time.Time, rows []RequestCount) []Cluster {
	type key struct {
		c kiosk.RequestCategory
		b string
		f int
	}
	hours := map[key]map[int64]int{}
	var order []key
	for _, r := range rows {
		k := key{r.Category, r.BuildingID, r.Floor}
		if hours[k] == nil {
			hours[k] = map[int64]int{}
			order = append(order, k)
		}
		hours[k][r.Bucket] += r.Count
	}
	span := int64(ClusterWindow / time.Hour)
	var out []Cluster
	for _, k := range order {
		best := Cluster{Category: k.c, BuildingID: k.b, Floor: k.f}
		for b := range hours[k] {
			// The window starting at bucket b; it counts if it reaches
			// into [start, end).
			wFrom := At(from, b)
			if !wFrom.Before(end) || !wFrom.Add(ClusterWindow).After(start) {
				continue
			}
			n := 0
			for h := b; h < b+span; h++ {
				n += hours[k][h]
			}
			if n > best.Count || (n == best.Count && wFrom.Before(best.From)) {
				best.Count, best.From = n, wFrom
			}
		}
		if best.Count >= ClusterCount {
			out = append(out, best)
		}
	}
	slices.SortFunc(out, func(a, b Cluster) int { return b.Count - a.Count })
	return out
}
