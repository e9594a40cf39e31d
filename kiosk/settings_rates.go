package kiosk

import (
	"math"
	"strconv"
	"strings"
)

// SettingBasicallyWeight is k in the 接诉即办 满意率: a "basically
// satisfied" answer counts k of a "satisfied" one. Central's rates read
// it per hall; kiosks ignore it.
const SettingBasicallyWeight = "rates.basically_weight"

// DefaultBasicallyWeight is k when the hall sets none.
const DefaultBasicallyWeight = 0.9

// weightIn reads a weight from 0 to 1 ("0.9", "1", "0").
func weightIn(v string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	return f, err == nil && !math.IsNaN(f) && f >= 0 && f <= 1
}
