package admin

import (
	"sync"
	"time"
)

// Throttle slows down password guessing at the admin login. Failures
// count per address and per account; past a few, each further attempt
// waits a delay that doubles with every failure. The account's delay is
// capped low (a minute), so that someone guessing cannot keep the real
// admin out for long; an address's goes up to 15 minutes. A right
// password clears its account's and its address's count. It is in
// memory: each central process throttles its own logins.
type Throttle struct {
	mu       sync.Mutex
	accounts map[string]*failures
	addrs    map[string]*failures
}

// Throttle limits.
const (
	accountFree   = 5 // failures of one account before delays start
	addressFree   = 10
	accountMaxGap = time.Minute
	addressMaxGap = 15 * time.Minute
	forgetAfter   = time.Hour // a count this old is forgotten
)

type failures struct {
	n     int
	last  time.Time
	until time.Time // no attempt before this
}

func (f *failures) wait(now time.Time) time.Duration {
	if f == nil || !now.Before(f.until) {
		return 0
	}
	return f.until.Sub(now)
}

func (f *failures) fail(now time.Time, free int, maxGap time.Duration) {
	if now.Sub(f.last) > forgetAfter {
		f.n = 0
	}
	f.n++
	f.last = now
	if over := f.n - free; over > 0 {
		gap := time.Second << min(over-1, 20)
		f.until = now.Add(min(gap, maxGap))
	}
}

// Wait returns how long the account and address must wait before the
// next attempt, zero when they may try now.
func (t *Throttle) Wait(account, addr string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	return max(t.accounts[account].wait(now), t.addrs[addr].wait(now))
}

// Fail counts a wrong password for the account from addr at now.
func (t *Throttle) Fail(account, addr string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.accounts == nil {
		t.accounts, t.addrs = map[string]*failures{}, map[string]*failures{}
	}
	for _, c := range []struct {
		m      map[string]*failures
		key    string
		free   int
		maxGap time.Duration
	}{{t.accounts, account, accountFree, accountMaxGap}, {t.addrs, addr, addressFree, addressMaxGap}} {
		f := c.m[c.key]
		if f == nil {
			f = &failures{}
			c.m[c.key] = f
		}
		f.fail(now, c.free, c.maxGap)
	}
	t.prune(now)
}

// Succeed clears the account's and the address's failures.
func (t *Throttle) Succeed(account, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.accounts, account)
	delete(t.addrs, addr)
}

// prune drops counts old enough to be forgotten, so the maps stay small
// under a scan of many names or addresses.
func (t *Throttle) prune(now time.Time) {
	if len(t.accounts)+len(t.addrs) < 1024 {
		return
	}
	for _, m := range []map[string]*failures{t.accounts, t.addrs} {
		for k, f := range m {
			if now.Sub(f.last) > forgetAfter && !now.Before(f.until) {
				delete(m, k)
			}
		}
	}
}
