package admincli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/admin"
	"onestop/sync/central/admincli"
	"onestop/sync/central/sqlitestore/sqlitetest"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
	"onestop/update"
)

// `central admin release publish|rollout|list`: files named as the
// manifest lists them, refusals as the store words them, the rollout in
// every hall's feed.
func TestCLIRelease(t *testing.T) {
	f := storetest.NewFixture(t, sqlitetest.Fresh)
	dir := t.TempDir()
	var out bytes.Buffer
	run := func(args ...string) (string, error) {
		t.Helper()
		out.Reset()
		c := &admincli.CLI{Store: f.S, Admin: admin.New(f.S, f.Clock, nil), In: strings.NewReader(""), Out: &out}
		err := c.Run(f.Ctx, append([]string{"release"}, args...))
		return out.String(), err
	}
	write := func(name string, b []byte) string {
		t.Helper()
		p := filepath.Join(dir, name)
		f.Must(os.WriteFile(p, b, 0o600))
		return p
	}
	kit := storetest.NewReleaseKit(t)
	amd := storetest.TestPackage{Platform: "linux/amd64", Version: "1.5.0", File: "onestop_1.5.0_amd64.deb", Data: storetest.Bytes(2000, 1)}
	arm := storetest.TestPackage{Platform: "linux/arm64", Version: "1.5.0", File: "onestop_1.5.0_arm64.deb", Data: storetest.Bytes(900, 2)}
	man, sig, _ := kit.Release(t, "stable", 4, f.Clock.Now(), amd, arm)
	manPath := write("release-4.json", man)
	write("release-4.json.minisig", sig)
	sigPath := write("other.sig", sig)
	pkgDir := filepath.Join(dir, "build")
	f.Must(os.Mkdir(pkgDir, 0o700))
	amdPath, armPath := filepath.Join(pkgDir, amd.File), filepath.Join(pkgDir, arm.File)
	f.Must(os.WriteFile(amdPath, amd.Data, 0o600))
	f.Must(os.WriteFile(armPath, arm.Data, 0o600))

	// Refusals: a package left out, a stray file, a file under another
	// name, a missing flag.
	refused := func(msg string, args ...string) {
		t.Helper()
		if _, err := run(args...); func() string { id, _ := kiosk.ErrorMessageID(err); return id }() != msg {
			t.Errorf("%v: want %s, got %v", args, msg, err)
		}
	}
	refused(central.MsgReleaseMissing, "publish", "--manifest", manPath, amdPath)
	stray := write("notes.txt", []byte("x"))
	refused(central.MsgReleaseExtra, "publish", "--manifest", manPath, amdPath, armPath, stray)
	renamed := write("arm.deb", arm.Data)
	refused(central.MsgReleaseMissing, "publish", "--manifest", manPath, amdPath, renamed)
	for _, args := range [][]string{
		{"publish", amdPath}, // no --manifest
		{"publish", "--manifest", filepath.Join(dir, "none")},  // no such manifest
		{"publish", "--manifest", manPath, "--sig", "missing"}, // no such signature
		{"publish", "--manifest", manPath, amdPath, amdPath},   // a file twice
		{"rollout", "--channel", "stable"},                     // no --stage
		{"rollout", "--stage", "all"},                          // no --channel
		{"rollout", "--channel", "stable", "--stage", "all", "--pin", "kb"},
		{"rollout", "--channel", "stable", "--stage", "all", "extra"},
		{"unpublish"},
		{},
	} {
		if _, err := run(args...); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
	if rs, err := f.S.Releases(f.Ctx); err != nil || len(rs) != 0 {
		t.Fatalf("refused publishes stored something: %v %v", rs, err)
	}

	// Publish, the signature beside the manifest by default; files in
	// any order, flags anywhere.
	got, err := run("publish", armPath, "--manifest", manPath, amdPath)
	f.Must(err)
	var printed struct {
		Channel  string                    `json:"channel"`
		Seq      int64                     `json:"seq"`
		Stage    string                    `json:"stage"`
		Canary   []string                  `json:"canary"`
		Pins     map[string]string         `json:"pins"`
		Packages map[string]update.Package `json:"packages"`
	}
	f.Must(json.Unmarshal([]byte(got), &printed))
	if printed.Seq != 4 || printed.Channel != "stable" || printed.Stage != update.StageAll || printed.Packages["linux/arm64"].File != arm.File {
		t.Fatalf("publish printed %s", got)
	}
	entity := func(hall string) update.Release {
		t.Helper()
		_, data, err := f.S.Entity(f.Ctx, wire.EntityRelease, hall+"/stable")
		f.Must(err)
		return storetest.Decode[update.Release](t, data)
	}
	if r := entity(storetest.HallB); !bytes.Equal(r.Manifest, man) || !bytes.Equal(r.Sig, sig) {
		t.Fatalf("hall B's release: %+v", r)
	}
	// The same release again is not newer.
	refused(central.MsgReleaseSeq, "publish", "--manifest", manPath, "--sig", sigPath, amdPath, armPath)

	// Rollout: a ring and a pin, then all.
	got, err = run("rollout", "--channel", "stable", "--stage", "canary", "--canary", "k2, k1", "--pin", "kb=1.4.0")
	f.Must(err)
	f.Must(json.Unmarshal([]byte(got), &printed))
	if printed.Stage != update.StageCanary || !slices.Equal(printed.Canary, []string{"k1", "k2"}) || printed.Pins["kb"] != "1.4.0" {
		t.Fatalf("rollout printed %s", got)
	}
	if r := entity(storetest.HallA); r.Stage != update.StageCanary || !slices.Equal(r.Canary, []string{"k1", "k2"}) || r.Pins["kb"] != "1.4.0" {
		t.Fatalf("hall A's rollout: %+v", r)
	}
	if _, err := run("rollout", "--channel", "stable", "--stage", "canary", "--canary", "k9"); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("a ring of an unknown kiosk: %v", err)
	}
	if _, err := run("rollout", "--channel", "beta", "--stage", "all"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("a channel never published: %v", err)
	}
	_, err = run("rollout", "--stage", "all", "--channel", "stable")
	f.Must(err)
	if r := entity(storetest.HallB); r.Stage != update.StageAll || r.Canary != nil || r.Pins != nil {
		t.Fatalf("rollout to all: %+v", r)
	}

	f.Clock.Advance(time.Hour)
	man5, sig5, _ := kit.Release(t, "stable", 5, f.Clock.Now(), amd)
	man5Path := write("release-5.json", man5)
	_, err = run("publish", "--manifest", man5Path, "--sig", write("r5.minisig", sig5), filepath.Join(pkgDir, amd.File))
	f.Must(err)
	got, err = run("list")
	f.Must(err)
	var list []struct {
		Seq int64 `json:"seq"`
	}
	f.Must(json.Unmarshal([]byte(got), &list))
	if len(list) != 2 || list[0].Seq != 5 || list[1].Seq != 4 {
		t.Fatalf("list: %s", got)
	}
}
