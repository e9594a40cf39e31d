package admin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/roster"
)

// ImportRoster reads a roster CSV (student number, name, building,
// floor, card id, role, PIN; see package roster for the encodings and
// column names it knows) and stores it: numbers and card ids as
// salted hashes with the campus salt, names masked. A PIN column is
// hashed in the background (PINProgress), and plain values never reach
// the store; students set their PINs on the kiosk otherwise. Any bad row refuses the whole file, with
// the first few problems by line, so a half-imported roster never
// confuses the kiosks.
func (a *Admin) ImportRoster(ctx context.Context, r io.Reader) (imported, pins int, err error) {
	return a.ImportRosterFile(ctx, "roster.csv", r)
}

// ImportRosterFile is ImportRoster for a file of that name: a name
// ending in .xlsx is read as Excel's workbook, anything else as CSV.
func (a *Admin) ImportRosterFile(ctx context.Context, name string, r io.Reader) (imported, pins int, err error) {
	salt, err := a.store.Salt(ctx)
	if err != nil {
		return 0, 0, err
	}
	rows, err := readRosterFile(name, r)
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

// readRoster reads a roster file with the parser the console uses too;
// the CLI refuses the whole file for any bad line, naming the first few.
func readRoster(r io.Reader) ([]rosterRow, error) { return readRosterFile("roster.csv", r) }

func readRosterFile(name string, r io.Reader) ([]rosterRow, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	f, err := roster.Parse(name, data)
	if err != nil {
		return nil, invalidField("roster", err.Error())
	}
	if len(f.Problems) > 0 {
		var problems []string
		for _, p := range f.Problems[:min(len(f.Problems), 10)] {
			problems = append(problems, p.Error())
		}
		return nil, invalidField("roster", strings.Join(problems, "; "))
	}
	rows := make([]rosterRow, len(f.Rows))
	for i, row := range f.Rows {
		rows[i] = rosterRow{line: row.Line, entry: row.Entry}
	}
	return rows, nil
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
