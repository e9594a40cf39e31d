//go:build ignore

// Draws icon.png, the kiosk's application icon (packages, desktop entry,
// the Windows .exe): 一站 in the bundled bold font, white on the theme's
// primary blue, in a rounded square. Run from assets/: go run icon_gen.go
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

const (
	size   = 512
	radius = 96 // corner radius, as desktop icon themes round theirs
	margin = 16 // transparent border, so the square does not touch the edge
)

var primary = color.NRGBA{R: 0x0b, G: 0x57, B: 0xd0, A: 0xff} // kiosk/ui theme's ColorNamePrimary

func main() {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	drawRoundedSquare(img)
	if err := drawText(img, "一站"); err != nil {
		log.Fatal(err)
	}
	f, err := os.Create("icon.png")
	if err != nil {
		log.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

// drawRoundedSquare fills the square with an antialiased edge: each
// pixel's cover is its distance inside the rounded outline, clamped.
func drawRoundedSquare(img *image.NRGBA) {
	lo, hi := float64(margin+radius), float64(size-margin-radius)
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			px, py := float64(x)+0.5, float64(y)+0.5
			dx := math.Max(math.Max(lo-px, px-hi), 0)
			dy := math.Max(math.Max(lo-py, py-hi), 0)
			cover := radius - math.Hypot(dx, dy) + 0.5
			if cover <= 0 {
				continue
			}
			c := primary
			c.A = uint8(math.Min(cover, 1) * 255)
			img.SetNRGBA(x, y, c)
		}
	}
}

// drawText centres s in white; the glyphs' own antialiasing is kept by
// blending white over the blue with the glyph mask's coverage.
func drawText(img *image.NRGBA, s string) error {
	data, err := os.ReadFile("fonts/NotoSansSC-Bold.ttf")
	if err != nil {
		return err
	}
	f, err := opentype.Parse(data)
	if err != nil {
		return err
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 176, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return err
	}
	defer face.Close()
	mask := image.NewAlpha(img.Bounds())
	d := font.Drawer{Dst: mask, Src: image.Opaque, Face: face}
	b, _ := d.BoundString(s)
	w, h := (b.Max.X - b.Min.X).Ceil(), (b.Max.Y - b.Min.Y).Ceil()
	d.Dot = fixed.P((size-w)/2, (size-h)/2).Sub(b.Min)
	d.DrawString(s)
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			a := float64(mask.AlphaAt(x, y).A) / 255
			if a == 0 {
				continue
			}
			c := img.NRGBAAt(x, y)
			mix := func(v uint8) uint8 { return uint8(float64(v)*(1-a) + 255*a + 0.5) }
			c.R, c.G, c.B = mix(c.R), mix(c.G), mix(c.B)
			img.SetNRGBA(x, y, c)
		}
	}
	return nil
}
