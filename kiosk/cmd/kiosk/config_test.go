package main

import (
	"io"
	"path/filepath"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParseConfigDefaults(t *testing.T) {
	c, err := parseConfig(nil, env(map[string]string{"HOME": "/home/kiosk"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "/home/kiosk/.local/share/onestop-kiosk" || c.Demo || c.Fullscreen || c.Width != 1280 || c.Height != 800 {
		t.Fatalf("defaults %+v", c)
	}
}

func TestParseConfigFlagsAndEnv(t *testing.T) {
	c, err := parseConfig([]string{"-demo", "-size", "1920x1080"},
		env(map[string]string{"ONESTOP_KIOSK_DATA": "/var/lib/kiosk", "ONESTOP_KIOSK_FULLSCREEN": "true"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != filepath.Join("/var/lib/kiosk", "demo") || !c.Fullscreen || c.Width != 1920 {
		t.Fatalf("got %+v", c)
	}
	c, _ = parseConfig([]string{"-data", "/x"}, env(map[string]string{"ONESTOP_KIOSK_DATA": "/y"}), io.Discard)
	if c.DataDir != "/x" {
		t.Fatalf("flag must beat env: %q", c.DataDir)
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-size", "big"}, {"-size", "100x100"}, {"-demo-students", "0"}, {"stray"}, {"-nope"},
		{"-demo", "-server", "http://c"}, {"-enroll", "ABCD"}, {"-reenroll"}, {"-sync-every", "10ms"},
	} {
		if _, err := parseConfig(args, env(map[string]string{"HOME": "/h"}), io.Discard); err == nil {
			t.Errorf("%v: want error", args)
		}
	}
	if _, err := parseConfig(nil, env(nil), io.Discard); err == nil {
		t.Error("no HOME and no -data must be an error")
	}
}

func TestParseConfigSync(t *testing.T) {
	c, err := parseConfig([]string{"-name", "North lobby"}, env(map[string]string{"HOME": "/h",
		"ONESTOP_KIOSK_SERVER": "https://central.example.edu.cn", "ONESTOP_KIOSK_ENROLL": "K7QD-2M4P",
		"ONESTOP_KIOSK_SYNC_EVERY": "30s"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Server != "https://central.example.edu.cn" || c.Enroll != "K7QD-2M4P" || c.Name != "North lobby" ||
		c.SyncEvery != 30*time.Second || c.Reenroll {
		t.Fatalf("got %+v", c)
	}
	if c, _ := parseConfig(nil, env(map[string]string{"HOME": "/h"}), io.Discard); c.SyncEvery != 10*time.Second || c.Server != "" {
		t.Fatalf("defaults %+v", c)
	}
}

// -version is answered before the checks that only running needs: it
// works with no HOME and no data directory.
func TestParseConfigVersion(t *testing.T) {
	c, err := parseConfig([]string{"-version"}, env(nil), io.Discard)
	if err != nil || !c.Version {
		t.Fatalf("-version: %+v, %v", c, err)
	}
	if c, _ := parseConfig(nil, env(map[string]string{"HOME": "/h"}), io.Discard); c.Version {
		t.Fatal("Version set without -version")
	}
}
