package wire_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"onestop/kiosk"
	"onestop/sync/wire"
)

func TestHTTPStatus(t *testing.T) {
	for code, want := range map[string]int{
		kiosk.EINVALID: 400, kiosk.EUNAUTHORIZED: 401, kiosk.EFORBIDDEN: 403, kiosk.ENOTFOUND: 404,
		wire.CodeSeqGap: 409, wire.CodeTooLarge: 413, wire.CodeBusy: 429, "bogus": 500,
	} {
		if got := wire.HTTPStatus(code); got != want {
			t.Errorf("%s: %d, want %d", code, got, want)
		}
	}
	if wire.HTTPStatus(kiosk.EUNAVAILABLE) != http.StatusServiceUnavailable {
		t.Error("unavailable must be retryable 503")
	}
}

func TestErrorShape(t *testing.T) {
	b, _ := json.Marshal(wire.Error{Error: wire.ErrorBody{Code: wire.CodeSeqGap, Message: "gap", ExpectedSeq: 42}})
	if got := string(b); got != `{"error":{"code":"seq_gap","message":"gap","expected_seq":42}}` {
		t.Fatal(got)
	}
	var r wire.PullResponse
	if err := json.NewDecoder(strings.NewReader(`{"changes":[{"entity":"room","op":"upsert","id":"r1","data":{"x":1}}],"next_cursor":"c","has_more":true}`)).Decode(&r); err != nil || !r.HasMore || string(r.Changes[0].Data) != `{"x":1}` {
		t.Fatalf("%+v %v", r, err)
	}
}

// TestDocsInStep: docs/protocol.md documents every kind's payload and
// every entity's data.
func TestDocsInStep(t *testing.T) {
	b, err := os.ReadFile("../../docs/protocol.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, k := range wire.Kinds {
		if !strings.Contains(doc, "| `"+k+"` |") {
			t.Errorf("docs/protocol.md has no payload row for kind %s", k)
		}
	}
	for _, e := range wire.Entities {
		if !strings.Contains(doc, "| `"+e+"` |") {
			t.Errorf("docs/protocol.md has no data row for entity %s", e)
		}
	}
	for code := range map[string]bool{wire.CodeSeqGap: true, wire.CodeVersion: true, wire.CodeTooLarge: true, wire.CodeBusy: true, wire.CodeMethod: true} {
		if !strings.Contains(doc, "| `"+code+"` |") {
			t.Errorf("docs/protocol.md does not list error code %s", code)
		}
	}
}
