package sqlstore_test

import (
	"context"
	"testing"
)

// TestExecCountAfterQueued: in a push mutation, a write that must be
// counted runs at once, after the writes queued before it, and returns
// the real count; on PostgreSQL those writes really were queued.
func TestExecCountAfterQueued(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			n, queued, err := open(t).CountAfterQueued(context.Background(), 3)
			if err != nil || n != 3 {
				t.Fatalf("count %d, %v; want 3", n, err)
			}
			if name == "postgres" && queued != 3 {
				t.Fatalf("%d writes queued before the count, want 3", queued)
			}
		})
	}
}
