package ui

import (
	"image"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"
)

// QRSize is the side of a QR code on screen at scale 1: phones scan it
// from a screen at arm's length when it is at least 240 px.
const QRSize float32 = 280

// QRImage returns content as a QR code image with a white quiet zone,
// so it scans on the dark high-contrast palette too.
func QRImage(content string) (image.Image, error) {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	q.BackgroundColor, q.ForegroundColor = color.White, color.Black
	return q.Image(512), nil
}

// qr shows content as a QR code of QRSize; the kiosk remembers what it
// encodes for tests. If encoding fails (a too-long URL) the text shows
// instead, so the student still has the address.
func (k *Kiosk) qr(content string) fyne.CanvasObject {
	img, err := QRImage(content)
	if err != nil {
		l := widget.NewLabel(content)
		l.Wrapping = fyne.TextWrapBreak
		return l
	}
	k.qrText = content
	ci := canvas.NewImageFromImage(img)
	ci.FillMode = canvas.ImageFillContain
	ci.ScaleMode = canvas.ImageScalePixels
	ci.SetMinSize(fyne.NewSize(QRSize, QRSize))
	return container.NewCenter(ci)
}

// qrWithCaption is a QR code with the caption message captionID under
// it. The caption comes one phrase per line as its translation breaks it
// ("\n"), never wrapped: wrapped at the code's width, Chinese breaks
// anywhere, leaving a lone last character or a line that starts with
// "、". A phrase wider than the code widens the column instead.
func (k *Kiosk) qrWithCaption(content, captionID string) fyne.CanvasObject {
	objs := []fyne.CanvasObject{k.qr(content)}
	for _, phrase := range strings.Split(k.t(captionID), "\n") {
		t := k.plain(strings.TrimSpace(phrase), theme.SizeNameCaptionText, theme.ColorNameForeground)
		t.Alignment = fyne.TextAlignCenter
		objs = append(objs, t)
	}
	return container.NewVBox(objs...)
}
