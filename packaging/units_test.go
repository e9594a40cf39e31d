package packaging_test

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// unitValues reads a systemd unit of an extracted package: each key's
// values in order, sections merged (no key here is in two sections).
func unitValues(t *testing.T, root, unit string) map[string][]string {
	t.Helper()
	body, err := os.ReadFile(filepath.Join(root, "usr/lib/systemd/system", unit))
	if err != nil {
		t.Fatal(err)
	}
	values := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' || line[0] == '[' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("%s: line %q", unit, line)
		}
		values[k] = append(values[k], v)
	}
	return values
}

// want fails unless the unit sets key to exactly value.
func want(t *testing.T, values map[string][]string, key, value string) {
	t.Helper()
	if got := values[key]; len(got) != 1 || got[0] != value {
		t.Errorf("%s=%v, want %s", key, got, value)
	}
}

// verifyUnit runs systemd-analyze verify on a package's unit. With
// --root it loads everything from that root, so the root is the
// package's files plus what a Debian system around them has: systemd's
// own units (sysinit.target, …) and the programs the unit runs from
// other packages, copied from this machine.
func verifyUnit(t *testing.T, pkgRoot, unit string) {
	sa := tool(t, "systemd-analyze")
	root := t.TempDir()
	output(t, "cp", "-a", pkgRoot+"/.", root)
	output(t, "cp", "-a", "/usr/lib/systemd/system/.", filepath.Join(root, "usr/lib/systemd/system"))
	for key, values := range unitValues(t, pkgRoot, unit) {
		if !strings.HasPrefix(key, "Exec") {
			continue
		}
		for _, v := range values {
			prog := strings.TrimLeft(strings.Fields(v)[0], "-@+!:")
			if _, err := os.Stat(filepath.Join(root, prog)); err == nil {
				continue
			}
			if _, err := os.Stat(prog); err != nil {
				missing(t, "%s on this machine for %s", prog, unit)
			}
			output(t, "mkdir", "-p", filepath.Join(root, filepath.Dir(prog)))
			output(t, "cp", "-a", prog, filepath.Join(root, prog))
		}
	}
	// verify exits 0 after mere warnings (an unknown key, a bad value):
	// any output is a failure.
	out, err := exec.Command(sa, "verify", "--root="+root, unit).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("systemd-analyze verify %s: %v\n%s", unit, err, out)
	}
}

// TestKioskSession: the unit runs Xorg through xinit on a VT with the
// kiosk as the only client, never blanks, restarts without limit, and
// every program it runs is in the package or in one Depends names.
func TestKioskSession(t *testing.T) {
	deb := artefact(t, kioskDeb.pattern)
	root := extract(t, deb)
	u := unitValues(t, root, kioskDeb.unit)
	for k, v := range map[string]string{
		"User": "kiosk", "Restart": "always", "StartLimitIntervalSec": "0", "PAMName": "login",
		"TTYPath": "/dev/tty7", "StateDirectory": "onestop-kiosk", "EnvironmentFile": kioskDeb.conf,
		"WantedBy": "multi-user.target",
	} {
		want(t, u, k, v)
	}
	env := strings.Join(u["Environment"], " ")
	for _, e := range []string{"ONESTOP_KIOSK_DATA=/var/lib/onestop-kiosk", "ONESTOP_KIOSK_FULLSCREEN=true", "LANG=zh_CN.UTF-8"} {
		if !strings.Contains(" "+env+" ", " "+e+" ") {
			t.Errorf("Environment %q lacks %s", env, e)
		}
	}
	if len(u["ExecStart"]) != 1 {
		t.Fatalf("ExecStart %v", u["ExecStart"])
	}
	client, server, ok := strings.Cut(u["ExecStart"][0], " -- ")
	cf, sf := strings.Fields(client), strings.Fields(server)
	if !ok || len(cf) != 2 || cf[0] != "/usr/bin/xinit" || len(sf) == 0 || sf[0] != "/usr/bin/Xorg" {
		t.Fatalf("ExecStart %q: want /usr/bin/xinit SESSION -- /usr/bin/Xorg …", u["ExecStart"][0])
	}
	for _, arg := range []string{"vt7", "-nocursor", "-s 0", "-dpms", "-keeptty"} {
		if !strings.Contains(" "+server+" ", " "+arg+" ") {
			t.Errorf("Xorg's arguments %q lack %s", server, arg)
		}
	}
	deps := depends(control(t, deb))
	for _, prog := range []string{cf[0], sf[0]} {
		if p := owner(t, prog); !deps[p] {
			t.Errorf("the unit runs %s, from %s, which Depends lacks", prog, p)
		}
	}

	session, err := os.ReadFile(filepath.Join(root, cf[1]))
	if err != nil {
		t.Fatalf("xinit's client %s is not in the package: %v", cf[1], err)
	}
	if out, err := exec.Command(tool(t, "sh"), "-n", filepath.Join(root, cf[1])).CombinedOutput(); err != nil {
		t.Errorf("sh -n %s: %v\n%s", cf[1], err, out)
	}
	if lines := strings.Split(strings.TrimSpace(string(session)), "\n"); lines[len(lines)-1] != "exec "+kioskDeb.binary {
		t.Errorf("%s ends %q, want exec %s (no window manager)", cf[1], lines[len(lines)-1], kioskDeb.binary)
	}

	xorg, err := os.ReadFile(filepath.Join(root, "etc/X11/xorg.conf.d/50-onestop-kiosk.conf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []string{`Option "DontVTSwitch" "true"`, `Option "DontZap" "true"`} {
		if !bytes.Contains(xorg, []byte(opt)) || !bytes.Contains(xorg, []byte(`Section "ServerFlags"`)) {
			t.Errorf("xorg.conf.d file lacks %s in ServerFlags:\n%s", opt, xorg)
		}
	}

	desktop, err := os.ReadFile(filepath.Join(root, "usr/share/applications/cn.edu.onestop.kiosk.desktop"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"Exec=onestop-kiosk", "Icon=cn.edu.onestop.kiosk", "Type=Application"} {
		if !bytes.Contains(desktop, []byte("\n"+line+"\n")) {
			t.Errorf("desktop entry lacks %s:\n%s", line, desktop)
		}
	}
	icon, _ := os.ReadFile(filepath.Join(root, "usr/share/icons/hicolor/512x512/apps/cn.edu.onestop.kiosk.png"))
	if src, _ := os.ReadFile(filepath.Join("..", "assets", "icon.png")); len(src) == 0 || !bytes.Equal(icon, src) {
		t.Error("the packaged icon is not assets/icon.png")
	}
}

// TestCentralSandbox: central runs as its own user with its state
// directory and systemd's sandboxing; systemd-analyze security rates the
// unit's exposure OK (below 2.0 of 10).
func TestCentralSandbox(t *testing.T) {
	root := extract(t, artefact(t, centralDeb.pattern))
	u := unitValues(t, root, centralDeb.unit)
	for k, v := range map[string]string{
		"User": "onestop-central", "ExecStart": centralDeb.binary, "StateDirectory": "onestop-central",
		"EnvironmentFile": centralDeb.conf, "Environment": "ONESTOP_DATA=/var/lib/onestop-central",
		"ProtectSystem": "strict", "NoNewPrivileges": "yes", "PrivateTmp": "yes", "ProtectHome": "yes",
		"PrivateDevices": "yes", "CapabilityBoundingSet": "", "LimitNOFILE": "65536", "WantedBy": "multi-user.target",
	} {
		want(t, u, k, v)
	}
	sroot := t.TempDir()
	output(t, "cp", "-a", root+"/.", sroot)
	out, err := exec.Command(tool(t, "systemd-analyze"), "security", "--offline=true", "--threshold=19",
		"--root="+sroot, centralDeb.unit).CombinedOutput()
	if err != nil {
		t.Errorf("systemd-analyze security: %v\n%s", err, out)
	}
}
