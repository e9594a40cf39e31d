package storetest

import (
	"fmt"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

func announcement(id string) kiosk.Announcement {
	return kiosk.Announcement{ID: id, Title: kiosk.LocalName{Zh: id}, StartsAt: Start}
}

// testFeedResume: a kiosk that stops after any page and resumes with that
// page's cursor ends with every change exactly once, in order.
func testFeedResume(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	_, c, _ := PullAll(t, f.S, HallA, central.Cursor{}, 500)
	for i := range 25 {
		f.Must(f.S.PutAnnouncement(f.Ctx, HallA, announcement(fmt.Sprint("a", i))))
	}
	var got []central.Change
	for {
		p, err := f.S.Changes(f.Ctx, HallA, c, 7)
		f.Must(err)
		got = append(got, p.Changes...)
		// Resume from the encoded cursor, as a kiosk would after a crash.
		c = central.DecodeCursor(p.Next.Encode())
		if !p.HasMore {
			break
		}
	}
	if len(got) != 25 {
		t.Fatalf("%d changes", len(got))
	}
	for i, ch := range got {
		if ch.ID != fmt.Sprint("a", i) {
			t.Fatalf("change %d is %s", i, ch.ID)
		}
	}
	p, err := f.S.Changes(f.Ctx, HallA, c, 7)
	f.Must(err)
	if len(p.Changes) != 0 || p.HasMore || p.Next != c {
		t.Fatalf("quiet feed %+v", p)
	}
	// Hall B saw none of it.
	bs, _, _ := PullAll(t, f.S, HallB, central.Cursor{}, 500)
	if _, ok := Find(bs, wire.EntityAnnouncement, "a0"); ok {
		t.Fatal("hall B sees hall A's announcement")
	}
}

// testFeedRetention: cursors older than the pruned horizon, or from
// another database, get a reset and a snapshot.
func testFeedRetention(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	_, old, _ := PullAll(t, f.S, HallA, central.Cursor{}, 500)
	f.Must(f.S.PutAnnouncement(f.Ctx, HallA, announcement("early")))
	_, mid, _ := PullAll(t, f.S, HallA, old, 500)
	f.Clock.Advance(31 * 24 * time.Hour)
	f.Must(f.S.PutAnnouncement(f.Ctx, HallA, announcement("late")))
	n, err := f.S.PruneChanges(f.Ctx, f.Clock.Now().Add(-30*24*time.Hour))
	f.Must(err)
	if n == 0 {
		t.Fatal("nothing pruned")
	}
	// A kiosk that had seen everything up to the prune point resumes.
	cs, _, reset := PullAll(t, f.S, HallA, mid, 500)
	if reset || len(cs) != 1 || cs[0].ID != "late" {
		t.Fatalf("resume at horizon: reset %v, %+v", reset, cs)
	}
	// An older one starts over and still gets everything that exists.
	cs, next, reset := PullAll(t, f.S, HallA, old, 500)
	if !reset {
		t.Fatal("cursor older than retention must reset")
	}
	for _, id := range []string{"early", "late"} {
		if _, ok := Find(cs, wire.EntityAnnouncement, id); !ok {
			t.Fatalf("snapshot lacks %s", id)
		}
	}
	if _, ok := Find(cs, wire.EntityRoom, RoomA); !ok {
		t.Fatal("snapshot lacks the room")
	}
	if cs, _, reset := PullAll(t, f.S, HallA, next, 500); reset || len(cs) != 0 {
		t.Fatalf("after the snapshot: reset %v, %d changes", reset, len(cs))
	}
	foreign := next
	foreign.Epoch = "another-db"
	if _, _, reset := PullAll(t, f.S, HallA, foreign, 500); !reset {
		t.Fatal("a cursor from another database must reset")
	}
	if _, _, reset := PullAll(t, f.S, HallA, central.DecodeCursor("garbage!"), 500); !reset {
		t.Fatal("an unreadable cursor must reset")
	}
	// Pruning everything of a hall must not make its cursors reset
	// forever.
	f.Clock.Advance(31 * 24 * time.Hour)
	_, err = f.S.PruneChanges(f.Ctx, f.Clock.Now())
	f.Must(err)
	_, c, reset := PullAll(t, f.S, HallA, central.Cursor{}, 500)
	if !reset {
		t.Fatal("new kiosk must reset")
	}
	if _, _, reset := PullAll(t, f.S, HallA, c, 500); reset {
		t.Fatal("reset loop on a fully pruned hall")
	}
}

// testSnapshotPaging: changes made while a snapshot is paged are not
// lost: they follow the snapshot.
func testSnapshotPaging(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	for i := range 30 {
		f.Must(f.S.PutAnnouncement(f.Ctx, HallA, announcement(fmt.Sprintf("a%02d", i))))
	}
	p, err := f.S.Changes(f.Ctx, HallA, central.Cursor{}, 5)
	f.Must(err)
	if !p.Reset || !p.HasMore || len(p.Changes) != 5 {
		t.Fatalf("first page %+v", p)
	}
	state := map[string]central.Change{}
	apply := func(cs []central.Change) {
		for _, c := range cs {
			if c.Op == wire.OpDelete {
				delete(state, c.Entity+"/"+c.ID)
			} else {
				state[c.Entity+"/"+c.ID] = c
			}
		}
	}
	apply(p.Changes)
	// Meanwhile: one entity already sent changes, one not yet sent is
	// deleted, a new one appears.
	f.Must(f.S.PutBuilding(f.Ctx, HallA, kiosk.Building{ID: BuildingA, Name: kiosk.LocalName{Zh: "新楼"}, Floors: 11}))
	f.Must(f.S.DeleteAnnouncement(f.Ctx, "a00"))
	f.Must(f.S.PutAnnouncement(f.Ctx, HallA, announcement("new")))
	rest, _, reset := PullAll(t, f.S, HallA, p.Next, 5)
	if reset {
		t.Fatal("reset mid-snapshot")
	}
	apply(rest)
	truth, _, _ := PullAll(t, f.S, HallA, central.Cursor{}, 1000)
	want := map[string]central.Change{}
	for _, c := range truth {
		want[c.Entity+"/"+c.ID] = c
	}
	if len(state) != len(want) {
		t.Fatalf("kiosk has %d entities, central %d", len(state), len(want))
	}
	for k, c := range want {
		if key(state[k]) != key(c) {
			t.Fatalf("%s: kiosk %s, central %s", k, state[k].Data, c.Data)
		}
	}
}
