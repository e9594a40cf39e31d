package admincli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/admin"
	"onestop/sync/central/admincli"
	"onestop/sync/central/sqlitestore/sqlitetest"
	"onestop/sync/central/storetest"
)

func TestCLI(t *testing.T) {
	f := storetest.NewFixture(t, sqlitetest.Fresh)
	var out bytes.Buffer
	run := func(stdin string, args ...string) string {
		t.Helper()
		out.Reset()
		c := &admincli.CLI{Store: f.S, Admin: admin.New(f.S, f.Clock, nil), In: strings.NewReader(stdin), Out: &out}
		if err := c.Run(f.Ctx, args); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return out.String()
	}
	run("a long enough password\n", "set-password", "ops")
	run("", "set-role", "ops", "hall", "--hall", storetest.HallA)
	run("", "revoke-kiosk", f.KB.ID)
	if _, err := f.S.KioskByToken(f.Ctx, storetest.Hash("token-kb")); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("revoke-kiosk: %v", err)
	}
	if a, err := f.S.AdminAccount(f.Ctx, "ops"); err != nil || a.Role != central.RoleHall || a.HallID != storetest.HallA {
		t.Fatalf("set-role: %+v %v", a, err)
	}
	if got := run("", "enroll-code", storetest.HallA); !strings.Contains(got, `"code"`) {
		t.Fatalf("enroll-code: %s", got)
	}
	run(`{"name":{"zh":"健身房"},"type":"fitness","capacity":20,"building_id":"b-a","opens":360,"closes":1380,"active":true}`,
		"put", "rooms", "gym", "--hall", storetest.HallA)
	got := run("", "get", "rooms", "gym")
	if !strings.Contains(got, `"fitness"`) {
		t.Fatalf("get: %s", got)
	}
	// What get prints goes back through put as it is: get → edit → put.
	run(strings.Replace(got, `"capacity": 20`, `"capacity": 25`, 1), "put", "rooms", "gym")
	if got := run("", "get", "rooms", "gym"); !strings.Contains(got, `"capacity": 25`) || !strings.Contains(got, storetest.HallA) {
		t.Fatalf("get after put of get's output: %s", got)
	}
	if got := run("", "settings", storetest.HallA, "room.max_per_day=3"); !strings.Contains(got, `"room.max_per_day": "3"`) || strings.Contains(got, "salt") {
		t.Fatalf("settings: %s", got)
	}
	csv := filepath.Join(t.TempDir(), "roster.csv")
	f.Must(os.WriteFile(csv, []byte("2024880001,周杰,b-a,2,,student,\n"), 0o600))
	if got := run("", "import-roster", csv); !strings.Contains(got, `"imported": 1`) {
		t.Fatalf("import: %s", got)
	}
	// The same parser as the console's: .xlsx, Chinese headers, and a
	// bad line refused by its number.
	x := excelize.NewFile()
	f.Must(x.SetSheetRow("Sheet1", "A1", &[]any{"学号", "姓名", "楼栋", "楼层", "角色"}))
	f.Must(x.SetSheetRow("Sheet1", "A2", &[]any{2024880002, "林夕", "b-a", 4, "志愿者"}))
	xlsx := filepath.Join(t.TempDir(), "名单.xlsx")
	f.Must(x.SaveAs(xlsx))
	if got := run("", "import-roster", xlsx); !strings.Contains(got, `"imported": 1`) {
		t.Fatalf("import xlsx: %s", got)
	}
	f.Must(os.WriteFile(csv, []byte("学号,姓名,楼栋,楼层\n2024880003,吴,b-a,高\n"), 0o600))
	cli := &admincli.CLI{Store: f.S, Admin: admin.New(f.S, f.Clock, nil), In: strings.NewReader(""), Out: &out}
	if err := cli.Run(f.Ctx, []string{"import-roster", csv}); err == nil || !strings.Contains(err.Error(), `line 2: floor "高" is not a number`) {
		t.Fatalf("import with a bad floor: %v", err)
	}
	f.Push(f.K1, kiosk.KindRequestCreate, "r1", storetest.Request("r1", storetest.Alice))
	if got := run("", "request-status", "r1", "accepted", "--note", "收到", "--due", "2026-03-03T12:00:00+08:00"); !strings.Contains(got, `"status": "accepted"`) {
		t.Fatalf("request-status: %s", got)
	}
	run("", "delete", "rooms", "gym")
	if got := run("", "halls"); !strings.Contains(got, storetest.HallB) {
		t.Fatalf("halls: %s", got)
	}
	c := &admincli.CLI{Store: f.S, Admin: admin.New(f.S, f.Clock, nil), In: strings.NewReader(""), Out: &out}
	for _, args := range [][]string{{"frobnicate"}, {"put", "rooms"}, {"delete", "rooms", "gym"}, {},
		{"settings", storetest.HallA, "hall_name_zh=北区"}, {"settings", storetest.HallA, "room.max_per_day=0"}} {
		if err := c.Run(f.Ctx, args); err == nil {
			t.Fatalf("%v: no error", args)
		}
	}
}
