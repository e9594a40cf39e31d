package roster

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"onestop/kiosk"
)

// gb18030 is s as a Chinese Excel saves a CSV.
func gb18030(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// xlsx builds an .xlsx whose first sheet holds rows; a number cell
// stays a number, as Excel keeps a typed student number.
func xlsx(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if r == nil {
			continue // an empty row
		}
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type want struct {
	line   int
	number string
	name   string
	floor  int
	roles  []string
}

func TestParse(t *testing.T) {
	zhHeader := "学号,姓名,卡号,楼栋,楼层,角色\n2024000001,张三华,C1,b-a,3,志愿者\n2024000002,李四,,b-a,5楼,学生\n"
	two := []want{
		{line: 2, number: "2024000001", name: "张三华", floor: 3, roles: []string{kiosk.RoleVolunteer}},
		{line: 3, number: "2024000002", name: "李四", floor: 5, roles: []string{kiosk.RoleStudent}},
	}
	for _, tc := range []struct {
		name string
		file string
		data []byte
		rows []want
	}{
		{"utf-8, Chinese header", "r.csv", []byte(zhHeader), two},
		{"utf-8 with BOM", "r.csv", []byte("\ufeff" + zhHeader), two},
		{"GB18030", "r.csv", gb18030(t, zhHeader), two},
		{"English header, other order, CRLF", "r.csv",
			[]byte("Name,Student Number,Building,Floor,Role\r\nLi Hua,2024000003,b-a,2F,student;volunteer\r\n"),
			[]want{{line: 2, number: "2024000003", name: "Li Hua", floor: 2, roles: []string{kiosk.RoleStudent, kiosk.RoleVolunteer}}}},
		{"snake_case header", "r.csv", []byte("student_number,name,building_id,floor,card_id\n2024000004,王五,b-a,1,X\n"),
			[]want{{line: 2, number: "2024000004", name: "王五", floor: 1}}},
		{"no header, quoted name over two lines", "r.csv", []byte("2024000001,\"张\n华\",b-a,3\n\n2024000002,李四,b-a,\n"),
			[]want{{line: 1, number: "2024000001", name: "张\n华", floor: 3}, {line: 4, number: "2024000002", name: "李四"}}},
		{"xlsx, number cells, empty row", "Roster.XLSX",
			xlsx(t, []any{"学号", "姓名", "楼栋", "楼层", "角色"}, []any{2024000001, "张三华", "b-a", 3, "志愿者"}, nil, []any{"2024000002", "李四", "b-a", "5", ""}),
			[]want{{line: 2, number: "2024000001", name: "张三华", floor: 3, roles: []string{kiosk.RoleVolunteer}}, {line: 4, number: "2024000002", name: "李四", floor: 5}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(tc.file, tc.data)
			if err != nil || len(f.Problems) > 0 {
				t.Fatalf("err %v, problems %+v", err, f.Problems)
			}
			if len(f.Rows) != len(tc.rows) {
				t.Fatalf("rows %+v, want %+v", f.Rows, tc.rows)
			}
			for i, w := range tc.rows {
				e := f.Rows[i].Entry
				if f.Rows[i].Line != w.line || e.Number != w.number || e.Name != w.name || e.Floor != w.floor || e.BuildingID != "b-a" || !slices.Equal(e.Roles, w.roles) {
					t.Errorf("row %d: line %d %+v, want %+v", i, f.Rows[i].Line, e, w)
				}
			}
		})
	}
}

func TestParseBadLines(t *testing.T) {
	csv := strings.Join([]string{
		"number,name,building,floor,card,role,pin",
		"2024000001,张三华,b-a,3,C1,,",    // 2: fine
		",李四,b-a,3,,,",                 // 3: no number
		"20x4,李四,b-a,3,,,",             // 4: not a number
		"2024000001,张三,b-a,4,,,",       // 5: number of line 2
		"2024000005,王五,b-a,三楼,,,",      // 6: floor
		"2024000006,赵六,b-a,-1,,,",      // 7: floor
		"2024000007,,b-a,2,,,",         // 8: no name
		"2024000008,钱七,,2,,,",          // 9: no building
		"2024000009,孙八,b-a,2,,admin,",  // 10: role
		"2024000010,周九,b-a,2,,,12",     // 11: PIN too short
		"2024000011,吴十,b-a,2,C1,,",     // 12: card of line 2
		",,,,,,",                       // 13: blank, skipped
		"2024000012,郑一,b-a,2,,,123456", // 14: fine, with a PIN
	}, "\n")
	f, err := ParseCSV([]byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{
		{Line: 3, Code: NumberMissing},
		{Line: 4, Code: NumberInvalid, Value: "20x4"},
		{Line: 5, Code: NumberDuplicate, Value: "2", Number: "2024000001"},
		{Line: 6, Code: FloorInvalid, Value: "三楼", Number: "2024000005"},
		{Line: 7, Code: FloorInvalid, Value: "-1", Number: "2024000006"},
		{Line: 8, Code: NameMissing, Number: "2024000007"},
		{Line: 9, Code: BuildingMissing, Number: "2024000008"},
		{Line: 10, Code: RoleUnknown, Value: "admin", Number: "2024000009"},
		{Line: 11, Code: PINLength, Number: "2024000010"},
		{Line: 12, Code: CardDuplicate, Value: "2", Number: "2024000011"},
	}
	if !slices.Equal(f.Problems, want) {
		t.Errorf("problems\n%+v\nwant\n%+v", f.Problems, want)
	}
	if len(f.Rows) != 2 || f.Rows[0].Line != 2 || f.Rows[1].Line != 14 || !f.PINs {
		t.Errorf("rows %+v (PINs %v), want lines 2 and 14 with a PIN", f.Rows, f.PINs)
	}
	if got := f.Problems[2].Error(); got != "line 5: same student number as line 2" {
		t.Errorf("English: %q", got)
	}

	// Line 2's building has 2 floors, line 14's is another hall's.
	f.Rows[0].Entry.BuildingID = "b-low"
	f.CheckBuildings(func(id string) (int, bool) { return 2, id == "b-low" })
	if n := len(f.Problems); len(f.Rows) != 0 || n != 12 ||
		f.Problems[0] != (Problem{Line: 2, Code: FloorAbove, Value: "2", Number: "2024000001"}) ||
		f.Problems[n-1] != (Problem{Line: 14, Code: BuildingUnknown, Value: "b-a", Number: "2024000012"}) {
		t.Errorf("after CheckBuildings: rows %+v problems %+v", f.Rows, f.Problems)
	}
}

func TestParseColumns(t *testing.T) {
	for _, tc := range []struct {
		csv  string
		want []string
	}{
		{"2024000001,张三华,b-a,3\n", []string{"building", "floor", "name", "number"}},
		{"2024000001,张三华,b-a,3,C1\n2024000002,李四,b-a,3,,student\n", []string{"building", "card", "floor", "name", "number", "role"}},
		{"姓名,学号,楼栋,角色\n张三华,2024000001,b-a\n", []string{"building", "name", "number", "role"}},
	} {
		f, err := ParseCSV([]byte(tc.csv))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for c := range f.Columns {
			got = append(got, c)
		}
		if slices.Sort(got); !slices.Equal(got, tc.want) {
			t.Errorf("%q: columns %v, want %v", tc.csv, got, tc.want)
		}
	}
}

func TestParseRefusedFiles(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		data       []byte
		code       string
		line       int
	}{
		{"no number column", "r.csv", []byte("姓名,楼栋\n张三华,b-a\n"), FileNoNumber, 1},
		{"unclosed quote", "r.csv", []byte("number,name\n2024000001,\"unclosed\n"), FileCSV, 2},
		{"not an xlsx", "r.xlsx", []byte("number,name\n"), FileXLSX, 0},
	} {
		_, err := Parse(tc.file, tc.data)
		var p *Problem
		if !errors.As(err, &p) || p.Code != tc.code || p.Line != tc.line {
			t.Errorf("%s: %v, want %s on line %d", tc.name, err, tc.code, tc.line)
		}
	}
}

func TestDecode(t *testing.T) {
	for _, in := range [][]byte{[]byte("\ufeff张三"), []byte("张三"), gb18030(t, "张三")} {
		if got := string(Decode(in)); got != "张三" {
			t.Errorf("%x decoded to %q", in, got)
		}
	}
}
