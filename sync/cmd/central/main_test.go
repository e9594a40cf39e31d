// The test is in package main because a main package cannot be imported
// by an external test package.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/sync/central/backup"
	"onestop/sync/central/centraldemo"
	"onestop/sync/central/sqlitestore"
	"onestop/sync/wire"
	"onestop/version"
)

// TestDemo starts `central --demo` on a free port, enrolls a kiosk with
// the printed code, logs in with the printed password, stops it, and
// reads the campus back with `central admin`.
func TestDemo(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	logs := &lockedBuffer{}
	go func() {
		done <- run(ctx, []string{"--demo", "--addr", "127.0.0.1:0", "--data", dir, "--demo-students", "50"}, nil, pw, logs)
		pw.Close()
	}()
	lines := map[string]string{}
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		lines[k] = strings.TrimSpace(v)
		if k == "Enroll a kiosk" {
			break
		}
	}
	go io.Copy(io.Discard, pr)
	url := "http:" + strings.Fields(lines["OneStop central listening on http"])[0]
	code := strings.Fields(lines["Enrollment code"])[0]
	pass := strings.Fields(lines["Admin login"])[2]
	// Told to listen on loopback, the demo says phones cannot reach it
	// and points the QR codes at the loopback address, not a placeholder.
	if phone := strings.Fields(lines["Phones open"]); len(phone) == 0 || phone[0] != url || lines["Warning"] == "" {
		t.Fatalf("phone address %q for %s, warning %q", lines["Phones open"], url, lines["Warning"])
	}

	post := func(path, body string, hdr bool) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, url+path, strings.NewReader(body))
		if hdr {
			req.Header.Set(wire.HeaderVersion, wire.Version)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	st, body := post("/api/v1/enroll", `{"code":"`+code+`","name":"test"}`, true)
	var enr wire.EnrollResponse
	if json.Unmarshal([]byte(body), &enr); st != http.StatusOK || enr.HallID != "hall-north" {
		t.Fatalf("enroll %d %s (printed %v)", st, body, lines)
	}
	if st, body := post("/api/v1/admin/login", `{"name":"admin","password":"`+pass+`"}`, false); st != http.StatusOK {
		t.Fatalf("admin login %d %s", st, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// The log is JSON, a line per record, for journald.
	msgs := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec struct{ Level, Msg string }
		if err := json.Unmarshal([]byte(l), &rec); err != nil || rec.Level == "" {
			t.Fatalf("log line %q is no JSON record: %v", l, err)
		}
		msgs[rec.Msg] = true
	}
	if !msgs["listening"] || !msgs["shutting down"] {
		t.Errorf("log records %v", msgs)
	}

	var out bytes.Buffer
	if err := run(context.Background(), []string{"admin", "--data", dir, "kiosks"}, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"hall_id": "hall-north"`) || !strings.Contains(out.String(), enr.KioskID) {
		t.Fatalf("kiosks: %s", out.String())
	}
}

// The demo listens on every interface unless told where: phones on the
// network must reach the address its QR codes show.
func TestDemoListensOnTheNetwork(t *testing.T) {
	for _, c := range []struct {
		o     options
		given bool
		want  string
	}{
		{options{addr: "127.0.0.1:8480", demo: true}, false, ":8480"},
		{options{addr: "127.0.0.1:9000", demo: true}, true, "127.0.0.1:9000"},
		{options{addr: "127.0.0.1:8480"}, false, "127.0.0.1:8480"},
	} {
		if got := listenAddr(c.o, c.given); got != c.want {
			t.Errorf("%+v given=%v: %s, want %s", c.o, c.given, got, c.want)
		}
	}
}

// Regression (issue 9, item 10): `central admin help`, which --help
// advertises, prints the commands; an unknown command is refused
// without creating a database.
func TestAdminHelpAndUnknownCommand(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"admin", "--data", dir, "help"}, nil, &out, io.Discard); err != nil ||
		!strings.Contains(out.String(), "import-roster") {
		t.Fatalf("admin help: %v\n%s", err, out.String())
	}
	err := run(context.Background(), []string{"admin", "--data", dir, "frobnicate"}, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), `unknown command "frobnicate"`) {
		t.Fatalf("unknown command: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("an unknown command left %v in the data directory", entries)
	}
}

// `central --demo` on all interfaces prints the machine's LAN address
// and makes it the demo hall's public URL, so kiosk QR codes open on a
// phone on the same network.
func TestDemoPhoneAddress(t *testing.T) {
	ctx := context.Background()
	clock := kiosk.SystemClock{}
	store, err := sqlitestore.Open(filepath.Join(t.TempDir(), "central.db"), clock)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	wifi := func() ([]centraldemo.Interface, error) {
		_, lan, _ := net.ParseCIDR("192.168.1.0/24")
		lan.IP = net.ParseIP("192.168.1.23")
		return []centraldemo.Interface{{Name: "lo", Up: true, Loopback: true}, {Name: "wlan0", Up: true, Addrs: []net.Addr{lan}}}, nil
	}
	var out bytes.Buffer
	url, err := demoURL(ctx, store, &net.TCPAddr{IP: net.IPv4zero, Port: 8480}, wifi, 20, clock.Now(), &out)
	if err != nil || url != "http://192.168.1.23:8480" || !strings.Contains(out.String(), "Phones open:      http://192.168.1.23:8480") ||
		strings.Contains(out.String(), "Warning") {
		t.Fatalf("url %q, %v:\n%s", url, err, out.String())
	}
	kv, err := store.Settings(ctx, demo.HallID)
	if err != nil || kiosk.ParseSettings(kv).PublicURL != url {
		t.Fatalf("demo hall's public URL: %v %v", kv, err)
	}
}

// lockedBuffer is a log the server's goroutines write while the test
// reads it.
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

// --version prints the build's version (set by the Makefile's -X) and
// neither opens a database nor listens.
func TestVersion(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--data", dir, "--addr", "256.0.0.1:1", "--version"}, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if out.String() != version.Version+"\n" {
		t.Fatalf("--version printed %q, want %q", out.String(), version.Version+"\n")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("--version left %v in the data directory", entries)
	}
}

// TestBackupSchedule: central with --backup-dir takes its first backup
// as it starts (read from its log, no waiting on time) and refuses the
// flag with PostgreSQL.
func TestBackupSchedule(t *testing.T) {
	dir, bdir := t.TempDir(), filepath.Join(t.TempDir(), "backups")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--data", dir, "--backup-dir", bdir}, nil, io.Discard, pw)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() && !strings.Contains(sc.Text(), "backed up") {
	}
	go io.Copy(io.Discard, pr)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	last, err := backup.Last(bdir)
	if err != nil || last.IsZero() {
		t.Fatalf("no backup in %s: %v", bdir, err)
	}
	if err := run(context.Background(), []string{"--pg", "postgres://x", "--backup-dir", bdir}, nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "PostgreSQL") {
		t.Errorf("--backup-dir with --pg: %v", err)
	}
}

// TestAdminBackupRestore: `central admin backup` copies a running
// central; `central admin restore` refuses until it stops, then puts the
// copy back.
func TestAdminBackupRestore(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(t.TempDir(), "central-copy.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--data", dir}, nil, pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() && !strings.Contains(sc.Text(), "listening") {
	}
	go io.Copy(io.Discard, pr)
	admin := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"admin", "--data", dir}, args...), strings.NewReader(""), &out, io.Discard)
		return out.String(), err
	}
	if out, err := admin("backup", file); err != nil || !strings.Contains(out, "integrity ok") {
		t.Fatalf("backup of the running central: %q %v", out, err)
	}
	if _, err := admin("restore", file); err == nil || !strings.Contains(err.Error(), "stop it") {
		t.Fatalf("restore under the running central: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if out, err := admin("restore", file); err != nil || !strings.Contains(out, "restored") {
		t.Fatalf("restore: %q %v", out, err)
	}
	if _, err := admin("restore"); err == nil {
		t.Error("restore without a file succeeded")
	}
	if _, err := admin("restore", file, "--pg", "postgres://x"); err == nil {
		t.Error("restore with trailing flags succeeded")
	}
	err := run(context.Background(), []string{"admin", "--pg", "postgres://nowhere", "backup", file}, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("backup with PostgreSQL: %v, want a pointer to its tools", err)
	}
}
