// Package csvout writes the console's CSV exports: UTF-8 with a byte
// order mark (so Excel in Chinese opens it as UTF-8, not GBK), rows
// streamed as they come, and cells that a spreadsheet would run as a
// formula neutralised.
package csvout

import (
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Writer streams rows; the BOM goes first.
type Writer struct {
	w   *csv.Writer
	n   int
	err error
}

// New starts a CSV document on w.
func New(w io.Writer) *Writer {
	_, err := io.WriteString(w, "\ufeff")
	return &Writer{w: csv.NewWriter(w), err: err}
}

// Start sets the download headers on w and starts the document; name is
// the file name offered (UTF-8 allowed).
func Start(w http.ResponseWriter, name string) *Writer {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="export.csv"; filename*=UTF-8''`+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	return New(w)
}

// flushEvery rows the buffer goes out, so memory stays flat however
// long the export.
const flushEvery = 512

// Row writes one row, neutralising each cell.
func (w *Writer) Row(cells ...string) error {
	if w.err != nil {
		return w.err
	}
	for i, c := range cells {
		cells[i] = Neutralise(c)
	}
	if w.err = w.w.Write(cells); w.err != nil {
		return w.err
	}
	if w.n++; w.n%flushEvery == 0 {
		w.w.Flush()
		w.err = w.w.Error()
	}
	return w.err
}

// Close flushes what is left and reports the first failure.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	w.w.Flush()
	return w.w.Error()
}

// Neutralise prefixes a cell a spreadsheet would treat as a formula
// (starting with = + - @, or a tab or carriage return that hides one)
// with an apostrophe, so it shows as the text it is (OWASP CSV injection).
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	if strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
