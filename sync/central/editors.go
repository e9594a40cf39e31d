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
	// PutMentorSlots adds or moves the mentor slots in one transaction,
	// leaving any an appointment holds as they are; it returns how many
	// it wrote.
	PutMentorSlots(ctx context.Context, ss []kiosk.MentorSlot) (int, error)
}

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
