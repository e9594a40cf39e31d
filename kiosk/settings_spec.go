package kiosk

import "strconv"

// SettingSpec describes one setting an admin may set, from the same
// tables CheckSetting and ParseSettings use, so an editor shows exactly
// the range that is enforced.
type SettingSpec struct {
	Key     string
	Kind    string // SpecNumber, SpecChoice, SpecURL, SpecDate, SpecWeight
	Unit    string // for numbers: "seconds", "minutes", "hours", "days", or "" for a count
	Min     int
	Max     int
	Allowed []string // for choices
	Default string   // "" where the default is derived (term.start)
}

// Kinds of setting values.
const (
	SpecNumber = "number"
	SpecChoice = "choice"
	SpecURL    = "url"
	SpecDate   = "date"
	SpecWeight = "weight" // a decimal from 0 to 1
)

// SettingSpecs lists every settable key in SettingKeys' order.
func SettingSpecs() []SettingSpec {
	def := DefaultSettings()
	byKey := map[string]SettingSpec{
		SettingDefaultLang: {Key: SettingDefaultLang, Kind: SpecChoice, Allowed: []string{LangZh, LangEn}, Default: def.DefaultLang},
		SettingPublicURL:   {Key: SettingPublicURL, Kind: SpecURL, Default: def.PublicURL},
		SettingTermStart:   {Key: SettingTermStart, Kind: SpecDate},
		SettingBasicallyWeight: {Key: SettingBasicallyWeight, Kind: SpecWeight,
			Default: strconv.FormatFloat(DefaultBasicallyWeight, 'f', -1, 64)},
	}
	for _, d := range durationSettings {
		byKey[d.key] = SettingSpec{Key: d.key, Kind: SpecNumber, Unit: unitName(d.unit), Min: d.min, Max: d.max,
			Default: strconv.Itoa(int(*d.field(&def) / d.unit))}
	}
	for _, d := range intSettings {
		byKey[d.key] = SettingSpec{Key: d.key, Kind: SpecNumber, Min: d.min, Max: d.max, Default: strconv.Itoa(*d.field(&def))}
	}
	var out []SettingSpec
	for _, k := range SettingKeys() {
		if s, ok := byKey[k]; ok {
			out = append(out, s)
		}
	}
	return out
}
