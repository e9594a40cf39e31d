package ui_test

import (
	"context"
	"testing"
)

// Issue 9, item 4: after a card or QR scan a student sets their PIN on
// the kiosk: six digits, not a repeat or a run, typed twice. A weak or
// mismatched one is refused in both languages and the digits typed are
// kept to correct; a typed student number alone offers nothing.
func TestSetPINAfterCardScan(t *testing.T) {
	r := newRig(t)
	r.tap("tile.records")
	r.keypad(zhangNumber)
	r.tap("keypad.ok")
	r.shows("我的记录")
	if r.has("records.newpin") {
		t.Fatal("a typed number alone must not offer to set the PIN")
	}
	r.tap("home")
	r.tap("tile.records")
	r.scan(zhangCard)
	r.tap("records.newpin")
	r.shows("设置 PIN 码", "请输入 6 位新 PIN 码")
	r.keypad("111111")
	r.tap("keypad.ok")
	r.shows("不能全部相同")
	r.shows("● ● ● ● ● ●") // kept, to correct
	r.tap("lang")
	r.shows("A new PIN needs 6 digits")
	r.tap("lang")
	r.tap("keypad.clear")
	r.keypad("264813")
	r.tap("keypad.ok")
	r.shows("请再输入一次新 PIN 码")
	r.keypad("264812")
	r.tap("keypad.ok")
	r.shows("两次输入的 PIN 码不一致")
	r.keypad("264813")
	r.tap("keypad.ok")
	r.keypad("264813")
	r.tap("keypad.ok")
	r.shows("我的记录", "新 PIN 码已设置")
	if ok, err := r.records.VerifyPIN(context.Background(), zhangKey, "264813"); !ok || err != nil {
		t.Fatalf("the new PIN: %v %v", ok, err)
	}
	if sets, _ := r.records.PINQueued(); sets != 1 {
		t.Fatalf("%d PIN hashes queued for central, want 1", sets)
	}
	r.hides("264813")
}
