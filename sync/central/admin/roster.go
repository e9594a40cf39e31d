package admin

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"onestop/kiosk"
	"onestop/sync/central"
)

// Roster CSV columns, by header name (case-insensitive, any order); a
// file without a header row has them in this order.
var rosterColumns = []string{"number", "name", "building", "floor", "card", "role", "pin"}

var columnAliases = map[string]string{
	"student_number": "number", "student number": "number", "学号": "number", "姓名": "name",
	"building_id": "building", "楼栋": "building", "楼层": "floor", "card_id": "card", "card id": "card",
	"卡号": "card", "roles": "role", "角色": "role",
}

// ImportRoster reads a roster CSV (student number, name, building,
// floor, card id, role, PIN) and stores it: numbers and card ids as
// salted hashes with the campus salt, names masked. A PIN column is
// hashed in the background (PINProgress), and plain values never reach
// the store; students set their PINs on the kiosk otherwise. Any bad row refuses the whole file, with
// the first few problems by line, so a half-imported roster never
// confuses the kiosks. Roles are separated by ; or |.
func (a *Admin) ImportRoster(ctx context.Context, r io.Reader) (imported, pins int, err error) {
	salt, err := a.store.Salt(ctx)
	if err != nil {
		return 0, 0, err
	}
	rows, err := readRoster(r)
	if err != nil {
		return 0, 0, err
	}
	ss := make([]central.Student, 0, len(rows))
	var problems []string
	var jobs []pinJob
	for _, row := range rows {
		s, err := RosterStudent(salt, row.entry)
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: %v", row.line, err))
			if len(problems) == 10 {
				break
			}
			continue
		}
		ss = append(ss, s)
		if row.entry.PIN != "" {
			jobs = append(jobs, pinJob{key: s.Key, pin: row.entry.PIN})
		}
	}
	if len(problems) > 0 {
		return 0, 0, invalidField("roster", strings.Join(problems, "; "))
	}
	if err := a.store.PutStudents(ctx, ss); err != nil {
		return 0, 0, err
	}
	a.queuePINs(jobs)
	return len(ss), len(jobs), nil
}

type rosterRow struct {
	line  int
	entry kiosk.RosterEntry
}

func readRoster(r io.Reader) ([]rosterRow, error) {
	// Excel's "CSV UTF-8" starts with a byte-order mark; csv would keep
	// it in the first field, where it spoils a headerless file's first
	// number and makes a quoted first field a parse error.
	br := bufio.NewReader(r)
	if b, _ := br.Peek(3); string(b) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	// Rows are named by the line of the file their record starts on,
	// not by the record's index: csv skips blank lines and a quoted
	// field may span lines (found by FuzzRoster).
	var (
		recs  [][]string
		lines []int
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, invalidField("roster", "CSV: "+err.Error())
		}
		line, _ := cr.FieldPos(0)
		// The stores keep UTF-8 without NUL (PostgreSQL refuses the
		// rest: a 500), and a file saved as GBK would have its names
		// masked into nonsense; refuse it by line instead.
		for _, v := range rec {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				return nil, invalidField("roster", fmt.Sprintf("line %d: not UTF-8 text (or a NUL character); save the file as CSV UTF-8", line))
			}
		}
		recs, lines = append(recs, rec), append(lines, line)
	}
	col := map[string]int{}
	for i, c := range rosterColumns {
		col[c] = i
	}
	start := 0
	if len(recs) > 0 && !kiosk.IsStudentNumber(strings.TrimSpace(strings.TrimPrefix(recs[0][0], "\ufeff"))) {
		col, start = header(recs[0]), 1
		if _, ok := col["number"]; !ok {
			return nil, invalidField("roster", fmt.Sprintf("line %d: header has no student number column", lines[0]))
		}
	}
	var out []rosterRow
	for i := start; i < len(recs); i++ {
		get := func(name string) string {
			j, ok := col[name]
			if !ok || j >= len(recs[i]) {
				return ""
			}
			return strings.TrimSpace(recs[i][j])
		}
		e := kiosk.RosterEntry{Number: get("number"), CardID: get("card"), Name: get("name"),
			BuildingID: get("building"), PIN: get("pin")}
		if e.Number == "" && e.Name == "" {
			continue // a blank line
		}
		floor, err := strconv.Atoi(get("floor"))
		if get("floor") != "" && err != nil {
			floor = -1
		}
		e.Floor = floor
		for _, role := range strings.FieldsFunc(get("role"), func(r rune) bool { return r == ';' || r == '|' || r == ' ' }) {
			e.Roles = append(e.Roles, strings.ToLower(role))
		}
		out = append(out, rosterRow{line: lines[i], entry: e})
	}
	return out, nil
}

func header(rec []string) map[string]int {
	col := map[string]int{}
	for i, h := range rec {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if a, ok := columnAliases[h]; ok {
			h = a
		}
		col[h] = i
	}
	return col
}

// RosterStudent turns a plain entry into what central keeps; the demo's
// seeding uses it too.
func RosterStudent(salt []byte, e kiosk.RosterEntry) (central.Student, error) {
	if err := e.Validate(); err != nil {
		return central.Student{}, errors.New(strings.TrimPrefix(err.Error(), kiosk.EINVALID+": "))
	}
	if e.BuildingID == "" || e.Floor < 0 {
		return central.Student{}, errors.New("building missing or floor not a number")
	}
	if e.PIN != "" && (len(e.PIN) < 4 || len(e.PIN) > 12) {
		return central.Student{}, errors.New("PIN must have 4 to 12 characters")
	}
	s := central.Student{
		Key:        kiosk.HashIdentifier(salt, kiosk.HashStudentNumber, e.Number),
		MaskedName: kiosk.MaskName(e.Name),
		BuildingID: e.BuildingID,
		Floor:      e.Floor,
		Roles:      e.Roles,
	}
	if e.CardID != "" {
		s.CardKey = kiosk.HashIdentifier(salt, kiosk.HashCard, e.CardID)
	}
	if len(s.Roles) == 0 {
		s.Roles = []string{kiosk.RoleStudent}
	}
	for _, r := range s.Roles {
		if r != kiosk.RoleStudent && r != kiosk.RoleVolunteer {
			return central.Student{}, fmt.Errorf("unknown role %q", r)
		}
	}
	return s, nil
}
