package roster

import (
	"bytes"

	"github.com/xuri/excelize/v2"
)

// ParseXLSX reads the first sheet of an .xlsx roster; its row numbers
// are the lines problems name, as Excel shows them.
func ParseXLSX(data []byte) (File, error) {
	// An .xlsx is a zip: the limits keep a small upload from unpacking
	// into gigabytes.
	x, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 200 << 20, UnzipXMLSizeLimit: 100 << 20})
	if err != nil {
		return File{}, &Problem{Code: FileXLSX}
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) == 0 {
		return File{}, &Problem{Code: FileXLSX}
	}
	rows, err := x.Rows(sheets[0])
	if err != nil {
		return File{}, &Problem{Code: FileXLSX}
	}
	defer rows.Close()
	var recs []record
	for line := 1; rows.Next(); line++ {
		// Raw values: a student number typed as a number stays its
		// digits, not 2.024E+09.
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return File{}, &Problem{Line: line, Code: FileXLSX}
		}
		if len(recs) == MaxLines {
			return File{}, &Problem{Code: FileTooLong}
		}
		if len(cells) > 0 {
			recs = append(recs, record{line, cells})
		}
	}
	if rows.Error() != nil {
		return File{}, &Problem{Code: FileXLSX}
	}
	return check(recs)
}
