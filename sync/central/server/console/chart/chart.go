// Package chart draws the console's small bar charts as inline SVG on
// the server. No library: no maintained Go library renders small,
// accessible inline SVG without JavaScript, and a bar chart is a few
// rectangles. Each chart is role="img" with a <title> naming it; the
// page puts the figures in a data table next to it, which is what a
// screen reader reads.
package chart

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// Series is one stack of the bars: a value per label.
type Series struct {
	Name   string
	Values []float64
}

// Bars is a (stacked) bar chart.
type Bars struct {
	ID     string // unique on the page; the title's id derives from it
	Title  string // the accessible name
	Labels []string
	Series []Series
	// Max fixes the scale's top (1 for shares); 0 scales to the data.
	Max float64
	// Format writes the scale's top value; nil prints it as a number.
	Format func(float64) string
}

// Colors of the series, in order: each at least 3:1 against white
// (WCAG 1.4.11) and against its neighbours.
var Colors = []string{"#0b57d0", "#b3261e", "#146c2e", "#7b1fa2", "#8a5300", "#3c4650"}

const (
	width, height    = 720, 240
	left, top, right = 48, 12, 8
	plotH            = 160
	legendY          = top + plotH + 44
)

// SVG renders the chart.
func (b Bars) SVG() template.HTML {
	n := len(b.Labels)
	peak := b.Max
	for i := range n {
		sum := 0.0
		for _, s := range b.Series {
			if i < len(s.Values) {
				sum += s.Values[i]
			}
		}
		peak = max(peak, sum)
	}
	if peak <= 0 {
		peak = 1
	}
	format := b.Format
	if format == nil {
		format = func(v float64) string { return fmt.Sprintf("%g", v) }
	}
	h := height
	if len(b.Series) > 1 {
		h += 20 * ((len(b.Series) + 3) / 4)
	}
	var w strings.Builder
	esc := html.EscapeString
	fmt.Fprintf(&w, `<svg class="chart" role="img" aria-labelledby="%s-t" viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">`, esc(b.ID), width, h)
	fmt.Fprintf(&w, `<title id="%s-t">%s</title>`, esc(b.ID), esc(b.Title))
	// The scale: a base line and the top value.
	fmt.Fprintf(&w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#3c4650"/>`, left, top+plotH, width-right, top+plotH)
	fmt.Fprintf(&w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#dde3ea"/>`, left, top, width-right, top)
	fmt.Fprintf(&w, `<text x="%d" y="%d" text-anchor="end" font-size="12" fill="#1b1f24">%s</text>`, left-4, top+4, esc(format(peak)))
	fmt.Fprintf(&w, `<text x="%d" y="%d" text-anchor="end" font-size="12" fill="#1b1f24">0</text>`, left-4, top+plotH+4)
	if n > 0 {
		slot := float64(width-left-right) / float64(n)
		bar := slot * 0.7
		every := max(1, (n+23)/24) // at most 24 labels fit under the bars
		for i := range n {
			x := float64(left) + slot*float64(i) + (slot-bar)/2
			y := float64(top + plotH)
			for si, s := range b.Series {
				if i >= len(s.Values) || s.Values[i] <= 0 {
					continue
				}
				bh := s.Values[i] / peak * plotH
				y -= bh
				fmt.Fprintf(&w, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, x, y, bar, bh, Colors[si%len(Colors)])
			}
			if i%every == 0 {
				fmt.Fprintf(&w, `<text x="%.1f" y="%d" text-anchor="middle" font-size="11" fill="#1b1f24">%s</text>`, x+bar/2, top+plotH+16, esc(b.Labels[i]))
			}
		}
	}
	if len(b.Series) > 1 {
		for si, s := range b.Series {
			x := left + (si%4)*170
			y := legendY + (si/4)*20
			fmt.Fprintf(&w, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/>`, x, y-10, Colors[si%len(Colors)])
			fmt.Fprintf(&w, `<text x="%d" y="%d" font-size="12" fill="#1b1f24">%s</text>`, x+18, y, esc(s.Name))
		}
	}
	w.WriteString(`</svg>`)
	return template.HTML(w.String())
}
