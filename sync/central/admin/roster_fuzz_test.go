package admin

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"onestop/kiosk"
	"onestop/sync/central/roster"
)

// FuzzRoster feeds the roster import's CSV reading (readRoster, then
// RosterStudent for each row, as ImportRoster does; the PINs' hashing
// is not parsing and is left out) whatever file an admin may upload.
// Nothing may panic. A refused file names a line. A row's line is the
// file's line its record starts on, so the admin finds it in an editor.
// What is kept of an accepted row is hashes for the number and the
// card, a masked name, a building, a floor and known roles, all text
// that both stores keep.
func FuzzRoster(f *testing.F) {
	for _, s := range []string{
		"2024000001,张三华,b-a,3,CARD-1,student;volunteer,1234\n",
		"学号,姓名,楼栋,楼层,卡号,角色\n2024000001,张三华,b-a,3,,\n2024000002,Li Hua,b-a,5,C2,student\n",
		"\ufeffnumber,name,building,floor\r\n2024000001,张三华,b-a,3\r\n\r\n2024000002,李四,b-a,x\r\n",
		"number,name,building,floor\n\n\n2024000001,张三华,b-a,3\n",
		"name,building\n张三华,b-a\n",
		"number,name,building,floor,role\n\"2024000001\",\"张\n华\",b-a,3,admin\n2024000002,李四,b-a,-1,student\n",
		"2024000001,\"unclosed,b-a,3\n",
		"2024000001,a\"b,b-a,3\n",
		"2024000001,张三华,b\x00a,3\n",
		"2024000001,\xd5\xc5\xc8\xfd,b-a,3\n", // GBK, as Excel saves a Chinese CSV
		"2024000001,张三华,b-a,3,,,12\n",
		"\ufeff2024000001,张三华,b-a,3\n", // Excel's "CSV UTF-8", no header
		"\ufeff\"number\",\"name\",\"building\",\"floor\"\n\"2024000001\",\"张三华\",\"b-a\",\"3\"\n",
		"  ,  \n,\n",
		"",
	} {
		f.Add([]byte(s))
	}
	salt := []byte("campus-salt")
	hash := regexp.MustCompile(`^[0-9a-f]{64}$`)
	f.Fuzz(func(t *testing.T, csv []byte) {
		rows, err := readRoster(strings.NewReader(string(csv)))
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "roster" || !strings.Contains(fe.Message, "line") {
				t.Fatalf("refused without naming a line: %v", err)
			}
			return
		}
		// Lines as the parser reads them: GB18030 decoded to UTF-8.
		text := string(roster.Decode(csv))
		lines := strings.Split(text, "\n")
		last := 0
		for _, row := range rows {
			if row.line <= last || row.line > len(lines) {
				t.Fatalf("row on line %d after line %d, in a file of %d lines", row.line, last, len(lines))
			}
			last = row.line
			// Without quotes a record is its line: the line named
			// must hold the row's number and name.
			if !strings.Contains(text, `"`) {
				var fields []string
				for _, fl := range strings.Split(strings.TrimSuffix(lines[row.line-1], "\r"), ",") {
					fields = append(fields, strings.TrimSpace(fl))
				}
				has := func(v string) bool { return v == "" || slices.Contains(fields, v) } // "": a missing column
				if !has(row.entry.Number) || !has(row.entry.Name) {
					t.Fatalf("row %+v named line %d, which is %q", row.entry, row.line, lines[row.line-1])
				}
			}
			e := row.entry
			// PostgreSQL refuses text with a NUL or invalid UTF-8: such a
			// roster would fail as a 500 rather than be refused by line,
			// and a garbled name would be masked into nonsense. A
			// byte-order mark is Excel's, not the student's.
			for _, v := range append([]string{e.Number, e.Name, e.CardID, e.BuildingID, e.PIN}, e.Roles...) {
				if !utf8.ValidString(v) || strings.ContainsRune(v, 0) || strings.HasPrefix(v, "\ufeff") {
					t.Fatalf("row on line %d keeps text %q", row.line, v)
				}
			}
			s, err := RosterStudent(salt, e)
			if err != nil {
				continue // ImportRoster names the line
			}
			switch {
			case s.Key != kiosk.HashIdentifier(salt, kiosk.HashStudentNumber, e.Number) || !hash.MatchString(s.Key):
				t.Fatalf("key %q for number %q", s.Key, e.Number)
			case e.CardID == "" && s.CardKey != "",
				e.CardID != "" && (s.CardKey != kiosk.HashIdentifier(salt, kiosk.HashCard, e.CardID) || !hash.MatchString(s.CardKey)):
				t.Fatalf("card key %q for card %q", s.CardKey, e.CardID)
			case s.MaskedName != kiosk.MaskName(e.Name) || !strings.Contains(s.MaskedName, "*"):
				t.Fatalf("name %q kept as %q", e.Name, s.MaskedName)
			case s.BuildingID == "" || s.Floor < 0:
				t.Fatalf("building %q floor %d", s.BuildingID, s.Floor)
			case len(s.Roles) == 0 || slices.ContainsFunc(s.Roles, func(r string) bool { return r != kiosk.RoleStudent && r != kiosk.RoleVolunteer }):
				t.Fatalf("roles %q", s.Roles)
			}
		}
	})
}

// TestReadRosterLines keeps what FuzzRoster found: rows named by the
// file's line, a byte-order mark dropped, text the stores refuse
// refused by line, GB18030 decoded.
func TestReadRosterLines(t *testing.T) {
	rows, err := readRoster(strings.NewReader("number,name,building,floor\r\n\r\n\"2024000001\",\"张\n华\",b-a,3\n2024000002,李四,b-a,5\n"))
	if err != nil || len(rows) != 2 || rows[0].line != 3 || rows[1].line != 5 {
		t.Fatalf("rows %+v, %v; want lines 3 and 5", rows, err)
	}
	for _, bom := range []string{"\ufeff2024000001,张三华,b-a,3\n", "\ufeff\"number\",\"name\",\"building\",\"floor\"\n2024000001,张三华,b-a,3\n"} {
		rows, err := readRoster(strings.NewReader(bom))
		if err != nil || len(rows) != 1 || rows[0].entry.Number != "2024000001" {
			t.Fatalf("%q: rows %+v, %v", bom, rows, err)
		}
	}
	// What a Chinese Excel saves (GB18030) is read as such.
	rows, err = readRoster(strings.NewReader("number,name,building\n2024000001,\xd5\xc5\xc8\xfd,b-a\n"))
	if err != nil || len(rows) != 1 || rows[0].entry.Name != "张三" {
		t.Fatalf("GB18030: rows %+v, %v", rows, err)
	}
	for _, bad := range []string{"number,name,building\n2024000001,,b-a\n", "2024000001,张三华,b\x00a,3\n"} {
		if _, err := readRoster(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line ") {
			t.Fatalf("%q: %v, want refused by line", bad, err)
		}
	}
}
