//go:build xvfb

// The real binary under a real X server (make test-xvfb runs this under
// xvfb-run): it must start, paint Chinese with the bundled font, and take a
// scanned card through to a stored check-in that its demo central server
// then holds, synced over HTTP.
package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/kiosk/store"
	"onestop/sync/central/sqlitestore"
)

func TestXvfbKiosk(t *testing.T) {
	bin, shots := os.Getenv("KIOSK_BIN"), os.Getenv("SCREENSHOT_DIR")
	if bin == "" || shots == "" || os.Getenv("DISPLAY") == "" {
		t.Fatal("run through `make test-xvfb`: KIOSK_BIN, SCREENSHOT_DIR and DISPLAY must be set")
	}
	// Fyne falls back to system fonts for glyphs its theme lacks, so the
	// Chinese read back below proves the bundled font only where the
	// machine has no CJK font of its own.
	if out, _ := exec.Command("fc-list", ":lang=zh", "file").Output(); len(bytes.TrimSpace(out)) > 0 {
		t.Logf("WARNING: this machine has CJK system fonts; Chinese on screen does not prove the bundled font:\n%s", out)
	}
	data := t.TempDir()
	k := startDemo(t, bin, data)
	stderr := k.stderr

	home := filepath.Join(shots, "home.png")
	waitForPaint(t, home)
	text := ocr(t, home)
	for _, want := range []string{"服务大厅", "签到", "我的记录"} {
		if !strings.Contains(text, want) {
			t.Fatalf("home screen OCR lacks %q (see %s):\n%s", want, home, text)
		}
	}
	if strings.Contains(stderr.String(), "locale") {
		t.Errorf("Fyne complained about the locale:\n%s", stderr.String())
	}

	// A card reader is a keyboard: it types the card id and Enter.
	xdo(t, "type", "--delay", "15", demo.Identities[3].CardID)
	xdo(t, "key", "Return")
	welcome := filepath.Join(shots, "checkin.png")
	if text := waitForText(t, welcome, "欢迎"); !strings.Contains(text, "王*远") {
		t.Fatalf("welcome does not greet 王*远 (see %s):\n%s", welcome, text)
	}

	// OCR cannot read white labels on the blue buttons reliably, so find
	// the buttons by colour and tap the first: whatever can be checked
	// into (the demo's running event, or a visit purpose).
	click(t, nthButton(t, welcome, primaryRGB, 0))
	done := filepath.Join(shots, "confirmed.png")
	waitForText(t, done, "签到成功")

	// The check-in reaches the demo's central server through sync, and
	// the confirmation on screen says so once central answered.
	m := waitAnswered(t, filepath.Join(data, "demo", "kiosk.db"))
	waitForText(t, filepath.Join(shots, "synced.png"), "已同步到中心")
	k.stop()
	checkSynced(t, filepath.Join(data, "demo"), m)
}

// checkSynced checks, after the kiosk stopped, that its store and its
// demo central agree the check-in m was applied.
func checkSynced(t *testing.T, dir string, m outboxEntry) {
	t.Helper()
	db, err := store.Open(filepath.Join(dir, "kiosk.db"), kiosk.SystemClock{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := db.SyncStatus(context.Background())
	if err != nil || st.Pending != 0 || m.state != kiosk.OutboxApplied {
		t.Fatalf("after one check-in: %+v, %+v, %v", st, m, err)
	}
	cs, err := sqlitestore.Open(filepath.Join(dir, "central", "central.db"), kiosk.SystemClock{})
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	entity := map[string]string{kiosk.KindVisitCheckin: kiosk.EntityVisit, kiosk.KindEventCheckin: kiosk.EntityAttendance}[m.kind]
	if _, _, err := cs.Entity(context.Background(), entity, m.id); err != nil {
		t.Fatalf("central lacks the %s %s: %v", m.kind, m.id, err)
	}
}

// outboxEntry is the one outbox entry the check-in made.
type outboxEntry struct{ kind, id, state string }

// waitAnswered polls the running kiosk's database, read-only, until its
// one outbox entry has central's answer.
func waitAnswered(t *testing.T, path string) outboxEntry {
	t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var m outboxEntry
	for range 75 {
		var n int
		err := raw.QueryRow(`
			SELECT
				count(*),
				max(kind),
				max(id),
				max(state)
			FROM outbox`).Scan(&n, &m.kind, &m.id, &m.state)
		if err == nil && n != 1 {
			t.Fatalf("%d outbox entries after one check-in", n)
		}
		if err == nil && m.state != kiosk.OutboxPending {
			return m
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("the check-in never reached central: %+v", m)
	return m
}

func waitForLine(t *testing.T, r interface{ Read([]byte) (int, error) }, want string) {
	t.Helper()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if strings.Contains(sc.Text(), want) {
			go func() { // keep draining so the kiosk never blocks on stdout
				for sc.Scan() {
				}
			}()
			return
		}
	}
	t.Fatalf("kiosk exited before printing %q", want)
}

// waitForPaint polls screenshots until the screen is no longer one flat
// colour: the window is mapped before its first frame is drawn.
func waitForPaint(t *testing.T, path string) {
	t.Helper()
	for i := 0; i < 100; i++ {
		shoot(t, path)
		out, err := exec.Command("convert", path, "-format", "%[fx:standard_deviation]", "info:").Output()
		if err != nil {
			t.Fatal(err)
		}
		if sd, _ := strconv.ParseFloat(strings.TrimSpace(string(out)), 64); sd > 0.05 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("screen stayed blank; last screenshot %s", path)
}

// waitForText polls screenshots until OCR finds want and returns all the
// text read; screens change asynchronously to the input xdotool sends.
func waitForText(t *testing.T, path, want string) string {
	t.Helper()
	var text string
	for i := 0; i < 15; i++ {
		shoot(t, path)
		if text = ocr(t, path); strings.Contains(text, want) {
			return text
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("OCR never found %q in %s:\n%s", want, path, text)
	return ""
}

func shoot(t *testing.T, path string) {
	t.Helper()
	if out, err := exec.Command("import", "-window", "root", path).CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v: %s", err, out)
	}
}

// tesseract runs OCR on a black-and-white copy of the screenshot (white
// text on coloured buttons reads poorly otherwise), looking for sparse
// text: a kiosk screen is words scattered over tiles, not a page.
func tesseract(t *testing.T, path string, format ...string) string {
	t.Helper()
	bw := filepath.Join(t.TempDir(), "bw.png")
	if out, err := exec.Command("convert", path, "-colorspace", "Gray", "-threshold", "70%", bw).CombinedOutput(); err != nil {
		t.Fatalf("convert: %v: %s", err, out)
	}
	args := append([]string{bw, "-", "-l", "chi_sim+eng", "--psm", "11"}, format...)
	out, err := exec.Command("tesseract", args...).Output()
	if err != nil {
		t.Fatalf("tesseract: %v", err)
	}
	return string(out)
}

// ocr reads Chinese and English from a screenshot, spaces removed:
// tesseract puts spaces between CJK characters.
func ocr(t *testing.T, path string) string {
	t.Helper()
	return strings.Join(strings.Fields(tesseract(t, path)), "")
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// demoKiosk is the real binary running on the demo campus.
type demoKiosk struct {
	cmd    *exec.Cmd
	stderr *lockedBuffer
	once   sync.Once
}

// startDemo starts bin full screen on a demo campus in data and waits
// for its start-up; the test's end stops it, logging its stderr if the
// test failed.
func startDemo(t *testing.T, bin, data string) *demoKiosk {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	k := &demoKiosk{cmd: exec.CommandContext(ctx, bin, "--demo", "--data", data, "--fullscreen"), stderr: &lockedBuffer{}}
	stdout, err := k.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	k.cmd.Stderr = k.stderr
	if err := k.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		k.stop()
		cancel()
		if t.Failed() {
			t.Logf("kiosk stderr:\n%s", k.stderr.String())
		}
	})
	waitForLine(t, stdout, "kiosk: started")
	return k
}

// stop kills the kiosk and waits for it, once.
func (k *demoKiosk) stop() {
	k.once.Do(func() {
		k.cmd.Process.Kill()
		k.cmd.Wait()
	})
}

// lockedBuffer is a bytes.Buffer safe to read while a process writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func xdo(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command("xdotool", args...).CombinedOutput(); err != nil {
		t.Fatalf("xdotool %v: %v: %s", args, err, out)
	}
}
