package packaging_test

import (
	"bufio"
	"bytes"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// debSpec is what one .deb must hold.
type debSpec struct {
	pattern string
	// files: every file and link the package installs, with its mode
	// and owner as dpkg-deb -c prints them.
	files     map[string]string
	conffiles []string
	unit      string // the systemd unit, under /usr/lib/systemd/system
	// more units the package installs, verified the same way
	more    []string
	binary  string // the Go binary
	conf    string // the conffile of ONESTOP_* settings, checked against binary --help
	depends []string
}

var kioskDeb = debSpec{
	pattern: "onestop-kiosk_*_amd64.deb",
	files: map[string]string{
		"/usr/bin/onestop-kiosk":                                         "-rwxr-xr-x root/root",
		"/usr/lib/onestop-kiosk/session":                                 "-rwxr-xr-x root/root",
		"/usr/lib/systemd/system/onestop-kiosk.service":                  "-rw-r--r-- root/root",
		"/usr/lib/systemd/system/onestop-kiosk-update.path":              "-rw-r--r-- root/root",
		"/usr/lib/systemd/system/onestop-kiosk-update.service":           "-rw-r--r-- root/root",
		"/usr/lib/systemd/system/onestop-kiosk-update-health.timer":      "-rw-r--r-- root/root",
		"/usr/lib/systemd/system/onestop-kiosk-update-health.service":    "-rw-r--r-- root/root",
		"/usr/share/applications/cn.edu.onestop.kiosk.desktop":           "-rw-r--r-- root/root",
		"/usr/share/icons/hicolor/512x512/apps/cn.edu.onestop.kiosk.png": "-rw-r--r-- root/root",
		"/usr/share/doc/onestop-kiosk/OFL.txt":                           "-rw-r--r-- root/root",
		"/etc/X11/xorg.conf.d/50-onestop-kiosk.conf":                     "-rw-r--r-- root/root",
		"/etc/onestop/kiosk.conf":                                        "-rw------- root/root",
	},
	conffiles: []string{"/etc/X11/xorg.conf.d/50-onestop-kiosk.conf", "/etc/onestop/kiosk.conf"},
	unit:      "onestop-kiosk.service",
	more: []string{"onestop-kiosk-update.path", "onestop-kiosk-update.service",
		"onestop-kiosk-update-health.timer", "onestop-kiosk-update-health.service"},
	binary: "/usr/bin/onestop-kiosk",
	conf:   "/etc/onestop/kiosk.conf",
	// The session's programs and the locale; the libraries come from the
	// binary and GLFW's source (TestKioskDebDependsOnWhatGLFWOpens).
	depends: []string{"xserver-xorg-core", "xserver-xorg-input-libinput", "xinit", "libpam-systemd",
		"locales", "adduser", "init-system-helpers"},
}

var centralDeb = debSpec{
	pattern: "onestop-central_*_amd64.deb",
	files: map[string]string{
		"/usr/bin/onestop-central":                        "-rwxr-xr-x root/root",
		"/usr/lib/systemd/system/onestop-central.service": "-rw-r--r-- root/root",
		"/etc/onestop/central.conf":                       "-rw------- root/root",
	},
	conffiles: []string{"/etc/onestop/central.conf"},
	unit:      "onestop-central.service",
	binary:    "/usr/bin/onestop-central",
	conf:      "/etc/onestop/central.conf",
	depends:   []string{"libc6", "adduser", "init-system-helpers"},
}

func TestKioskDeb(t *testing.T)   { checkDeb(t, kioskDeb) }
func TestCentralDeb(t *testing.T) { checkDeb(t, centralDeb) }

func checkDeb(t *testing.T, spec debSpec) {
	deb := artefact(t, spec.pattern)
	t.Run("files", func(t *testing.T) {
		got := debFiles(t, deb)
		for path, want := range spec.files {
			if got[path] != want {
				t.Errorf("%s: %q, want %q", path, got[path], want)
			}
		}
		for path := range got {
			if _, ok := spec.files[path]; !ok {
				t.Errorf("unexpected file %s", path)
			}
		}
	})
	t.Run("control", func(t *testing.T) {
		c := control(t, deb)
		name := strings.SplitN(filepath.Base(deb), "_", 2)[0]
		if c["Package"] != name || c["Architecture"] != "amd64" || c["Maintainer"] == "" || c["Description"] == "" {
			t.Errorf("control fields %v", c)
		}
		deps := depends(c)
		for _, d := range spec.depends {
			if !deps[d] {
				t.Errorf("Depends %q lacks %s", c["Depends"], d)
			}
		}
		root := extract(t, deb)
		for _, lib := range needed(t, filepath.Join(root, spec.binary)) {
			if p := owner(t, lib); !deps[p] {
				t.Errorf("%s needs %s (ldd), from %s, which Depends %q lacks", spec.binary, lib, p, c["Depends"])
			}
		}
	})
	t.Run("scripts", func(t *testing.T) { checkScripts(t, deb, spec) })
	t.Run("conffile", func(t *testing.T) { checkConf(t, extract(t, deb), spec) })
	t.Run("unit", func(t *testing.T) { verifyUnit(t, extract(t, deb), spec.unit) })
	for _, u := range spec.more {
		t.Run(u, func(t *testing.T) { verifyUnit(t, extract(t, deb), u) })
	}
}

// debFiles is dpkg-deb -c's list of everything but directories: path to
// "mode owner" (a link's mode names its target too).
func debFiles(t *testing.T, deb string) map[string]string {
	t.Helper()
	files := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(output(t, "dpkg-deb", "-c", deb)))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 6 {
			t.Fatalf("dpkg-deb -c line %q", sc.Text())
		}
		if strings.HasPrefix(f[0], "d") {
			continue
		}
		path := strings.TrimPrefix(f[5], ".")
		mode := f[0] + " " + f[1]
		if len(f) == 8 && f[6] == "->" {
			mode += " -> " + f[7]
		}
		files[path] = mode
	}
	return files
}

// control is dpkg-deb -f's fields, continuation lines joined.
func control(t *testing.T, deb string) map[string]string {
	t.Helper()
	fields := map[string]string{}
	last := ""
	for _, line := range strings.Split(string(output(t, "dpkg-deb", "-f", deb)), "\n") {
		if strings.HasPrefix(line, " ") && last != "" {
			fields[last] += "\n" + line
			continue
		}
		if k, v, ok := strings.Cut(line, ":"); ok {
			last = k
			fields[k] = strings.TrimSpace(v)
		}
	}
	return fields
}

// depends is the set of packages Depends names (alternatives and
// version constraints dropped).
func depends(c map[string]string) map[string]bool {
	set := map[string]bool{}
	for _, d := range strings.Split(c["Depends"], ",") {
		for _, alt := range strings.Split(d, "|") {
			if name := strings.Fields(alt); len(name) > 0 {
				set[name[0]] = true
			}
		}
	}
	return set
}

var extracted = map[string]string{}

// extract unpacks a .deb's files into a directory kept for the test
// binary's run (several tests read the same package).
func extract(t *testing.T, deb string) string {
	t.Helper()
	if dir, ok := extracted[deb]; ok {
		return dir
	}
	dir, err := os.MkdirTemp("", "onestop-deb-")
	if err != nil {
		t.Fatal(err)
	}
	output(t, "dpkg-deb", "-x", deb, dir)
	extracted[deb] = dir
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range extracted {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// needed is the ELF binary's DT_NEEDED libraries, what ldd starts from.
func needed(t *testing.T, path string) []string {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Machine != elf.EM_X86_64 {
		t.Fatalf("%s: machine %v", path, f.Machine)
	}
	libs, err := f.ImportedLibraries()
	if err != nil {
		t.Fatal(err)
	}
	return libs
}

// owner is the Debian package that installs a shared library (a
// soname) or a program (an absolute path) on this machine: the kiosk's
// runtime libraries come with the -dev packages the build needs, the X
// session's programs with make deps. dpkg -S matches a glob; */ makes
// /usr/bin/x match /bin/x too.
func owner(t *testing.T, file string) string {
	t.Helper()
	out := output(t, "dpkg", "-S", "*/"+strings.TrimPrefix(file, "/"))
	pkg, _, ok := strings.Cut(strings.SplitN(string(out), "\n", 2)[0], ":")
	if !ok {
		t.Fatalf("dpkg -S %s: %q", file, out)
	}
	return pkg
}

// TestKioskDebDependsOnWhatGLFWOpens: GLFW opens X11 and GL libraries
// with dlopen, which neither ldd nor the binary's DT_NEEDED shows; the
// sonames are read from the GLFW source the kiosk is built with.
func TestKioskDebDependsOnWhatGLFWOpens(t *testing.T) {
	deb := artefact(t, kioskDeb.pattern)
	deps := depends(control(t, deb))
	dir := strings.TrimSpace(string(output(t, "go", "list", "-m", "-f", "{{.Dir}}", "github.com/go-gl/glfw/v3.3/glfw")))
	var sonames []string
	for _, src := range []string{"x11_init.c", "glx_context.c"} {
		code, err := os.ReadFile(filepath.Join(dir, "glfw", "src", src))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`"(lib[A-Za-z0-9_-]+\.so\.[0-9]+)"`).FindAllSubmatch(code, -1) {
			sonames = append(sonames, string(m[1]))
		}
	}
	if len(sonames) < 8 {
		t.Fatalf("found only %v in GLFW's x11_init.c and glx_context.c", sonames)
	}
	sort.Strings(sonames)
	for _, so := range sonames {
		if p := owner(t, so); !deps[p] {
			t.Errorf("GLFW opens %s, from %s, which Depends lacks", so, p)
		}
	}
}

// checkScripts: the maintainer scripts are there, executable, POSIX sh
// that parses, and speak of the package's unit; conffiles lists exactly
// the package's configuration.
func checkScripts(t *testing.T, deb string, spec debSpec) {
	ctrl := t.TempDir()
	output(t, "dpkg-deb", "-e", deb, ctrl)
	for _, name := range []string{"postinst", "prerm", "postrm"} {
		path := filepath.Join(ctrl, name)
		st, err := os.Stat(path)
		if err != nil {
			t.Errorf("no %s: %v", name, err)
			continue
		}
		if st.Mode()&0o111 != 0o111 {
			t.Errorf("%s: mode %v, want executable", name, st.Mode())
		}
		body, _ := os.ReadFile(path)
		if !bytes.HasPrefix(body, []byte("#!/bin/sh\n")) || !bytes.Contains(body, []byte(spec.unit)) {
			t.Errorf("%s: want a #!/bin/sh script that handles %s:\n%s", name, spec.unit, body)
		}
		if out, err := exec.Command(tool(t, "sh"), "-n", path).CombinedOutput(); err != nil {
			t.Errorf("sh -n %s: %v\n%s", name, err, out)
		}
	}
	body, err := os.ReadFile(filepath.Join(ctrl, "conffiles"))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Fields(string(body))
	sort.Strings(got)
	want := append([]string(nil), spec.conffiles...)
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("conffiles %v, want %v", got, want)
	}
}

// checkConf: every setting in the conffile and in the unit's
// Environment= is one the binary reads (its --help names each variable),
// so a renamed flag cannot leave the package configuring nothing.
func checkConf(t *testing.T, root string, spec debSpec) {
	help, _ := exec.Command(filepath.Join(root, spec.binary), "--help").CombinedOutput()
	if !bytes.Contains(help, []byte("ONESTOP_")) {
		t.Fatalf("%s --help names no ONESTOP_ variable:\n%s", spec.binary, help)
	}
	names := map[string]bool{}
	for _, m := range regexp.MustCompile(`\bONESTOP_[A-Z_]+`).FindAll(help, -1) {
		names[string(m)] = true
	}
	conf, err := os.ReadFile(filepath.Join(root, spec.conf))
	if err != nil {
		t.Fatal(err)
	}
	settings := 0
	for _, line := range strings.Split(string(conf), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, _, ok := strings.Cut(line, "=")
		if !ok || !names[name] {
			t.Errorf("%s: %q is no variable %s reads", spec.conf, line, spec.binary)
		}
		settings++
	}
	if settings == 0 {
		t.Errorf("%s sets nothing", spec.conf)
	}
	for _, env := range unitValues(t, root, spec.unit)["Environment"] {
		name, _, _ := strings.Cut(env, "=")
		if strings.HasPrefix(name, "ONESTOP_") && !names[name] {
			t.Errorf("%s: Environment=%s is no variable %s reads", spec.unit, env, spec.binary)
		}
	}
}
