package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onestop/sync/central/storetest"
)

// `central admin release publish`, then `release list`, through the
// command line itself on a data directory, as an operator runs them.
func TestAdminReleasePublish(t *testing.T) {
	dir, files := t.TempDir(), t.TempDir()
	kit := storetest.NewReleaseKit(t)
	pkg := storetest.TestPackage{Platform: "linux/amd64", Version: "1.5.0", File: "onestop_1.5.0_amd64.deb", Data: storetest.Bytes(4096, 3)}
	man, sig, _ := kit.Release(t, "stable", 1, time.Now(), pkg)
	manPath, pkgPath := filepath.Join(files, "release.json"), filepath.Join(files, pkg.File)
	for p, b := range map[string][]byte{manPath: man, manPath + ".minisig": sig, pkgPath: pkg.Data} {
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	admin := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"admin", "--data", dir}, args...), nil, &out, io.Discard)
		return out.String(), err
	}
	if _, err := admin("release", "publish", "--manifest", manPath); err == nil || !strings.Contains(err.Error(), pkg.File+" not given") {
		t.Fatalf("publish without its package: %v", err)
	}
	if _, err := admin("release", "publish", "--manifest", manPath, pkgPath); err != nil {
		t.Fatal(err)
	}
	got, err := admin("release", "list")
	if err != nil {
		t.Fatal(err)
	}
	var list []struct {
		Channel string `json:"channel"`
		Seq     int64  `json:"seq"`
		Stage   string `json:"stage"`
	}
	if err := json.Unmarshal([]byte(got), &list); err != nil || len(list) != 1 || list[0].Seq != 1 || list[0].Stage != "all" {
		t.Fatalf("release list: %v %s", err, got)
	}
	if !strings.Contains(got, pkg.File) {
		t.Fatalf("release list without its package: %s", got)
	}
}
