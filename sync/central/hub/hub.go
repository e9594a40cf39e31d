// Package hub tells long polls that a hall's change feed moved. A
// waiter asks for the hall's current channel and waits on it; the next
// commit that records changes for that hall closes it, waking every
// waiter at once, and the hall gets a fresh channel. All waiters of a
// hall share one channel, so a waiter costs the hub nothing beyond the
// reference its request holds: no goroutine, no list entry to remove
// when the request ends.
package hub

import "sync"

// Hub is one process's broadcaster, per hall. The zero value is ready.
type Hub struct {
	mu    sync.Mutex
	halls map[string]chan struct{}
}

// Changed returns a channel closed by the next Notify of hallID (or
// NotifyAll) after the call. A waiter takes it before reading the feed,
// so a change committed between the read and the wait still wakes it.
func (h *Hub) Changed(hallID string) <-chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	ch, ok := h.halls[hallID]
	if !ok {
		if h.halls == nil {
			h.halls = map[string]chan struct{}{}
		}
		ch = make(chan struct{})
		h.halls[hallID] = ch
	}
	return ch
}

// Notify wakes the waiters of each hall. A hall nobody waits on costs
// nothing: its entry appears only with its first waiter.
func (h *Hub) Notify(hallIDs ...string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, id := range hallIDs {
		if ch, ok := h.halls[id]; ok {
			close(ch)
			delete(h.halls, id)
		}
	}
}

// NotifyAll wakes every waiter, as when notifications may have been
// missed (a lost listening connection): they read the feed again.
func (h *Hub) NotifyAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for id, ch := range h.halls {
		close(ch)
		delete(h.halls, id)
	}
}
