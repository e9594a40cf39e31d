// Package assets embeds the files the kiosk ships: the CJK font (so
// Chinese renders on machines with no CJK system font) and its licence.
package assets

import _ "embed"

// FontRegular and FontBold are Noto Sans SC (SIL OFL 1.1, see
// fonts/OFL.txt), subset to GB2312, rare name characters and the symbols
// the screens use; fonts/README.md says how to rebuild them.
var (
	//go:embed fonts/NotoSansSC-Regular.ttf
	FontRegular []byte
	//go:embed fonts/NotoSansSC-Bold.ttf
	FontBold []byte
)
