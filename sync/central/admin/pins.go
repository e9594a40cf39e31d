package admin

import (
	"context"
	"sync"

	"onestop/kiosk"
)

// Imported PINs are hashed in the background: argon2id costs tens of
// milliseconds a PIN, so a 50,000-student roster with a PIN column takes
// the better part of an hour on one core, and neither the import nor
// the kiosks wait for it. The plain PINs stay in this process's memory
// only until hashed; a restart drops the ones not yet done (import the
// file again).

// PINProgress is how far the background hashing of imported PINs is.
type PINProgress struct {
	Done  int    `json:"done"`
	Total int    `json:"total"`
	Err   string `json:"error,omitempty"` // the last failure, if any
}

type pinJob struct{ key, pin string }

type pinHasher struct {
	mu      sync.Mutex
	queue   []pinJob
	p       PINProgress
	running bool
	changed chan struct{} // closed and replaced after each PIN
}

// queuePINs hands jobs to the background hasher.
func (a *Admin) queuePINs(jobs []pinJob) {
	if len(jobs) == 0 {
		return
	}
	h := &a.pins
	h.mu.Lock()
	defer h.mu.Unlock()
	h.queue = append(h.queue, jobs...)
	h.p.Total += len(jobs)
	if !h.running {
		h.running, h.changed = true, make(chan struct{})
		go a.hashPINs()
	}
}

func (a *Admin) hashPINs() {
	h := &a.pins
	for {
		h.mu.Lock()
		if len(h.queue) == 0 {
			h.running = false
			close(h.changed)
			h.mu.Unlock()
			return
		}
		j := h.queue[0]
		h.queue = h.queue[1:]
		h.mu.Unlock()
		hash, err := kiosk.HashPIN(j.pin)
		if err == nil {
			err = a.store.SetStudentPIN(context.Background(), j.key, hash)
		}
		h.mu.Lock()
		h.p.Done++
		if err != nil {
			h.p.Err = err.Error()
			a.Log.Warn("hash imported PIN", "err", err)
		}
		close(h.changed)
		h.changed = make(chan struct{})
		h.mu.Unlock()
	}
}

// PINProgress says how far the hashing of imported PINs is.
func (a *Admin) PINProgress() PINProgress {
	a.pins.mu.Lock()
	defer a.pins.mu.Unlock()
	return a.pins.p
}

// WaitPINs waits until every imported PIN is hashed, calling report
// after each hundredth and at the end (the CLI shows progress), or
// until ctx ends.
func (a *Admin) WaitPINs(ctx context.Context, report func(PINProgress)) error {
	for {
		h := &a.pins
		h.mu.Lock()
		changed, running, p := h.changed, h.running, h.p
		h.mu.Unlock()
		if !running {
			report(p)
			return nil
		}
		if p.Done%100 == 0 && p.Done > 0 {
			report(p)
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
