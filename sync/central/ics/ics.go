// Package ics writes iCalendar (RFC 5545) files: one VCALENDAR of
// VEVENTs with the properties a calendar app needs to show an
// appointment (UID, DTSTAMP, DTSTART/DTEND, SUMMARY, LOCATION,
// DESCRIPTION, URL, STATUS). Times are written in UTC, so no VTIMEZONE
// is needed and every client shows them in its own zone. Text values
// are escaped and lines folded at 75 octets on UTF-8 boundaries, with
// CRLF line ends.
//
// It is small code of our own: this subset is a page of the RFC, and
// the Go iCalendar libraries bring parsers and models we do not need.
package ics

import (
	"bufio"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// ContentType is what an .ics response is served as.
const ContentType = "text/calendar; charset=utf-8"

// Calendar is one iCalendar object.
type Calendar struct {
	ProdID string // who made it, "-//OneStop//Hall Kiosk//EN"
	Name   string // X-WR-CALNAME, the name a subscribed feed shows; "" for none
	Events []Event
}

// Event statuses (STATUS of a VEVENT).
const (
	StatusConfirmed = "CONFIRMED"
	StatusCancelled = "CANCELLED"
)

// Event is one VEVENT. UID, Stamp, Start and End are required.
type Event struct {
	UID         string    // globally unique and stable: the same event keeps it
	Stamp       time.Time // DTSTAMP: when this version was written
	Start, End  time.Time
	Summary     string
	Location    string
	Description string
	URL         string
	Status      string // StatusConfirmed, StatusCancelled or ""
}

// Encode writes c to w.
func (c Calendar) Encode(w io.Writer) error {
	e := encoder{w: bufio.NewWriter(w)}
	e.line("BEGIN", "VCALENDAR")
	e.line("VERSION", "2.0")
	e.line("PRODID", text(c.ProdID))
	e.line("CALSCALE", "GREGORIAN")
	e.line("METHOD", "PUBLISH")
	if c.Name != "" {
		e.line("X-WR-CALNAME", text(c.Name))
	}
	for _, ev := range c.Events {
		e.line("BEGIN", "VEVENT")
		e.line("UID", text(ev.UID))
		e.line("DTSTAMP", utc(ev.Stamp))
		e.line("DTSTART", utc(ev.Start))
		e.line("DTEND", utc(ev.End))
		e.optional("SUMMARY", text(ev.Summary))
		e.optional("LOCATION", text(ev.Location))
		e.optional("DESCRIPTION", text(ev.Description))
		e.optional("URL", uri(ev.URL))
		e.optional("STATUS", ev.Status)
		e.line("END", "VEVENT")
	}
	e.line("END", "VCALENDAR")
	if e.err != nil {
		return e.err
	}
	return e.w.Flush()
}

// utc is a DATE-TIME in UTC ("form #2" of RFC 5545 3.3.5).
func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// text escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon and
// comma get a backslash, a line break becomes \n, and other control
// characters, which TEXT may not hold, are dropped.
func text(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ';', ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteByte(c)
		default:
			if c < 0x20 || c == 0x7f {
				continue
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// uri keeps a URI value on one logical line: it is not escaped, so only
// what could break the line goes.
func uri(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// maxLine is RFC 5545's limit of a content line in octets, CRLF aside.
const maxLine = 75

type encoder struct {
	w   *bufio.Writer
	err error
}

func (e *encoder) optional(name, value string) {
	if value != "" {
		e.line(name, value)
	}
}

// line writes "name:value" folded: a line longer than 75 octets breaks
// before the rune that would cross the limit, and the rest continues on
// lines starting with one space (RFC 5545 3.1).
func (e *encoder) line(name, value string) {
	if e.err != nil {
		return
	}
	s := name + ":" + value
	n := 0 // octets on the current line
	for len(s) > 0 {
		_, size := utf8.DecodeRuneInString(s)
		if n+size > maxLine {
			e.write("\r\n ")
			n = 1
		}
		e.write(s[:size])
		n += size
		s = s[size:]
	}
	e.write("\r\n")
}

func (e *encoder) write(s string) {
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}
