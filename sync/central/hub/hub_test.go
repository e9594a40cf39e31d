package hub

import "testing"

func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestNotifyWakesOnlyThatHall(t *testing.T) {
	var h Hub
	a1, a2, b := h.Changed("a"), h.Changed("a"), h.Changed("b")
	if a1 != a2 {
		t.Fatal("waiters of one hall do not share a channel")
	}
	h.Notify("a", "nobody-waits")
	if !closed(a1) || closed(b) {
		t.Fatalf("after Notify(a): a woken %v, b woken %v", closed(a1), closed(b))
	}
	next := h.Changed("a")
	if closed(next) {
		t.Fatal("a waiter after the change is woken by it")
	}
	h.NotifyAll()
	if !closed(next) || !closed(b) {
		t.Fatal("NotifyAll left a waiter asleep")
	}
	if len(h.halls) != 0 {
		t.Fatalf("%d halls kept after every waiter was woken", len(h.halls))
	}
}
