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

// seedDemo puts demoRoster and its buildings into the store as central
// sends them.
func seedDemo(tb testing.TB, db *store.DB) {
	tb.Helper()
	seed(tb, db, kiosk.EntityBuilding,
		kiosk.Building{ID: "b1", Name: kiosk.LocalName{Zh: "一号楼", En: "Building 1"}, Floors: 6},
		kiosk.Building{ID: "b2", Name: kiosk.LocalName{Zh: "二号楼", En: "Building 2"}, Floors: 8})
	seedRoster(tb, db, demoRoster...)
}

// TestRosterKeepsNoPlainValues: what the sync path stores of central's
// students, anywhere in the database or beside it, holds no number,
// card id, name or PIN in plain.
func TestRosterKeepsNoPlainValues(t *testing.T) {
	ctx := context.Background()
	db, _, path := openBare(t)
	seedDemo(t, db)
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
			t.Errorf("%s lacks the masked name: did the roster reach the file?", filepath.Base(f))
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
	seedDemo(t, db)
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
	seedDemo(t, db)
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
	seedRoster(t, db,
		kiosk.RosterEntry{Number: "11110001", CardID: "22220002", Name: "甲乙丙"},
		kiosk.RosterEntry{Number: "22220002", Name: "丁戊己"})
	s, err := db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredScan, Value: "22220002"})
	if err != nil || s.Key != numberKey("11110001") {
		t.Errorf("scan matched %+v, %v; want the card holder", s, err)
	}
	s, err = db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredNumber, Value: "22220002"})
	if err != nil || s.Key != numberKey("22220002") {
		t.Errorf("typed number matched %+v, %v; want the number's owner", s, err)
	}
}

// TestNoSaltIsUnavailable: until central's settings bring the salt, no
// credential matches, even with students in the roster.
func TestNoSaltIsUnavailable(t *testing.T) {
	ctx := context.Background()
	db := openAt(t, filepath.Join(t.TempDir(), "kiosk.db"), kiosktest.NewClock(t0))
	if salt, err := store.RosterSalt(ctx, db); err != nil || salt != nil {
		t.Fatalf("RosterSalt = %x, %v; want none", salt, err)
	}
	seedRoster(t, db, demoRoster...)
	_, err := db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredNumber, Value: "2023010001"})
	wantCode(t, err, kiosk.EUNAVAILABLE, kiosk.MsgErrStoreUnavailable)
}

func TestRosterSaltPersistsAndChanges(t *testing.T) {
	ctx := context.Background()
	db, clock, path := openBare(t)
	seedDemo(t, db)
	// Central's settings again, with the same salt, keep the roster.
	seedSettings(t, db, nil)
	if n, _ := db.RosterCount(ctx); n != len(demoRoster) {
		t.Errorf("the same salt changed the roster to %d", n)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openAt(t, path, clock)
	number := kiosk.Credential{Kind: kiosk.CredNumber, Value: "2023010001"}
	if _, err := db.Identify(ctx, number); err != nil {
		t.Fatalf("identify after reopen: %v", err)
	}
	wantSkipped(t, db, centralSettings(t, []byte("short"), nil))
	if _, err := db.Identify(ctx, number); err != nil {
		t.Fatalf("identify after a malformed salt: %v", err)
	}
	central := bytes.Repeat([]byte{0x17}, 32)
	seedPage(t, db, centralSettings(t, central, nil))
	if n, _ := db.RosterCount(ctx); n != 0 {
		t.Errorf("a new salt left %d roster entries whose keys can never match", n)
	}
	// The feed then sends the students again under the new keys.
	key := kiosk.HashIdentifier(central, kiosk.HashStudentNumber, "2023010001")
	seed(t, db, kiosk.EntityStudent, kiosk.RosterRow{Key: key, MaskedName: "张*华", BuildingID: "b1", Floor: 3})
	s, err := db.Identify(ctx, number)
	if err != nil || s.Key != key {
		t.Errorf("identify under the new salt = %+v, %v", s, err)
	}
}

func TestRosterUpserts(t *testing.T) {
	ctx := context.Background()
	db, _, _ := openBare(t)
	seedDemo(t, db)
	// The card moves from the first student to the second, who also moves.
	seedRoster(t, db, kiosk.RosterEntry{Number: "2023010002", CardID: "C0FFEE7731", Name: "欧阳娜娜", BuildingID: "b1", Floor: 2})
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

// TestRosterSkipsRowsWithoutKeyOrName: a student without a masked name,
// or whose key is not the change's id, is skipped and stores nothing.
func TestRosterSkipsRowsWithoutKeyOrName(t *testing.T) {
	ctx := context.Background()
	db, _, _ := openBare(t)
	rows := rosterRows(t, demoRoster[:2]...)
	rows[0].MaskedName = ""
	wantSkipped(t, db, student(t, rows[0]), upsert(t, kiosk.EntityStudent, "another-key", rows[1]))
	if n, _ := db.RosterCount(ctx); n != 0 {
		t.Errorf("skipped students stored %d entries", n)
	}
}

// TestRosterPINs: the PIN hash central sends is what VerifyPIN checks.
func TestRosterPINs(t *testing.T) {
	ctx := context.Background()
	db, _, _ := openBare(t)
	seedDemo(t, db)
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
		ok, err := db.VerifyPIN(ctx, numberKey(tt.number), tt.pin)
		if err != nil || ok != tt.want {
			t.Errorf("VerifyPIN(%s, %q) = %v, %v; want %v", tt.number, tt.pin, ok, err, tt.want)
		}
	}
}
