package kiosktest_test

import (
	"testing"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/kiosk/servicetest"
)

// TestContract holds the fakes to the store's behaviour.
func TestContract(t *testing.T) {
	servicetest.Run(t, func(_ testing.TB, clock kiosk.Clock) servicetest.Env {
		f := kiosktest.New(clock.(*kiosktest.Clock), nil)
		return servicetest.Env{Rooms: f.Rooms, Appointments: f.Appointments, Visits: f.Visits, Events: f.Events,
			Requests: f.Requests, Records: f.Records, Apply: f.ApplyChanges}
	})
}
