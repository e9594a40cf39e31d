package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/kiosk/store"
)

// demoRoster has values distinctive enough that finding one in the
// database file cannot be chance.
var demoRoster = []kiosk.RosterEntry{
	{Number: "2023010001", CardID: "C0FFEE7731", Name: "张三华", BuildingID: "b1", Floor: 3, Roles: []string{kiosk.RoleStudent}, PIN: "904512"},
	{Number: "2023010002", CardID: "DEADBEEF9913", Name: "欧阳娜娜", BuildingID: "b2", Floor: 5, Roles: []string{kiosk.RoleStudent, kiosk.RoleVolunteer}},
	{Number: "2023010003", Name: "Lihua Wangsworth", BuildingID: "b9", Floor: 1},
}

func importDemo(tb testing.TB, db *store.DB) {
	tb.Helper()
	ctx := context.Background()
	err := db.PutBuildings(ctx, []kiosk.Building{
		{ID: "b1", Name: kiosk.LocalName{Zh: "一号楼", En: "Building 1"}, Floors: 6},
		{ID: "b2", Name: kiosk.LocalName{Zh: "二号楼", En: "Building 2"}, Floors: 8},
	})
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.ImportRoster(ctx, demoRoster); err != nil {
		tb.Fatal(err)
	}
}

func TestImportRosterKeepsNoPlainValues(t *testing.T) {
	ctx := context.Background()
	db, _, path := openBare(t)
	importDemo(t, db)
	var plain []string
	for _, e := range demoRoster {
		plain = append(plain, e.Number, e.Name)
		if e.CardID != "" {
			plain = append(plain, e.CardID)
		}
		if e.PIN != "" {
			plain = append(plain, e.PIN)
		}
	}
	// Every value any table holds, as text, while the store is open.
	for _, v := range allTableText(t, path) {
		for _, p := range plain {
			if strings.Contains(v, p) {
				t.Errorf("a table holds %q in %q", p, v)
			}
		}
	}
	if n, err := db.RosterCount(ctx); err != nil || n != len(demoRoster) {
		t.Fatalf("RosterCount = %d, %v", n, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// The raw bytes of the database and anything beside it.
	files, _ := filepath.Glob(path + "*")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range plain {
			if bytes.Contains(b, []byte(p)) {
				t.Errorf("%s contains %q", filepath.Base(f), p)
			}
		}
		if strings.HasSuffix(f, ".db") && !bytes.Contains(b, []byte("张*华")) {
			t.Errorf("%s lacks the masked name: did the import reach the file?", filepath.Base(f))
		}
	}
}

// allTableText returns every cell of every table cast to text.
func allTableText(tb testing.TB, path string) []string {
	tb.Helper()
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		tb.Fatal(err)
	}
	// Closed here, not at cleanup, so the store's close can checkpoint.
	defer raw.Close()
	rows, err := raw.Query(`
		SELECT
			name
		FROM sqlite_schema
		WHERE type = 'table'`)
	if err != nil {
		tb.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			tb.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	var out []string
	for _, table := range tables {
		// Table names come from sqlite_schema, not from input.
		rows, err := raw.Query(fmt.Sprintf(`SELECT * FROM %q`, table))
		if err != nil {
			tb.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			cells := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range cells {
				ptrs[i] = &cells[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				tb.Fatal(err)
			}
			for _, c := range cells {
				out = append(out, fmt.Sprintf("%s", c))
			}
		}
		rows.Close()
	}
	return out
}

func TestIdentify(t *testing.T) {
	db, _, _ := openBare(t)
	importDemo(t, db)
	tests := []struct {
		name      string
		cred      kiosk.Credential
		wantKey   string // "" means an error
		wantCode  string
		wantMsgID string
	}{
		{"number", kiosk.Credential{Kind: kiosk.CredNumber, Value: "2023010001"}, numberKey("2023010001"), "", ""},
		{"number with spaces", kiosk.Credential{Kind: kiosk.CredNumber, Value: " 2023010002 "}, numberKey("2023010002"), "", ""},
		{"card scan", kiosk.Credential{Kind: kiosk.CredScan, Value: "C0FFEE7731"}, numberKey("2023010001"), "", ""},
		{"QR carrying the number", kiosk.Credential{Kind: kiosk.CredScan, Value: "2023010003"}, numberKey("2023010003"), "", ""},
		{"card id typed as a number", kiosk.Credential{Kind: kiosk.CredNumber, Value: "0000"}, "", kiosk.ENOTFOUND, kiosk.MsgErrUnknownStudent},
		{"unknown number", kiosk.Credential{Kind: kiosk.CredNumber, Value: "2099999999"}, "", kiosk.ENOTFOUND, kiosk.MsgErrUnknownStudent},
		{"unknown card", kiosk.Credential{Kind: kiosk.CredScan, Value: "ABCDEF"}, "", kiosk.ENOTFOUND, kiosk.MsgErrUnknownStudent},
		{"letters as number", kiosk.Credential{Kind: kiosk.CredNumber, Value: "12ab5678"}, "", kiosk.EINVALID, kiosk.MsgErrInvalidNumber},
		{"empty scan", kiosk.Credential{Kind: kiosk.CredScan, Value: "  "}, "", kiosk.EINVALID, kiosk.MsgErrInvalidNumber},
		{"unknown kind", kiosk.Credential{Kind: "face", Value: "2023010001"}, "", kiosk.EINVALID, kiosk.MsgErrInvalidNumber},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := db.Identify(context.Background(), tt.cred)
			if tt.wantKey == "" {
				wantCode(t, err, tt.wantCode, tt.wantMsgID)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Key != tt.wantKey {
				t.Errorf("key = %s, want %s", s.Key, tt.wantKey)
			}
		})
	}
}

func TestIdentifyResolvesStudent(t *testing.T) {
	db, _, _ := openBare(t)
	importDemo(t, db)
	s, err := db.Identify(context.Background(), kiosk.Credential{Kind: kiosk.CredScan, Value: "DEADBEEF9913"})
	if err != nil {
		t.Fatal(err)
	}
	want := kiosk.Student{
		Key:          numberKey("2023010002"),
		MaskedName:   "欧**娜",
		BuildingID:   "b2",
		BuildingName: kiosk.LocalName{Zh: "二号楼", En: "Building 2"},
		Floor:        5,
		Roles:        []string{kiosk.RoleStudent, kiosk.RoleVolunteer},
	}
	if s.Key != want.Key || s.MaskedName != want.MaskedName || s.BuildingID != want.BuildingID ||
		s.BuildingName != want.BuildingName || s.Floor != want.Floor || !slices.Equal(s.Roles, want.Roles) {
		t.Errorf("student = %+v, want %+v", *s, want)
	}
	// A building the store does not know leaves the name empty.
	s, err = db.Identify(context.Background(), kiosk.Credential{Kind: kiosk.CredNumber, Value: "2023010003"})
	if err != nil || s.BuildingName != (kiosk.LocalName{}) || s.Roles != nil || s.MaskedName != "L* W*" {
		t.Errorf("student = %+v, %v", s, err)
	}
}

func TestIdentifyPrefersCardOverNumber(t *testing.T) {
	ctx := context.Background()
	db, _, _ := openBare(t)
	// Student A's card id is the digits of student B's number.
	err := db.ImportRoster(ctx, []kiosk.RosterEntry{
		{Number: "11110001", CardID: "22220002", Name: "甲乙丙"},
		{Number: "22220002", Name: "丁戊己"},
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredScan, Value: "22220002"})
	if err != nil || s.Key != numberKey("11110001") {
		t.Errorf("scan matched %+v, %v; want the card holder", s, err)
	}
	s, err = db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredNumber, Value: "22220002"})
	if err != nil || s.Key != numberKey("22220002") {
		t.Errorf("typed number matched %+v, %v; want the number's owner", s, err)
	}
}

func TestNoSaltIsUnavailable(t *testing.T) {
	ctx := context.Background()
	db := openAt(t, filepath.Join(t.TempDir(), "kiosk.db"), kiosktest.NewClock(t0))
	if salt, err := db.RosterSalt(ctx); err != nil || salt != nil {
		t.Fatalf("RosterSalt = %x, %v; want none", salt, err)
	}
	_, err := db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredNumber, Value: "2023010001"})
	wantCode(t, err, kiosk.EUNAVAILABLE, kiosk.MsgErrStoreUnavailable)
	err = db.ImportRoster(ctx, demoRoster)
	wantCode(t, err, kiosk.EUNAVAILABLE, kiosk.MsgErrStoreUnavailable)
}

func TestRosterSaltPersistsAndChanges(t *testing.T) {
	ctx := context.Background()
	db, clock, path := openBare(t)
	importDemo(t, db)
	// A second Ensure keeps the salt already there.
	salt, err := db.EnsureRosterSalt(ctx, strings.NewReader(strings.Repeat("x", 64)))
	if err != nil || !bytes.Equal(salt, testSalt) {
		t.Fatalf("EnsureRosterSalt = %x, %v; want the existing salt", salt, err)
	}
	if err := db.SetRosterSalt(ctx, testSalt); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.RosterCount(ctx); n != len(demoRoster) {
		t.Errorf("setting the same salt changed the roster to %d", n)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openAt(t, path, clock)
	number := kiosk.Credential{Kind: kiosk.CredNumber, Value: "2023010001"}
	if _, err := db.Identify(ctx, number); err != nil {
		t.Fatalf("identify after reopen: %v", err)
	}
	err = db.SetRosterSalt(ctx, []byte("short"))
	wantCode(t, err, kiosk.EINVALID, "")
	central := bytes.Repeat([]byte{0x17}, 32)
	if err := db.SetRosterSalt(ctx, central); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.RosterCount(ctx); n != 0 {
		t.Errorf("a new salt left %d roster entries whose keys can never match", n)
	}
	importDemo(t, db)
	s, err := db.Identify(ctx, number)
	if err != nil || s.Key != kiosk.HashIdentifier(central, kiosk.HashStudentNumber, "2023010001") {
		t.Errorf("identify under the new salt = %+v, %v", s, err)
	}
}

func TestImportRosterUpserts(t *testing.T) {
	ctx := context.Background()
	db, _, _ := openBare(t)
	importDemo(t, db)
	// The card moves from the first student to the second, who also moves.
	err := db.ImportRoster(ctx, []kiosk.RosterEntry{
		{Number: "2023010002", CardID: "C0FFEE7731", Name: "欧阳娜娜", BuildingID: "b1", Floor: 2},
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredScan, Value: "C0FFEE7731"})
	if err != nil || s.Key != numberKey("2023010002") || s.BuildingID != "b1" || s.Floor != 2 {
		t.Errorf("card now identifies %+v, %v", s, err)
	}
	if _, err := db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredScan, Value: "DEADBEEF9913"}); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Errorf("the replaced card still identifies: %v", err)
	}
	if _, err := db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredNumber, Value: "2023010001"}); err != nil {
		t.Errorf("the card's old holder lost their number: %v", err)
	}
	if n, _ := db.RosterCount(ctx); n != len(demoRoster) {
		t.Errorf("RosterCount = %d, want %d", n, len(demoRoster))
	}
}

func TestImportRosterRejectsInvalidEntries(t *testing.T) {
	ctx := context.Background()
	db, _, _ := openBare(t)
	bad := []kiosk.RosterEntry{demoRoster[0], {Number: "12", Name: "短号码"}}
	wantCode(t, db.ImportRoster(ctx, bad), kiosk.EINVALID, kiosk.MsgErrInvalidNumber)
	bad = []kiosk.RosterEntry{demoRoster[0], {Number: "20230199", Name: " "}}
	wantCode(t, db.ImportRoster(ctx, bad), kiosk.EINVALID, "")
	if n, _ := db.RosterCount(ctx); n != 0 {
		t.Errorf("a refused import stored %d entries", n)
	}
}

func TestCheckPIN(t *testing.T) {
	ctx := context.Background()
	db, _, _ := openBare(t)
	importDemo(t, db)
	tests := []struct {
		number, pin string
		want        bool
	}{
		{"2023010001", "904512", true},
		{"2023010001", "904513", false},
		{"2023010001", "", false},
		{"2023010002", "904512", false}, // has no PIN
		{"2099999999", "904512", false}, // not in the roster
	}
	for _, tt := range tests {
		ok, err := db.CheckPIN(ctx, numberKey(tt.number), tt.pin)
		if err != nil || ok != tt.want {
			t.Errorf("CheckPIN(%s, %q) = %v, %v; want %v", tt.number, tt.pin, ok, err, tt.want)
		}
	}
}
