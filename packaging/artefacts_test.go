package packaging_test

import (
	"bytes"
	"debug/buildinfo"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// pkgDir is where `make package` leaves the artefacts.
var pkgDir = filepath.Join("..", "build", "package")

// missing skips a test whose input is absent, or fails it under CI=true,
// where `make test` has just run `make package`.
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	line := strings.Repeat("*", 72)
	banner := func(what string) string {
		return "\n" + line + "\n*** NO " + fmt.Sprintf(format, args...) + ": this test " + what + ".\n" +
			"*** Run `make package` (make test does; make deps installs the tools).\n" + line
	}
	if os.Getenv("CI") == "true" {
		t.Fatal(banner("must run under CI=true"))
	}
	t.Log(banner("is SKIPPED"))
	t.Skip("no artefact")
}

// artefact is the one file of build/package matching pattern.
func artefact(t *testing.T, pattern string) string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(pkgDir, pattern))
	if err != nil {
		t.Fatal(err)
	}
	switch len(m) {
	case 0:
		missing(t, "%s in %s", pattern, pkgDir)
	case 1:
		return m[0]
	}
	t.Fatalf("%d files match %s (%v): make package starts from an empty %s", len(m), pattern, m, pkgDir)
	return ""
}

// tool is the path of a program the checks run; make deps installs them.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(t, "%s on this machine", name)
	}
	return p
}

// output runs a command and returns its stdout; a failure fails the test.
func output(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(tool(t, name), args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, stderr.Bytes())
	}
	return out
}

// nameVersion is the version in an artefact's file name,
// onestop-kiosk_<version>_….
func nameVersion(t *testing.T, path string) string {
	t.Helper()
	parts := strings.Split(filepath.Base(path), "_")
	if len(parts) < 3 {
		t.Fatalf("%s: want name_version_…", path)
	}
	return parts[1]
}

// debianVersion is what the Makefile makes of git describe: a tag's
// version with the commits since it after a +, or 0.0.0+commits.hash.
func debianVersion(describe string, commits string) string {
	if regexp.MustCompile(`^v?[0-9]+\.`).MatchString(describe) {
		v := strings.TrimPrefix(describe, "v")
		v = strings.Replace(v, "-", "+", 1)
		return strings.ReplaceAll(v, "-", ".")
	}
	return strings.ReplaceAll("0.0.0+"+commits+"."+describe, "-", ".")
}

// TestDebianVersion pins the Makefile's mapping on the forms git
// describe prints.
func TestDebianVersion(t *testing.T) {
	for _, tt := range []struct{ describe, want string }{
		{"v1.2.0", "1.2.0"},
		{"v1.2.0-3-gabc1234", "1.2.0+3.gabc1234"},
		{"v1.2.0-3-gabc1234-dirty", "1.2.0+3.gabc1234.dirty"},
		{"0863869-dirty", "0.0.0+273.0863869.dirty"},
		{"abc1234", "0.0.0+273.abc1234"},
	} {
		if got := debianVersion(tt.describe, "273"); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.describe, got, tt.want)
		}
	}
}

// TestMakefileVersion runs the Makefile's own mapping (make -p, nothing
// built) and holds it to debianVersion.
func TestMakefileVersion(t *testing.T) {
	for _, describe := range []string{"v1.2.0", "v1.2.0-3-gabc1234-dirty", "0863869-dirty"} {
		out := output(t, "make", "-C", "..", "-pn", "package", "VERSION="+describe)
		m := regexp.MustCompile(`(?m)^PKG_VERSION := (.*)$`).FindSubmatch(out)
		c := regexp.MustCompile(`(?m)^APP_BUILD := (.*)$`).FindSubmatch(out)
		if m == nil || c == nil {
			t.Fatalf("make -p printed no PKG_VERSION or APP_BUILD")
		}
		if want := debianVersion(describe, string(c[1])); string(m[1]) != want {
			t.Errorf("VERSION=%s: the Makefile says %s, want %s", describe, m[1], want)
		}
	}
}

// TestVersionsAgree: the four artefacts of one run carry one version, in
// their names, the .deb control files and the compiled-in --version.
func TestVersionsAgree(t *testing.T) {
	tarxz := artefact(t, "onestop-kiosk_*_linux_amd64.tar.xz")
	kdeb := artefact(t, "onestop-kiosk_*_amd64.deb")
	cdeb := artefact(t, "onestop-central_*_amd64.deb")
	exe := artefact(t, "onestop-kiosk_*_windows_amd64.exe")
	v := nameVersion(t, kdeb)
	for _, p := range []string{tarxz, cdeb, exe} {
		if nameVersion(t, p) != v {
			t.Errorf("%s: version %s, the kiosk .deb's is %s", p, nameVersion(t, p), v)
		}
	}
	for _, deb := range []string{kdeb, cdeb} {
		if got := control(t, deb)["Version"]; got != v {
			t.Errorf("%s: control Version %q, file name %q", deb, got, v)
		}
	}
	output(t, "dpkg", "--validate-version", v)

	kroot, croot := extract(t, kdeb), extract(t, cdeb)
	kv := strings.TrimSpace(string(output(t, filepath.Join(kroot, "usr/bin/onestop-kiosk"), "--version")))
	cv := strings.TrimSpace(string(output(t, filepath.Join(croot, "usr/bin/onestop-central"), "--version")))
	if kv != cv || kv == "dev" || kv == "" {
		t.Fatalf("kiosk --version %q, central --version %q: want one version from the Makefile", kv, cv)
	}
	// Before the first tag the commit count is in the version; the
	// mapping itself is TestMakefileVersion's.
	commits := ""
	if m := regexp.MustCompile(`^0\.0\.0\+([0-9]+)\.`).FindStringSubmatch(v); m != nil {
		commits = m[1]
	}
	if want := debianVersion(kv, commits); want != v {
		t.Errorf("packages say %s; the binaries' %s makes %s", v, kv, want)
	}
	// The Windows .exe cannot run here: checkBuild finds its version.
	for _, bin := range []string{filepath.Join(kroot, "usr/bin/onestop-kiosk"), exe} {
		checkBuild(t, bin, kv, "migrated_fynedo", "release")
	}
	checkBuild(t, filepath.Join(croot, "usr/bin/onestop-central"), kv, "migrated_fynedo")
}

// checkBuild reads a Go binary's build information: built from this
// module with the tags and the version the Makefile passes.
func checkBuild(t *testing.T, path, version string, tags ...string) {
	t.Helper()
	bi, err := buildinfo.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if bi.Main.Path != "onestop" {
		t.Errorf("%s: main module %q", path, bi.Main.Path)
	}
	have := strings.Split(settings["-tags"], ",")
	for _, tag := range tags {
		if !contains(have, tag) {
			t.Errorf("%s: built with tags %v, want %s", path, have, tag)
		}
	}
	// -trimpath leaves -ldflags out of the build information; the string
	// -X set is in the binary's data.
	if data, err := os.ReadFile(path); err != nil || !bytes.Contains(data, []byte(version)) {
		t.Errorf("%s: no version %s compiled in (%v)", path, version, err)
	}
	if settings["-trimpath"] != "true" {
		t.Errorf("%s: not built with -trimpath", path)
	}
}

// TestSourceTreeRestored: fyne package rewrites FyneApp.toml and leaves
// build files beside it; make package undoes both.
func TestSourceTreeRestored(t *testing.T) {
	artefact(t, "onestop-kiosk_*_windows_amd64.exe") // the last step of make package
	src := filepath.Join("..", "kiosk", "cmd", "kiosk")
	toml, err := os.ReadFile(filepath.Join(src, "FyneApp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	// fyne's rewrite drops the comments and adds Build.
	if !bytes.HasPrefix(toml, []byte("# Packaging metadata")) || regexp.MustCompile(`(?m)^\s*Build\s*=`).Match(toml) {
		t.Errorf("FyneApp.toml is fyne's rewrite, not the committed file:\n%s", toml)
	}
	for _, leftover := range []string{"fyne.syso", "fyne_metadata_init.go", "kiosk", "kiosk.exe", "OneStop Hall Kiosk.exe"} {
		if _, err := os.Stat(filepath.Join(src, leftover)); err == nil {
			t.Errorf("make package left %s in %s", leftover, src)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
