package ui

import (
	"context"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Minimum tap-target heights at scale 1. DESIGN.md asks for ≥ 48 px; the
// kiosk's are bigger because people tap standing, often in a hurry.
const (
	tapHeight  float32 = 64  // header and secondary buttons
	keyHeight  float32 = 80  // keypad keys
	bigHeight  float32 = 104 // purpose buttons, Done, Continue
	tileHeight float32 = 150 // home tiles
)

// minSized gives obj a minimum size without changing how it lays out.
func minSized(obj fyne.CanvasObject, w, h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(w, h))
	return container.NewStack(r, obj)
}

// label returns a label in the theme size sz, e.g. theme.SizeNameHeadingText.
func label(text string, sz fyne.ThemeSizeName, bold bool, imp widget.Importance) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName, l.Importance = sz, imp
	l.TextStyle.Bold = bold
	return l
}

// para is a word-wrapped label for sentences that may not fit one line.
func para(text string, sz fyne.ThemeSizeName, bold bool, imp widget.Importance) *widget.Label {
	l := label(text, sz, bold, imp)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// line is one paragraph of a text block.
type line struct {
	text string
	size fyne.ThemeSizeName
	bold bool
	col  fyne.ThemeColorName // "" is the foreground colour
}

// block stacks word-wrapped paragraphs in one RichText. One widget has
// one inset, where a label per line would add padding per line and push
// large-text screens past 800 px. Empty lines are left out.
func block(align fyne.TextAlign, lines ...line) *widget.RichText {
	segs := make([]widget.RichTextSegment, 0, len(lines))
	for _, l := range lines {
		if l.text == "" {
			continue
		}
		col := l.col
		if col == "" {
			col = theme.ColorNameForeground
		}
		segs = append(segs, &widget.TextSegment{Text: l.text, Style: widget.RichTextStyle{
			Alignment: align,
			ColorName: col,
			SizeName:  l.size,
			TextStyle: fyne.TextStyle{Bold: l.bold},
		}})
	}
	r := widget.NewRichText(segs...)
	r.Wrapping = fyne.TextWrapWord
	return r
}

// plain is one unpadded line of text for small status lines, where a
// label's inset would waste height.
func (k *Kiosk) plain(text string, sz fyne.ThemeSizeName, col fyne.ThemeColorName) *canvas.Text {
	th := k.app.Settings().Theme()
	v := k.app.Settings().ThemeVariant()
	t := canvas.NewText(text, th.Color(col, v))
	t.TextSize = th.Size(sz)
	return t
}

// bigButton is a named button with text bigger than a button label can
// be, on one or more lines: the text lies over an empty button that takes
// the taps. fn nil shows it disabled.
func (k *Kiosk) bigButton(name string, imp widget.Importance, fn func(context.Context), lines ...line) fyne.CanvasObject {
	fg := theme.ColorNameForeground
	switch imp {
	case widget.HighImportance:
		fg = theme.ColorNameForegroundOnPrimary
	case widget.WarningImportance:
		fg = theme.ColorNameForegroundOnWarning
	case widget.DangerImportance:
		fg = theme.ColorNameForegroundOnError
	}
	enabled := fn != nil
	if !enabled {
		fg, fn = theme.ColorNameDisabled, func(context.Context) {}
	}
	b := k.button(name, "", imp, fn)
	if !enabled {
		b.Disable()
	}
	for i := range lines {
		if lines[i].col == "" {
			lines[i].col = fg
		}
	}
	return container.NewStack(b, vcenter(block(fyne.TextAlignCenter, lines...)))
}

// vcenter centres objects vertically while giving them the full width, so
// wrapped text wraps at the container's width rather than per word.
func vcenter(objs ...fyne.CanvasObject) fyne.CanvasObject {
	all := append([]fyne.CanvasObject{layout.NewSpacer()}, objs...)
	return container.NewVBox(append(all, layout.NewSpacer())...)
}

// panel puts content on a rounded card of the given colour.
func panel(content fyne.CanvasObject, fill, stroke color.Color) fyne.CanvasObject {
	bg := canvas.NewRectangle(fill)
	bg.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	if stroke != nil {
		bg.StrokeColor, bg.StrokeWidth = stroke, 2
	}
	return container.NewStack(bg, container.NewPadded(content))
}

// touchCatcher lies under (or, for the idle warning, over) the screen so
// that a tap anywhere counts as a touch, not only taps on buttons.
type touchCatcher struct {
	widget.BaseWidget
	fill  color.Color
	onTap func()
}

func newTouchCatcher(fill color.Color, onTap func()) *touchCatcher {
	if fill == nil {
		fill = color.Transparent // painters dereference the fill colour
	}
	c := &touchCatcher{fill: fill, onTap: onTap}
	c.ExtendBaseWidget(c)
	return c
}

func (c *touchCatcher) Tapped(*fyne.PointEvent) { c.onTap() }

func (c *touchCatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(c.fill))
}

// cellButton is a bigButton for short fixed texts (a time, a state):
// plain text objects instead of a wrapping RichText, because grids of
// them must rebuild within a frame.
func (k *Kiosk) cellButton(name string, imp widget.Importance, fn func(context.Context), lines ...line) fyne.CanvasObject {
	fg := theme.ColorNameForeground
	switch imp {
	case widget.HighImportance:
		fg = theme.ColorNameForegroundOnPrimary
	case widget.WarningImportance:
		fg = theme.ColorNameForegroundOnWarning
	case widget.DangerImportance:
		fg = theme.ColorNameForegroundOnError
	}
	enabled := fn != nil
	if !enabled {
		fg, fn = theme.ColorNameDisabled, func(context.Context) {}
	}
	b := k.button(name, "", imp, fn)
	if !enabled {
		b.Disable()
	}
	texts := make([]fyne.CanvasObject, 0, len(lines))
	for _, l := range lines {
		col := l.col
		if col == "" {
			col = fg
		}
		t := k.plain(l.text, l.size, col)
		t.Alignment = fyne.TextAlignCenter
		t.TextStyle.Bold = l.bold
		texts = append(texts, t)
	}
	return container.NewStack(b, vcenter(texts...))
}
