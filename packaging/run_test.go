package packaging_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"onestop/sync/wire"
)

// TestKioskDebStarts runs the packaged kiosk (fyne's release build) on
// the demo campus in a virtual X server until its first frame is up.
func TestKioskDebStarts(t *testing.T) {
	bin := filepath.Join(extract(t, artefact(t, kioskDeb.pattern)), kioskDeb.binary)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tool(t, "xvfb-run"), "-a", "-s", "-screen 0 1280x800x24",
		tool(t, "dbus-run-session"), "--", bin, "--demo", "--data", t.TempDir(), "--exit-after-start")
	cmd.Env = append(os.Environ(), "LANG=C") // no locale to generate here; C is one Fyne parses
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "kiosk: started") {
		t.Fatalf("packaged kiosk: %v\n%s", err, out)
	}
}

// TestCentralDebServes runs the packaged central with the settings its
// unit and conffile give it (on a free port, data in a temporary
// directory) and sends a heartbeat with no token: a JSON 401.
func TestCentralDebServes(t *testing.T) {
	root := extract(t, artefact(t, centralDeb.pattern))
	env := []string{"PATH=" + os.Getenv("PATH")}
	env = append(env, unitValues(t, root, centralDeb.unit)["Environment"]...)
	conf, err := os.ReadFile(filepath.Join(root, centralDeb.conf))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(conf), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			env = append(env, line)
		}
	}
	// Later entries win: the test's port and directory.
	env = append(env, "ONESTOP_ADDR=127.0.0.1:0", "ONESTOP_DATA="+t.TempDir())

	cmd := exec.Command(filepath.Join(root, centralDeb.binary))
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		if err := <-done; err != nil {
			t.Errorf("central after SIGTERM: %v", err)
		}
	}()
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		done <- cmd.Wait()
		t.Fatalf("central printed nothing: %v", <-done)
	}
	go func() {
		for lines.Scan() {
		}
		done <- cmd.Wait()
	}()
	url, ok := strings.CutPrefix(lines.Text(), "OneStop central listening on ")
	if !ok {
		t.Fatalf("first line %q", lines.Text())
	}
	req, _ := http.NewRequest(http.MethodPost, url+"/api/v1/heartbeat", strings.NewReader(`{}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(wire.HeaderVersion, wire.Version)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil || res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("heartbeat without a token: %d %v %v", res.StatusCode, body, err)
	}
}
