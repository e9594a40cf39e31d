// Package roster reads the roster files admins bring: CSV as Excel saves
// it (UTF-8, UTF-8 with a byte-order mark, or GB18030 from a Chinese
// Excel) or .xlsx, with Chinese or English column names. It checks every
// line on its own and reports each bad one with its line number and a
// code the callers translate, so `central admin import-roster` and the
// console's roster import read a file the same way. It keeps the plain
// values only as long as the caller holds the File: hashing and masking
// are admin.RosterStudent's.
package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"onestop/kiosk"
)

// MaxLines caps the records of one file: a campus has 50,000 students,
// and a larger file is a mistake, not a roster.
const MaxLines = 200_000

// Problem codes: each names what is wrong with a line (or, for the
// File* ones, with the whole file).
const (
	NumberMissing   = "number_missing"   // no student number
	NumberInvalid   = "number_invalid"   // Value: not digits of a valid length
	NumberDuplicate = "number_duplicate" // Value: the earlier line with that number
	CardDuplicate   = "card_duplicate"   // Value: the earlier line with that card
	NameMissing     = "name_missing"
	BuildingMissing = "building_missing"
	BuildingUnknown = "building_unknown" // Value: the building (CheckBuildings)
	FloorInvalid    = "floor_invalid"    // Value: what the floor column holds
	FloorAbove      = "floor_above"      // Value: the building's floors (CheckBuildings)
	RoleUnknown     = "role_unknown"     // Value: the role
	PINLength       = "pin_length"
	NotText         = "not_text"        // a NUL character, which no store keeps
	OtherHall       = "other_hall"      // the student is on another hall's roster (the console's check)
	CardOtherHall   = "card_other_hall" // a student of another hall holds the card (the console's check)

	FileCSV      = "file_csv"       // Value: the CSV reader's complaint
	FileXLSX     = "file_xlsx"      // the .xlsx cannot be opened
	FileNoNumber = "file_no_number" // the header names no student number column
	FileTooLong  = "file_too_long"
)

// Problem is one rejected line, or (as an error from Parse) a file that
// cannot be read at all.
type Problem struct {
	Line  int
	Code  string
	Value string
	// Number is the line's student number when it has a valid one: the
	// console keeps that student as they are instead of removing them.
	Number string
}

// Error is the problem in English, for the CLI and logs.
func (p *Problem) Error() string {
	var s string
	switch p.Code {
	case NumberMissing:
		s = "no student number"
	case NumberInvalid:
		s = fmt.Sprintf("student number %q must be %d to %d digits", p.Value, kiosk.MinStudentNumberLen, kiosk.MaxStudentNumberLen)
	case NumberDuplicate:
		s = "same student number as line " + p.Value
	case CardDuplicate:
		s = "same card as line " + p.Value
	case NameMissing:
		s = "no name"
	case BuildingMissing:
		s = "building missing"
	case BuildingUnknown:
		s = fmt.Sprintf("building %q is not one of the hall's", p.Value)
	case FloorInvalid:
		s = fmt.Sprintf("floor %q is not a number", p.Value)
	case FloorAbove:
		s = "floor above the building's " + p.Value + " floors"
	case RoleUnknown:
		s = fmt.Sprintf("unknown role %q", p.Value)
	case PINLength:
		s = "PIN must have 4 to 12 characters"
	case OtherHall:
		s = "the student is on another hall's roster"
	case CardOtherHall:
		s = "the card belongs to a student of another hall"
	case NotText:
		s = "a NUL character; save the file as CSV UTF-8"
	case FileCSV:
		s = "CSV: " + p.Value
	case FileXLSX:
		s = "not a readable .xlsx file"
	case FileNoNumber:
		s = "header has no student number column"
	case FileTooLong:
		s = fmt.Sprintf("more than %d lines", MaxLines)
	default:
		s = p.Code
	}
	if p.Line > 0 {
		return fmt.Sprintf("line %d: %s", p.Line, s)
	}
	return s
}

// Row is one accepted line.
type Row struct {
	Line  int
	Entry kiosk.RosterEntry
}

// File is what a roster file holds: the accepted rows and the rejected
// lines, both in the file's order.
type File struct {
	Rows     []Row
	Problems []Problem
	// PINs reports a PIN column with values in it.
	PINs bool
	// Columns are the columns the file has (by header, or by position
	// in a file without one): an import leaves what a file does not
	// say, such as cards or roles, as it is.
	Columns map[string]bool
}

// Columns in the order of a file without a header row.
var Columns = []string{"number", "name", "building", "floor", "card", "role", "pin"}

// aliases maps a header cell (lower case, without spaces, _ - . or
// brackets) to its column.
var aliases = map[string]string{
	"number": "number", "studentnumber": "number", "studentno": "number", "studentid": "number", "no": "number", "学号": "number",
	"name": "name", "studentname": "name", "姓名": "name", "名字": "name",
	"building": "building", "buildingid": "building", "楼栋": "building", "楼号": "building", "宿舍楼": "building",
	"floor": "floor", "楼层": "floor", "层": "floor",
	"card": "card", "cardid": "card", "cardnumber": "card", "cardno": "card", "卡号": "card", "校园卡号": "card", "一卡通": "card",
	"role": "role", "roles": "role", "角色": "role", "身份": "role",
	"pin": "pin", "密码": "pin",
}

// roleNames maps what a role cell may say to the kiosk's role.
var roleNames = map[string]string{
	"student": kiosk.RoleStudent, "学生": kiosk.RoleStudent,
	"volunteer": kiosk.RoleVolunteer, "志愿者": kiosk.RoleVolunteer,
}

// Parse reads a roster file; name's extension tells .xlsx from CSV.
func Parse(name string, data []byte) (File, error) {
	if strings.HasSuffix(strings.ToLower(name), ".xlsx") {
		return ParseXLSX(data)
	}
	return ParseCSV(data)
}

// Decode returns a CSV file's text as UTF-8: a byte-order mark means
// UTF-8 (and is dropped), valid UTF-8 is taken as it is, anything else
// is what a Chinese Excel saves, GB18030 (a superset of GBK).
func Decode(data []byte) []byte {
	if b, ok := bytes.CutPrefix(data, []byte("\ufeff")); ok {
		// The stores keep valid UTF-8 only (PostgreSQL refuses the
		// rest), so a broken byte after the mark becomes U+FFFD.
		return bytes.ToValidUTF8(b, []byte("\ufffd"))
	}
	if utf8.Valid(data) {
		return data
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		// The decoder replaces what it cannot read; an error here is
		// not a GB18030 file either, and the lines say so by their
		// replacement characters.
		return bytes.ToValidUTF8(data, []byte("\ufffd"))
	}
	return out
}

// ParseCSV reads a CSV roster in any of the encodings Decode knows.
func ParseCSV(data []byte) (File, error) {
	cr := csv.NewReader(bytes.NewReader(Decode(data)))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	// Rows are named by the line of the file their record starts on,
	// not by the record's index: csv skips blank lines and a quoted
	// field may span lines.
	var recs []record
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
				err = pe.Err
			}
			return File{}, &Problem{Line: line, Code: FileCSV, Value: err.Error()}
		}
		line, _ := cr.FieldPos(0)
		if len(recs) == MaxLines {
			return File{}, &Problem{Code: FileTooLong}
		}
		recs = append(recs, record{line, rec})
	}
	return check(recs)
}

type record struct {
	line  int
	cells []string
}

// check finds the columns and checks every record.
func check(recs []record) (File, error) {
	col := map[string]int{}
	for i, c := range Columns {
		col[c] = i
	}
	start := 0
	if len(recs) > 0 && len(recs[0].cells) > 0 && !kiosk.IsStudentNumber(strings.TrimSpace(recs[0].cells[0])) {
		col, start = header(recs[0].cells), 1
		if _, ok := col["number"]; !ok {
			return File{}, &Problem{Line: recs[0].line, Code: FileNoNumber}
		}
	}
	f := File{Columns: map[string]bool{}}
	for name, j := range col {
		for _, rec := range recs[start:] {
			if j < len(rec.cells) {
				f.Columns[name] = true
				break
			}
		}
		if start == 1 {
			f.Columns[name] = true
		}
	}
	numbers, cards := map[string]int{}, map[string]int{}
	for _, rec := range recs[start:] {
		get := func(name string) string {
			j, ok := col[name]
			if !ok || j >= len(rec.cells) {
				return ""
			}
			return strings.TrimSpace(rec.cells[j])
		}
		e := kiosk.RosterEntry{Number: get("number"), CardID: get("card"), Name: get("name"),
			BuildingID: get("building"), PIN: get("pin")}
		if e.Number == "" && e.Name == "" && e.BuildingID == "" {
			continue // a blank line, or one of commas only
		}
		p := Problem{Line: rec.line}
		if kiosk.IsStudentNumber(e.Number) {
			p.Number = e.Number
		}
		bad := func(code, value string) {
			if p.Code == "" { // the first problem of a line is the one shown
				p.Code, p.Value = code, value
			}
		}
		for _, c := range rec.cells {
			if strings.ContainsRune(c, 0) {
				bad(NotText, "")
			}
		}
		switch {
		case e.Number == "":
			bad(NumberMissing, "")
		case p.Number == "":
			bad(NumberInvalid, e.Number)
		case numbers[e.Number] > 0:
			bad(NumberDuplicate, strconv.Itoa(numbers[e.Number]))
		}
		if e.CardID != "" && cards[e.CardID] > 0 {
			bad(CardDuplicate, strconv.Itoa(cards[e.CardID]))
		}
		if e.Name == "" {
			bad(NameMissing, "")
		}
		if e.BuildingID == "" {
			bad(BuildingMissing, "")
		}
		floor, ok := parseFloor(get("floor"))
		if !ok {
			bad(FloorInvalid, get("floor"))
		}
		e.Floor = floor
		for _, r := range strings.FieldsFunc(get("role"), func(r rune) bool { return strings.ContainsRune(";|, 、；，", r) }) {
			role, ok := roleNames[strings.ToLower(r)]
			if !ok {
				bad(RoleUnknown, r)
			}
			e.Roles = append(e.Roles, role)
		}
		if e.PIN != "" {
			f.PINs = true
			if n := utf8.RuneCountInString(e.PIN); n < 4 || n > 12 {
				bad(PINLength, "")
			}
		}
		if p.Number != "" && numbers[p.Number] == 0 {
			numbers[p.Number] = rec.line
		}
		if e.CardID != "" && cards[e.CardID] == 0 {
			cards[e.CardID] = rec.line
		}
		if p.Code != "" {
			f.Problems = append(f.Problems, p)
			continue
		}
		f.Rows = append(f.Rows, Row{Line: rec.line, Entry: e})
	}
	return f, nil
}

// parseFloor reads a floor as people write it: 3, 3楼, 3层, 3F; an empty
// cell is the ground floor, as the CLI has always read it.
func parseFloor(s string) (int, bool) {
	if s == "" {
		return 0, true
	}
	for _, suffix := range []string{"楼", "层", "F", "f"} {
		s = strings.TrimSuffix(s, suffix)
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 200 {
		return 0, false
	}
	return n, true
}

func header(cells []string) map[string]int {
	col := map[string]int{}
	for i, h := range cells {
		h = strings.Map(func(r rune) rune {
			if strings.ContainsRune(" _-.()（）\ufeff", r) {
				return -1
			}
			return r
		}, strings.ToLower(strings.TrimSpace(h)))
		if a, ok := aliases[h]; ok {
			h = a
		}
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	return col
}

// CheckBuildings moves the rows whose building is not known (not one of
// the hall's), or whose floor is above the building's top floor, to the
// problems, keeping the file's order. floors is the building's number of
// floors, 0 for not recorded.
func (f *File) CheckBuildings(known func(id string) (floors int, ok bool)) {
	rows := f.Rows[:0:0]
	for _, r := range f.Rows {
		p := Problem{Line: r.Line, Number: r.Entry.Number}
		switch floors, ok := known(r.Entry.BuildingID); {
		case !ok:
			p.Code, p.Value = BuildingUnknown, r.Entry.BuildingID
		case floors > 0 && r.Entry.Floor > floors:
			p.Code, p.Value = FloorAbove, strconv.Itoa(floors)
		default:
			rows = append(rows, r)
			continue
		}
		f.Problems = append(f.Problems, p)
	}
	f.Rows = rows
	sortProblems(f.Problems)
}

func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int { return a.Line - b.Line })
}
