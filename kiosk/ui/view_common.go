package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// screen lays out a flow screen: a title (and optional hint line) with
// any error or notice right under it, the content, and the actions in a
// row along the bottom where a thumb finds them.
func (k *Kiosk) screen(title, hint string, content fyne.CanvasObject, actions ...fyne.CanvasObject) fyne.CanvasObject {
	lines := []line{{text: title, size: theme.SizeNameSubHeadingText, bold: true}}
	if hint != "" {
		lines = append(lines, line{text: hint, size: theme.SizeNameText})
	}
	lines = append(lines, k.messageLines()...)
	var bottom fyne.CanvasObject
	if len(actions) > 0 {
		bottom = container.NewGridWithColumns(len(actions), actions...)
	}
	if content == nil {
		content = layout.NewSpacer()
	}
	return container.NewBorder(block(fyne.TextAlignLeading, lines...), bottom, nil, nil, content)
}

// messageLines are the error (red) and notice (green) on screen.
func (k *Kiosk) messageLines() []line {
	var out []line
	if e := k.flow.S.Err; e != nil {
		out = append(out, line{text: k.msg(e), size: theme.SizeNameText, bold: true, col: theme.ColorNameError})
	}
	if n := k.flow.S.Notice; n != nil {
		out = append(out, line{text: k.msg(n), size: theme.SizeNameText, bold: true, col: theme.ColorNameSuccess})
	}
	return out
}

// action is a named button of the bottom row; fn nil disables it.
func (k *Kiosk) action(name, text string, imp widget.Importance, fn func(context.Context)) fyne.CanvasObject {
	if fn == nil {
		b := k.button(name, text, imp, func(context.Context) {})
		b.Disable()
		return minSized(b, 0, tapHeight)
	}
	return minSized(k.button(name, text, imp, fn), 0, tapHeight)
}

// choice is a big named button with a title and an optional second line
// (or the second line alone, bold, in text size). Its text wraps, so it
// never makes a row wider than the screen.
func (k *Kiosk) choice(name string, imp widget.Importance, h float32, fn func(context.Context), title, sub string) fyne.CanvasObject {
	var ls []line
	if title != "" {
		ls = append(ls, line{text: title, size: theme.SizeNameSubHeadingText, bold: true})
	}
	if sub != "" {
		ls = append(ls, line{text: sub, size: theme.SizeNameText, bold: title == ""})
	}
	return minSized(k.bigButton(name, imp, fn, ls...), 0, h)
}

// pager is ‹ 2/5 › for a list too long for one screen; there is no drag
// scrolling on the kiosk. label replaces "2/5" when not empty. It is
// left out when everything fits on one page and there is no label.
func (k *Kiosk) pager(prefix string, page, pages int, label string, step func(ctx context.Context, d int)) fyne.CanvasObject {
	if pages <= 1 && label == "" {
		return nil
	}
	if label == "" {
		label = k.t("PageOf", map[string]any{"N": page + 1, "Total": pages})
	}
	h := tapHeight
	var prevFn, nextFn func(context.Context)
	if page > 0 {
		prevFn = func(ctx context.Context) { step(ctx, -1) }
	}
	if page < pages-1 {
		nextFn = func(ctx context.Context) { step(ctx, 1) }
	}
	prev := k.glyphButton(prefix+".prev", "←", prevFn)
	next := k.glyphButton(prefix+".next", "→", nextFn)
	l := widget.NewLabel(label)
	l.TextStyle.Bold = true
	l.Alignment = fyne.TextAlignCenter
	return container.NewBorder(nil, nil, minSized(prev, h+16, h), minSized(next, h+16, h), vcenter(l))
}

// glyphButton is a named button showing one symbol (an arrow, minus or
// plus); fn nil disables it. A glyph of the bundled font rather than a
// theme icon: icons are SVG, re-parsed whenever a screen is rebuilt.
func (k *Kiosk) glyphButton(name, glyph string, fn func(context.Context)) *widget.Button {
	enabled := fn != nil
	if !enabled {
		fn = func(context.Context) {}
	}
	b := k.button(name, glyph, widget.MediumImportance, fn)
	if !enabled {
		b.Disable()
	}
	return b
}

// grid lays cells out in cols columns, padding the last row so every
// cell keeps the same width.
func grid(cols int, cells []fyne.CanvasObject) fyne.CanvasObject {
	for len(cells)%cols != 0 {
		cells = append(cells, layout.NewSpacer())
	}
	return container.NewGridWithColumns(cols, cells...)
}

// stepper is "− value +" (or "‹ value ›") with buttons named
// prefix.minus and prefix.plus (prefix.prev and prefix.next for arrows).
func (k *Kiosk) stepper(prefix string, arrows bool, value string, canDown, canUp bool, step func(ctx context.Context, d int)) fyne.CanvasObject {
	h := tapHeight
	var down, up func(context.Context)
	if canDown {
		down = func(ctx context.Context) { step(ctx, -1) }
	}
	if canUp {
		up = func(ctx context.Context) { step(ctx, 1) }
	}
	dn, un, dg, ug := ".minus", ".plus", "－", "＋"
	if arrows {
		dn, un, dg, ug = ".prev", ".next", "←", "→"
	}
	m := k.glyphButton(prefix+dn, dg, down)
	p := k.glyphButton(prefix+un, ug, up)
	l := widget.NewLabel(value)
	l.TextStyle.Bold = true
	l.Alignment = fyne.TextAlignCenter
	l.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, minSized(m, h+16, h), minSized(p, h+16, h), vcenter(l))
}
