package central

import (
	"crypto/sha256"
	"encoding/hex"
)

// HashSecret is how central stores kiosk and admin tokens and enrollment
// codes: the stores keep and look up only this. Tokens carry 256 random
// bits and codes 80 (typed, used once, expiring in a day), so a slow
// hash would add nothing, and every kiosk request checks its token.
func HashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}
