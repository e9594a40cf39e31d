package central

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"onestop/kiosk"
)

// EditorStore is what the console's catalog editors read beyond
// CatalogStore, and the batch write of a mentor's weekly pattern.
type EditorStore interface {
	// HallEntities returns the hall's entities of one kind (wire.Entity*)
	// as kiosks see them, by id.
	HallEntities(ctx context.Context, hallID, entity string) ([]json.RawMessage, error)
	// MentorSlots returns the mentor's slots starting in [from, to), by
	// start, each marked Taken when an appointment holds it.
	MentorSlots(ctx context.Context, mentorID string, from, to time.Time) ([]kiosk.MentorSlot, error)
	// ApplyMentorSlots applies a weekly pattern in one transaction.
	ApplyMentorSlots(ctx context.Context, ch MentorSlotChange) (SlotsApplied, error)
}

// MentorSlotChange is a weekly pattern's effect on one mentor's slots:
// Put are added or moved, Clear are days whose free slots go. A slot an
// appointment holds stays as it is either way: the student keeps it.
type MentorSlotChange struct {
	MentorID string
	Put      []kiosk.MentorSlot
	Clear    []kiosk.DayOff
}

// SlotsApplied counts what ApplyMentorSlots wrote and removed.
type SlotsApplied struct{ Put, Removed int }

// HallList decodes HallEntities into T.
func HallList[T any](ctx context.Context, s EditorStore, hallID, entity string) ([]T, error) {
	raw, err := s.HallEntities(ctx, hallID, entity)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(raw))
	for _, r := range raw {
		var v T
		if err := json.Unmarshal(r, &v); err != nil {
			return nil, fmt.Errorf("%s of hall %s: %w", entity, hallID, err)
		}
		out = append(out, v)
	}
	return out, nil
}
