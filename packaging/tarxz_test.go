package packaging_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKioskTarXz: fyne package's tarball holds the release binary, its
// desktop entry and icon under usr/local (usr where the building machine
// has no /usr/local), and fyne's Makefile that installs them.
func TestKioskTarXz(t *testing.T) {
	tarxz := artefact(t, "onestop-kiosk_*_linux_amd64.tar.xz")
	entries := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(output(t, "tar", "-tvJf", tarxz))), "\n") {
		f := strings.Fields(line)
		if len(f) < 6 {
			t.Fatalf("tar -tv line %q", line)
		}
		if !strings.HasPrefix(f[0], "d") {
			entries[f[len(f)-1]] = f[0]
		}
	}
	prefix := "kiosk/usr/local/"
	if _, ok := entries[prefix+"bin/kiosk"]; !ok {
		prefix = "kiosk/usr/"
	}
	want := map[string]string{
		"kiosk/Makefile":     "-rw-r--r--",
		prefix + "bin/kiosk": "-rwxr-xr-x",
		prefix + "share/applications/cn.edu.onestop.kiosk.desktop": "-rw-r--r--",
		prefix + "share/pixmaps/cn.edu.onestop.kiosk.png":          "-rw-r--r--",
	}
	for path, mode := range want {
		if entries[path] != mode {
			t.Errorf("%s: %q, want %q", path, entries[path], mode)
		}
	}
	for path := range entries {
		if _, ok := want[path]; !ok {
			t.Errorf("unexpected entry %s", path)
		}
	}

	dir := t.TempDir()
	output(t, "tar", "-xJf", tarxz, "-C", dir)
	bin := filepath.Join(dir, prefix, "bin/kiosk")
	needed(t, bin) // an x86-64 ELF
	deb, err := os.ReadFile(filepath.Join(extract(t, artefact(t, kioskDeb.pattern)), kioskDeb.binary))
	if err != nil {
		t.Fatal(err)
	}
	if tb, _ := os.ReadFile(bin); !bytes.Equal(tb, deb) {
		t.Error("the .deb's binary is not the tarball's")
	}
	desktop, _ := os.ReadFile(filepath.Join(dir, prefix, "share/applications/cn.edu.onestop.kiosk.desktop"))
	for _, line := range []string{"Name=OneStop Hall Kiosk", "Exec=kiosk", "Icon=cn.edu.onestop.kiosk"} {
		if !bytes.Contains(desktop, []byte("\n"+line+"\n")) {
			t.Errorf("desktop entry lacks %s:\n%s", line, desktop)
		}
	}
	icon, _ := os.ReadFile(filepath.Join(dir, prefix, "share/pixmaps/cn.edu.onestop.kiosk.png"))
	if src, _ := os.ReadFile(filepath.Join("..", "assets", "icon.png")); len(src) == 0 || !bytes.Equal(icon, src) {
		t.Error("the tarball's icon is not assets/icon.png")
	}
}
