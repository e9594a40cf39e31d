package admin_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/sync/central/admin"
	"onestop/sync/central/sqlitestore/sqlitetest"
)

// Regression (issue 9, item 5): 230 wrong passwords in 12 s were all
// answered, none logged. Failures now slow down per account and per
// address with growing delays, the account's capped at a minute so a
// guesser cannot keep the admin out; each is logged with the address and
// never the password; a right password clears the count.
func TestLoginThrottle(t *testing.T) {
	ctx := context.Background()
	clock := kiosktest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, kiosk.DefaultLocation()))
	a := admin.New(sqlitetest.Fresh(t)(t, clock), clock, nil)
	var log bytes.Buffer
	a.Log = slog.New(slog.NewTextHandler(&log, nil))
	const pw = "a long enough passphrase"
	if err := a.SetPassword(ctx, "root", pw); err != nil {
		t.Fatal(err)
	}
	login := func(p, addr string) error {
		_, _, err := a.Login(ctx, "root", p, addr)
		return err
	}
	var waits []time.Duration
	for range 12 {
		err := login("guess-123456", "203.0.113.9")
		var th *admin.Throttled
		if errors.As(err, &th) {
			waits = append(waits, th.RetryAfter)
			clock.Advance(th.RetryAfter)
			continue
		}
		if kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
			t.Fatalf("wrong password: %v", err)
		}
	}
	if len(waits) == 0 {
		t.Fatal("twelve wrong passwords were never slowed down")
	}
	for i := 1; i < len(waits); i++ {
		if waits[i] < waits[i-1] {
			t.Errorf("delays %v do not grow", waits)
		}
	}
	// Another address may still try, after at most the account's cap.
	if err := login(pw, "198.51.100.7"); err != nil {
		var th *admin.Throttled
		if !errors.As(err, &th) || th.RetryAfter > time.Minute {
			t.Fatalf("the real admin from elsewhere: %v", err)
		}
		clock.Advance(th.RetryAfter)
		if err := login(pw, "198.51.100.7"); err != nil {
			t.Fatalf("after the wait: %v", err)
		}
	}
	if !strings.Contains(log.String(), "203.0.113.9") || strings.Contains(log.String(), "guess-123456") {
		t.Errorf("log must name the address and never the password:\n%s", log.String())
	}
}

func TestWeakPasswordsRefused(t *testing.T) {
	for _, tc := range []struct{ name, pw string }{
		{"root", "short"},
		{"administrator", "Administrator"},
		{"root", "Password123"},
		{"root", "qwertyuiop123"},
	} {
		if err := admin.CheckPassword(tc.name, tc.pw); kiosk.ErrorCode(err) != kiosk.EINVALID {
			t.Errorf("%q for %q: %v, want refused", tc.pw, tc.name, err)
		}
	}
	if err := admin.CheckPassword("root", "correct horse battery"); err != nil {
		t.Errorf("a good passphrase: %v", err)
	}
}
