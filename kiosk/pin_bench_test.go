package kiosk_test

import (
	"testing"

	"onestop/kiosk"
)

// BenchmarkPINHash is the cost of one guess at a PIN from a pulled
// hash: hours-all-6-digit is what trying every 6-digit PIN costs one
// core (issue 9: hours, not seconds).
func BenchmarkPINHash(b *testing.B) {
	hash, err := kiosk.HashPIN("264813")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		kiosk.VerifyPIN(hash, "000000")
	}
	perGuess := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(perGuess*1e6/3.6e12, "hours-all-6-digit")
}
