package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// growRows stacks objects top-down at full width. The first ones share
// the height equally, each at least its minimum and at most max; the
// last tail ones (a pager) keep their minimum and follow right after.
// A column of big buttons so fills a tall screen with bigger touch
// targets, fits a small one, and never stretches a button absurdly.
type growRows struct {
	max  float32
	tail int
}

// newGrowRows lays out objs with growRows.
func newGrowRows(max float32, tail int, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(growRows{max: max, tail: tail}, objs...)
}

func visibleObjects(objs []fyne.CanvasObject) []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, 0, len(objs))
	for _, o := range objs {
		if o.Visible() {
			out = append(out, o)
		}
	}
	return out
}

func (g growRows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	objs = visibleObjects(objs)
	var w, h float32
	for _, o := range objs {
		m := o.MinSize()
		w, h = max(w, m.Width), h+m.Height
	}
	if len(objs) > 1 {
		h += theme.Padding() * float32(len(objs)-1)
	}
	return fyne.NewSize(w, h)
}

func (g growRows) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs = visibleObjects(objs)
	if len(objs) == 0 {
		return
	}
	pad := theme.Padding()
	grow := max(len(objs)-g.tail, 0)
	rest := size.Height - pad*float32(len(objs)-1)
	for _, o := range objs[grow:] {
		rest -= o.MinSize().Height
	}
	share := rest
	if grow > 0 {
		share = rest / float32(grow)
	}
	y := float32(0)
	for i, o := range objs {
		h := o.MinSize().Height
		if i < grow {
			h = max(h, min(share, g.max))
		}
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + pad
	}
}
