package main

import (
	"bytes"
	"path/filepath"
	"testing"
)

// The root units' commands: nothing to install and nothing pending is
// a quiet success; other arguments are the kiosk's own.
func TestInstallCommand(t *testing.T) {
	dir := t.TempDir()
	flags := []string{"--updates", filepath.Join(dir, "updates"), "--state", filepath.Join(dir, "state.json"),
		"--kept", filepath.Join(dir, "kept"), "--health", filepath.Join(dir, "healthy")}
	for _, cmd := range []string{"install-update", "check-update"} {
		var out bytes.Buffer
		ran, err := installCommand(append([]string{cmd}, flags...), &out)
		if !ran || err != nil {
			t.Errorf("%s: ran %v, err %v: %s", cmd, ran, err, out.String())
		}
	}
	if ran, _ := installCommand([]string{"--demo"}, &bytes.Buffer{}); ran {
		t.Error("--demo taken for an installer command")
	}
	if ran, err := installCommand([]string{"install-update", "--bogus"}, &bytes.Buffer{}); !ran || err == nil {
		t.Errorf("a bad flag: ran %v, err %v", ran, err)
	}
}
