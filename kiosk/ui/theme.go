package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"onestop/assets"
)

// The bundled font covers Chinese, so the kiosk renders correctly on a
// machine without any CJK system font.
var (
	fontRegular = fyne.NewStaticResource("NotoSansSC-Regular.ttf", assets.FontRegular)
	fontBold    = fyne.NewStaticResource("NotoSansSC-Bold.ttf", assets.FontBold)
)

// LargeScale is how much large-text mode enlarges text and icons;
// padding grows by padScale only, so that the screens still fit 1280×800.
const (
	LargeScale = 1.5
	padScale   = 1.25
)

// NewTheme returns the kiosk theme: the bundled font, text of at least
// 18 px and, when large, bigger text on a high-contrast palette.
func NewTheme(large bool) fyne.Theme { return kioskTheme{large: large} }

type kioskTheme struct{ large bool }

// Sizes at scale 1 in normal mode. Text is never below 18 px.
var baseSizes = map[fyne.ThemeSizeName]float32{
	theme.SizeNameText:               22,
	theme.SizeNameHeadingText:        34,
	theme.SizeNameSubHeadingText:     28,
	theme.SizeNameCaptionText:        18,
	theme.SizeNamePadding:            8,
	theme.SizeNameInnerPadding:       14,
	theme.SizeNameInlineIcon:         28,
	theme.SizeNameLineSpacing:        6,
	theme.SizeNameInputRadius:        10,
	theme.SizeNameInputBorder:        2,
	theme.SizeNameSeparatorThickness: 2,
}

func (t kioskTheme) Size(n fyne.ThemeSizeName) float32 {
	s, ok := baseSizes[n]
	if !ok {
		s = theme.DefaultTheme().Size(n)
	}
	if !t.large {
		return s
	}
	switch n {
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText, theme.SizeNameInlineIcon, theme.SizeNameLineSpacing:
		return s * LargeScale
	case theme.SizeNamePadding, theme.SizeNameInnerPadding:
		return s * padScale
	}
	return s
}

func (t kioskTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Symbol {
		return theme.DefaultTheme().Font(s)
	}
	// Monospace and italic use the same faces: Noto Sans SC has neither,
	// and a fallback font would lose the Chinese glyphs.
	if s.Bold {
		return fontBold
	}
	return fontRegular
}

func (t kioskTheme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return theme.DefaultTheme().Icon(n)
}

func (t kioskTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	// The kiosk picks its own palette; the OS light/dark preference has
	// no meaning on a lobby screen.
	p, v := normalPalette, theme.VariantLight
	if t.large {
		p, v = contrastPalette, theme.VariantDark
	}
	if c, ok := p[n]; ok {
		return c
	}
	return theme.DefaultTheme().Color(n, v)
}

// The desk's frame: a colour no student screen uses, and its text.
const (
	ColorNameDesk   fyne.ThemeColorName = "onestopDesk"
	ColorNameOnDesk fyne.ThemeColorName = "onestopOnDesk"
)

func rgb(hex uint32) color.NRGBA {
	return color.NRGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xff}
}

func rgba(hex uint32, a uint8) color.NRGBA {
	c := rgb(hex)
	c.A = a
	return c
}

var normalPalette = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameBackground:          rgb(0xf3f5f8),
	theme.ColorNameForeground:          rgb(0x1b1f24),
	theme.ColorNameButton:              rgb(0xffffff),
	theme.ColorNameDisabledButton:      rgb(0xe4e7eb),
	theme.ColorNameDisabled:            rgb(0x596068),
	theme.ColorNamePrimary:             rgb(0x0b57d0),
	theme.ColorNameForegroundOnPrimary: rgb(0xffffff),
	theme.ColorNameFocus:               rgba(0x0b57d0, 0x55),
	theme.ColorNameHover:               rgba(0x000000, 0x14),
	theme.ColorNamePressed:             rgba(0x000000, 0x30),
	theme.ColorNameError:               rgb(0xb3261e),
	theme.ColorNameForegroundOnError:   rgb(0xffffff),
	theme.ColorNameSuccess:             rgb(0x1e7d32),
	theme.ColorNameForegroundOnSuccess: rgb(0xffffff),
	theme.ColorNameWarning:             rgb(0x9a5b00),
	theme.ColorNameForegroundOnWarning: rgb(0xffffff),
	theme.ColorNameSeparator:           rgb(0xc9ced6),
	theme.ColorNameInputBackground:     rgb(0xffffff),
	theme.ColorNameInputBorder:         rgb(0x8a9099),
	theme.ColorNameHeaderBackground:    rgb(0xffffff),
	theme.ColorNameOverlayBackground:   rgb(0xffffff),
	theme.ColorNameShadow:              rgba(0x000000, 0x40),
	ColorNameDesk:                      rgb(0x5b2a86),
	ColorNameOnDesk:                    rgb(0xffffff),
}

// High contrast: black ground, white text, yellow for what matters,
// strong blue buttons that stand out from the background.
var contrastPalette = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameBackground:          rgb(0x000000),
	theme.ColorNameForeground:          rgb(0xffffff),
	theme.ColorNameButton:              rgb(0x1a3a8f),
	theme.ColorNameDisabledButton:      rgb(0x262626),
	theme.ColorNameDisabled:            rgb(0xc8c8c8),
	theme.ColorNamePrimary:             rgb(0xffd600),
	theme.ColorNameForegroundOnPrimary: rgb(0x000000),
	theme.ColorNameFocus:               rgba(0xffd600, 0x99),
	theme.ColorNameHover:               rgba(0xffffff, 0x33),
	theme.ColorNamePressed:             rgba(0xffffff, 0x55),
	theme.ColorNameError:               rgb(0xff8a80),
	theme.ColorNameForegroundOnError:   rgb(0x000000),
	theme.ColorNameSuccess:             rgb(0x69f0ae),
	theme.ColorNameForegroundOnSuccess: rgb(0x000000),
	theme.ColorNameWarning:             rgb(0xffd600),
	theme.ColorNameForegroundOnWarning: rgb(0x000000),
	theme.ColorNameSeparator:           rgb(0xffffff),
	theme.ColorNameInputBackground:     rgb(0x000000),
	theme.ColorNameInputBorder:         rgb(0xffffff),
	theme.ColorNameHeaderBackground:    rgb(0x000000),
	theme.ColorNameOverlayBackground:   rgb(0x000000),
	theme.ColorNameShadow:              rgba(0xffffff, 0x40),
	ColorNameDesk:                      rgb(0xffd600),
	ColorNameOnDesk:                    rgb(0x000000),
}
