package client_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/client"
	"onestop/sync/wire"
)

func mutations(n, payloadBytes int) []wire.Mutation {
	ms := make([]wire.Mutation, n)
	p := `{"note":"` + strings.Repeat("x", payloadBytes) + `"}`
	for i := range ms {
		ms[i] = wire.Mutation{Seq: int64(i + 1), ID: "id", Kind: "visit.checkin", At: t0.Add(time.Duration(i)), Payload: json.RawMessage(p)}
	}
	return ms
}

func TestEncodePushLimits(t *testing.T) {
	for _, tc := range []struct {
		name        string
		n, payload  int
		maxBytes    int
		wantAtMost  int
		wantAtLeast int
	}{
		{"count", 600, 10, wire.MaxPushBytes, wire.MaxMutations, wire.MaxMutations},
		{"bytes", 400, 10_000, wire.MaxPushBytes, 105, 100},
		{"all", 3, 10, wire.MaxPushBytes, 3, 3},
		{"small limit", 10, 100, 500, 3, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ms := mutations(tc.n, tc.payload)
			body, n, err := client.EncodePush("k_1", ms, tc.maxBytes)
			if err != nil || n > tc.wantAtMost || n < tc.wantAtLeast {
				t.Fatalf("EncodePush = %d mutations, %v", n, err)
			}
			if len(body) > tc.maxBytes {
				t.Fatalf("body of %d bytes over %d", len(body), tc.maxBytes)
			}
			var req wire.PushRequest
			if err := json.Unmarshal(body, &req); err != nil || req.KioskID != "k_1" || len(req.Mutations) != n {
				t.Fatalf("decoded %d mutations, %v", len(req.Mutations), err)
			}
			if n < tc.n {
				// The next one would not have fitted.
				more, _, _ := client.EncodePush("k_1", ms[:n+1], 1<<30)
				if len(more) <= tc.maxBytes && n < wire.MaxMutations {
					t.Errorf("stopped at %d though %d more bytes fit", n, tc.maxBytes-len(body))
				}
			}
			if req.Mutations[0].Seq != 1 || req.Mutations[n-1].Seq != int64(n) {
				t.Errorf("seqs %d..%d", req.Mutations[0].Seq, req.Mutations[n-1].Seq)
			}
		})
	}
	if _, _, err := client.EncodePush("k_1", mutations(1, 2000), 1000); err == nil {
		t.Error("a mutation larger than the limit must be an error")
	}
}

// TestEntityNamesInStep: the domain names the feed's entities as the
// wire does; only volunteer is never sent (docs/protocol.md).
func TestEntityNamesInStep(t *testing.T) {
	domain := map[string]bool{}
	for _, e := range []string{kiosk.EntitySettings, kiosk.EntityAnnouncement, kiosk.EntityBuilding, kiosk.EntityEvent,
		kiosk.EntityRoom, kiosk.EntityMentor, kiosk.EntityMentorSlot, kiosk.EntityStudent, kiosk.EntityBooking,
		kiosk.EntityAppointment, kiosk.EntityRequest, kiosk.EntityShift, kiosk.EntityAttendance, kiosk.EntityVisit,
		kiosk.EntityRelease, kiosk.EntityKioskCommand} {
		domain[e] = true
	}
	for _, e := range wire.Entities {
		if !domain[e] && e != wire.EntityVolunteer {
			t.Errorf("wire entity %q has no kiosk.Entity* name", e)
		}
		delete(domain, e)
	}
	if len(domain) > 0 {
		t.Errorf("kiosk entities unknown to the wire: %v", domain)
	}
}
