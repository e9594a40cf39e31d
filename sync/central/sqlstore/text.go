package sqlstore

import (
	"strings"

	"onestop/kiosk"
	"onestop/sync/wire"
)

// screenText finds the mutations whose id, kind or payload holds a NUL
// or invalid UTF-8 (wire.BadText) and makes their id and kind storable,
// so that their refusal itself can be recorded on every store.
func screenText(ms []kiosk.Mutation) map[int64]string {
	bad := map[int64]string{}
	for i := range ms {
		m := &ms[i]
		field, isBad := wire.BadText(m.Payload)
		for name, s := range map[string]*string{"id": &m.ID, "kind": &m.Kind} {
			if clean := cleanText(*s); clean != *s {
				*s, field, isBad = clean, name, true
			}
		}
		if isBad {
			bad[m.Seq] = field
		}
	}
	return bad
}

// cleanText is s as valid UTF-8 without NUL.
func cleanText(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}
