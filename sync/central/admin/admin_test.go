package admin_test

import (
	"testing"

	"golang.org/x/crypto/bcrypt"

	"onestop/sync/central/admin"
)

// TestDummyHashCostsLikeARealOne: an unknown admin name must cost a
// bcrypt comparison at the cost real passwords are hashed with.
func TestDummyHashCostsLikeARealOne(t *testing.T) {
	if c, err := bcrypt.Cost(admin.DummyHash); err != nil || c != bcrypt.DefaultCost {
		t.Fatalf("dummy hash cost %d, %v; want %d", c, err, bcrypt.DefaultCost)
	}
}
