package client

import (
	"bytes"
	"encoding/json"
	"fmt"

	"onestop/kiosk"
	"onestop/sync/wire"
)

// EncodePush encodes a push of as many of ms, from the first, as fit in
// maxBytes and wire.MaxMutations, and says how many that is. Each
// mutation is encoded once, so the size is exact. One mutation too large
// on its own is an error: central would refuse it for ever.
func EncodePush(kioskID string, ms []wire.Mutation, maxBytes int) ([]byte, int, error) {
	id, err := json.Marshal(kioskID)
	if err != nil {
		return nil, 0, err
	}
	var b bytes.Buffer
	b.WriteString(`{"kiosk_id":`)
	b.Write(id)
	b.WriteString(`,"mutations":[`)
	const tail = len(`]}`)
	n := 0
	for _, m := range ms[:min(len(ms), wire.MaxMutations)] {
		enc, err := json.Marshal(m)
		if err != nil {
			return nil, 0, fmt.Errorf("encode seq %d: %w", m.Seq, err)
		}
		sep := 0
		if n > 0 {
			sep = 1
		}
		if b.Len()+sep+len(enc)+tail > maxBytes {
			break
		}
		if sep > 0 {
			b.WriteByte(',')
		}
		b.Write(enc)
		n++
	}
	if n == 0 && len(ms) > 0 {
		return nil, 0, fmt.Errorf("outbox entry seq %d does not fit in a push of %d bytes", ms[0].Seq, maxBytes)
	}
	b.WriteString(`]}`)
	return b.Bytes(), n, nil
}

// toWire numbers local outbox entries for central.
func toWire(ms []kiosk.Mutation, seqBase int64) []wire.Mutation {
	out := make([]wire.Mutation, len(ms))
	for i, m := range ms {
		out[i] = wire.Mutation{Seq: m.Seq - seqBase, ID: m.ID, Kind: m.Kind, At: m.At.UTC(), Payload: m.Payload}
	}
	return out
}

// fromWire turns central's answers into final local answers; a
// duplicate carries the status central first gave.
func fromWire(rs []wire.Result, seqBase int64) []kiosk.PushResult {
	out := make([]kiosk.PushResult, 0, len(rs))
	for _, r := range rs {
		status := r.Status
		if status == wire.StatusDuplicate {
			status = r.Stored
			if status == "" {
				status = wire.StatusApplied
			}
		}
		var state string
		switch status {
		case wire.StatusApplied:
			state = kiosk.OutboxApplied
		case wire.StatusRejected:
			state = kiosk.OutboxRejected
		case wire.StatusConflict:
			state = kiosk.OutboxConflict
		default:
			continue // not an answer this version knows; the entry stays pending
		}
		out = append(out, kiosk.PushResult{Seq: r.Seq + seqBase, State: state, Code: r.Code,
			MessageID: r.MessageID, Entity: r.Entity})
	}
	return out
}

// toPage turns a pulled page into what the store applies.
func toPage(p wire.PullResponse) kiosk.ChangePage {
	out := kiosk.ChangePage{Cursor: p.NextCursor, Reset: p.Reset, Changes: make([]kiosk.Change, len(p.Changes))}
	for i, c := range p.Changes {
		out.Changes[i] = kiosk.Change{Entity: c.Entity, ID: c.ID, Delete: c.Op == wire.OpDelete, Data: c.Data}
		if c.Op != wire.OpUpsert && c.Op != wire.OpDelete {
			out.Changes[i].Entity = c.Entity + " (op " + c.Op + ")" // unknown: the store skips it
		}
	}
	return out
}
