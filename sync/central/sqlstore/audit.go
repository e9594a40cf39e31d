package sqlstore

import (
	"encoding/json"
	"fmt"

	"onestop/sync/central"
)

// audit records one change under the transaction's actor (see
// central.WithActor); without an actor (a kiosk's push, upkeep) it
// records nothing. before and after are JSON-marshalled unless they are
// already JSON; nil stands for none (a create's before, a delete's
// after). Entity writes through put and del are audited there; other
// changes (roles, kiosks, roster batches) call it themselves.
func (t *txn) audit(hallID, entity, id, op string, before, after any) error {
	if !t.auditing() {
		return nil
	}
	b, err := auditJSON(before)
	if err != nil {
		return err
	}
	a, err := auditJSON(after)
	if err != nil {
		return err
	}
	return t.later(`
		INSERT INTO audit_log (
			at,
			actor,
			hall_id,
			entity,
			entity_id,
			op,
			before,
			after
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		t.now.UnixNano(), central.Actor(t.ctx), hallID, entity, id, op, b, a)
}

// auditJSON is v as JSON text, nil for none.
func auditJSON(v any) (*string, error) {
	var data []byte
	switch v := v.(type) {
	case nil:
		return nil, nil
	case json.RawMessage:
		if v == nil {
			return nil, nil
		}
		data = v
	default:
		var err error
		if data, err = json.Marshal(v); err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
	}
	s := string(data)
	return &s, nil
}

// auditing reports whether this transaction's changes are logged one by
// one: under an actor, unless a batch logs itself as a whole (summary).
func (t *txn) auditing() bool { return !t.summary && central.Actor(t.ctx) != "" }
