//go:build xvfb

// The duty desk on the real binary: a volunteer scans their card, types
// the PIN, clocks in, sees on today's board a student who checked in on
// another kiosk of the hall (this test, a second kiosk syncing with the
// demo central over HTTP), marks them with the mentor and clocks out;
// central then holds the shift with its hours.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/kiosk/store"
	"onestop/sync/central"
	"onestop/sync/central/server"
	"onestop/sync/central/sqlitestore"
	"onestop/sync/client"
)

// Button colours of the normal palette (kiosk/ui/theme.go).
const (
	primaryRGB = "srgb(11,87,208)" // HighImportance
	warningRGB = "srgb(154,91,0)"  // WarningImportance
)

func TestXvfbDesk(t *testing.T) {
	bin, shots := os.Getenv("KIOSK_BIN"), os.Getenv("SCREENSHOT_DIR")
	if bin == "" || shots == "" || os.Getenv("DISPLAY") == "" {
		t.Fatal("run through `make test-xvfb`: KIOSK_BIN, SCREENSHOT_DIR and DISPLAY must be set")
	}
	data := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	stderr := startDemo(t, bin, data).stderr
	centralURL := regexp.MustCompile(`url=(http://\S+)`).FindStringSubmatch(stderr.String())
	if centralURL == nil {
		t.Fatalf("the kiosk did not log its demo central's address:\n%s", stderr.String())
	}
	waitForPaint(t, filepath.Join(shots, "desk-0.png"))

	// A second kiosk of the hall: enrolled with the demo central, synced.
	other := newOtherKiosk(ctx, t, filepath.Join(data, "demo", "central", "central.db"), centralURL[1])

	vol := demo.Identities[1] // 欧阳娜娜, a duty volunteer
	xdo(t, "type", "--delay", "15", vol.CardID)
	xdo(t, "key", "Return")
	welcome := filepath.Join(shots, "desk-welcome.png")
	// OCR cannot read white on colour: the desk offer is the one button
	// in the warning colour.
	waitForText(t, welcome, "欢迎")
	click(t, nthButton(t, welcome, warningRGB, 0))

	pin := filepath.Join(shots, "desk-pin.png")
	waitForText(t, pin, "进入值班模式")
	typePIN(t, pin, vol.PIN)
	desk := filepath.Join(shots, "desk-home.png")
	waitForText(t, desk, "你还没有签到值班")

	click(t, nthButton(t, desk, primaryRGB, 0)) // clock in, above the tiles
	waitForText(t, desk, "已签到")
	click(t, nthButton(t, desk, primaryRGB, 0)) // today's board, the first tile
	board := filepath.Join(shots, "desk-board.png")
	waitForText(t, board, "房间") // the tabs; the selected one is white on blue

	// 王思远 arrives for a mentor on the other kiosk; the board shows it.
	student := demo.Identities[3]
	other.arrive(ctx, t, student.CardID)
	waitForText(t, board, "王*远")
	boxes := buttonsOf(t, board, primaryRGB) // the Waiting tab, then "with the mentor"
	if len(boxes) < 2 {
		t.Fatalf("no queue button on the board (see %s): %v", board, boxes)
	}
	click(t, boxes[1])
	waitForText(t, filepath.Join(shots, "desk-board-marked.png"), "正在与导师面谈")

	click(t, headerButtons(t, board)[0]) // Back to the desk
	waitForText(t, desk, "值班中")
	click(t, nthButton(t, desk, warningRGB, 0)) // clock out
	out := filepath.Join(shots, "desk-clocked-out.png")
	waitForText(t, out, "已签退")

	// The other two desk screens, for their screenshots: clock-in, then
	// the tiles board, help, sync in reading order.
	click(t, nthButton(t, out, primaryRGB, 3))
	health := filepath.Join(shots, "desk-sync.png")
	waitForText(t, health, "上次联系中心")
	click(t, headerButtons(t, health)[0])
	click(t, nthButton(t, out, primaryRGB, 2))
	waitForText(t, filepath.Join(shots, "desk-assist.png"), "为哪位同学代办")

	// The shift reaches central with its end: the hours are central's.
	kioskDB := filepath.Join(data, "demo", "kiosk.db")
	id := waitApplied(t, kioskDB, kiosk.KindShiftEnd)
	cs, err := sqlitestore.Open(filepath.Join(data, "demo", "central", "central.db"), kiosk.SystemClock{})
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	_, raw, err := cs.Entity(ctx, kiosk.EntityShift, id)
	if err != nil {
		t.Fatalf("central lacks shift %s: %v", id, err)
	}
	if !bytes.Contains(raw, []byte(`"end"`)) {
		t.Errorf("central's shift has no end: %s", raw)
	}
	// The queue mark reached central too.
	waitApplied(t, kioskDB, kiosk.KindAppointmentQueue)
}

// otherKiosk is a second kiosk of the demo hall: a real store and
// syncer in this process, talking HTTP to the demo central.
type otherKiosk struct {
	db     *store.DB
	syncer *client.Syncer
	cs     central.Store
}

func newOtherKiosk(ctx context.Context, t *testing.T, centralDB, url string) *otherKiosk {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	// The demo central's database, opened beside the running kiosk's
	// server as a second central process would: it makes the enrollment
	// code and the mentor's slot.
	cs, err := sqlitestore.Open(centralDB, kiosk.SystemClock{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	code, _, err := server.New(cs, kiosk.SystemClock{}, nil, log).Admin.EnrollCode(ctx, demo.HallID)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "other.db"), kiosk.SystemClock{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	api, err := newAPI(url, log)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Enroll(ctx, api, db, code, "second kiosk"); err != nil {
		t.Fatal(err)
	}
	o := &otherKiosk{db: db, syncer: client.NewSyncer(api, db, client.Config{Log: log}), cs: cs}
	if err := o.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	return o
}

// arrive gives a demo mentor a slot starting in ten minutes, books it
// for the student with card on this kiosk, checks them in and syncs.
func (o *otherKiosk) arrive(ctx context.Context, t *testing.T, card string) {
	t.Helper()
	start := time.Now().Add(10 * time.Minute).Truncate(time.Minute)
	m := demo.Mentors()[0]
	slot := kiosk.MentorSlot{ID: fmt.Sprintf("xvfb-%d", start.Unix()), MentorID: m.ID, Start: start, End: start.Add(30 * time.Minute)}
	if err := o.cs.PutMentorSlot(ctx, slot); err != nil {
		t.Fatal(err)
	}
	if err := o.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	st, err := o.db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredScan, Value: card})
	if err != nil {
		t.Fatal(err)
	}
	a := &kiosk.Appointment{ID: "xvfb-appt", SlotID: slot.ID, StudentKey: st.Key}
	if err := o.db.BookAppointment(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := o.db.CheckInAppointment(ctx, kiosk.Self(st.Key), a.ID); err != nil {
		t.Fatal(err)
	}
	if err := o.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
}

// waitApplied polls the running kiosk's outbox, read-only, until an
// entry of kind is applied by central, and returns its entity id.
func waitApplied(t *testing.T, path, kind string) string {
	t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var id, state string
	for range 75 {
		err := raw.QueryRow(`
			SELECT
				id,
				state
			FROM outbox
			WHERE kind = ?
			ORDER BY seq DESC
			LIMIT 1`, kind).Scan(&id, &state)
		if err == nil && state == kiosk.OutboxApplied {
			return id
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no %s applied by central: %q %q", kind, id, state)
	return ""
}

// headerHeight is where the header ends on a 1920×1080 screen.
const headerHeight = 90

// box is an on-screen button: its bounds and centre.
type box struct{ left, top, w, h, cx, cy int }

// buttonsOf returns the areas of colour rgb below the header, big
// enough to be buttons, in reading order (rows within 10 px count as
// one).
func buttonsOf(t *testing.T, path, rgb string) []box {
	t.Helper()
	return components(t, path, rgb, func(b box) bool { return b.top >= headerHeight })
}

// headerButtons are the white buttons in the header, left to right.
func headerButtons(t *testing.T, path string) []box {
	t.Helper()
	return components(t, path, "srgb(255,255,255)", func(b box) bool { return b.top < headerHeight && b.h >= 40 })
}

func components(t *testing.T, path, rgb string, keep func(box) bool) []box {
	t.Helper()
	// The colour turns black, everything else white, and each black area
	// is a button: other near-white things (inputs, the background) and
	// text drop out.
	out, err := exec.Command("convert", path, "-fuzz", "6%", "-fill", "black", "-opaque", rgb,
		"-fill", "white", "+opaque", "black", "-define", "connected-components:verbose=true",
		"-define", "connected-components:area-threshold=2500", "-connected-components", "4", "null:").CombinedOutput()
	if err != nil {
		t.Fatalf("convert: %v: %s", err, out)
	}
	var bs []box
	// Rows: "  495: 627x102+9+857 322.0,907.5 63906 srgb(0,0,0)".
	for _, row := range strings.Split(string(out), "\n") {
		f := strings.Fields(row)
		if len(f) < 5 || f[0] == "0:" || strings.Count(f[1], "+") != 2 || f[len(f)-1] != "srgb(0,0,0)" {
			continue
		}
		geo := strings.Split(f[1], "+")
		wh := strings.Split(geo[0], "x")
		x, y, _ := strings.Cut(f[2], ",")
		cx, _ := strconv.ParseFloat(x, 64)
		cy, _ := strconv.ParseFloat(y, 64)
		b := box{left: atoi(geo[1]), top: atoi(geo[2]), w: atoi(wh[0]), h: atoi(wh[1]), cx: int(cx), cy: int(cy)}
		if b.w >= 48 && b.h >= 40 && b.w < 1900 && keep(b) {
			bs = append(bs, b)
		}
	}
	sort.Slice(bs, func(i, j int) bool {
		if d := bs[i].top - bs[j].top; d < -10 || d > 10 {
			return d < 0
		}
		return bs[i].left < bs[j].left
	})
	return bs
}

// nthButton is the n-th button of colour rgb in reading order.
func nthButton(t *testing.T, path, rgb string, n int) box {
	t.Helper()
	shoot(t, path)
	bs := buttonsOf(t, path, rgb)
	if len(bs) <= n {
		t.Fatalf("fewer than %d %s buttons in %s: %v", n+1, rgb, path, bs)
	}
	return bs[n]
}

func click(t *testing.T, b box) {
	t.Helper()
	xdo(t, "mousemove", strconv.Itoa(b.cx), strconv.Itoa(b.cy), "click", "1")
	time.Sleep(400 * time.Millisecond) // faster taps in a row are lost as double clicks
}

// typePIN taps digits on the keypad, which it finds from its OK key
// (the one primary button of the screen): a grid of five equal rows,
// 1–9 in three, then Clear 0 Backspace, then OK.
func typePIN(t *testing.T, path, pin string) {
	t.Helper()
	ok := nthButton(t, path, primaryRGB, 0)
	step := ok.h + 8 // the row height and the grid's padding
	col := ok.w / 3
	for _, d := range pin {
		row, c := 3, 1 // 0
		if d != '0' {
			n := int(d - '1')
			row, c = n/3, n%3
		}
		click(t, box{cx: ok.left + col*c + col/2, cy: ok.top - (4-row)*step + ok.h/2})
	}
	click(t, ok)
}
