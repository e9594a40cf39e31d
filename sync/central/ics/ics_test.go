package ics_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"onestop/sync/central/ics"
)

// parse is a reader of what Encode writes, independent of it: it
// unfolds lines (a CRLF followed by a space or tab goes), splits each
// into name and value and unescapes TEXT. Every property keeps its
// last value per component, which is enough for these tests.
func parse(t *testing.T, b []byte) []map[string]string {
	t.Helper()
	s := string(b)
	if !strings.HasSuffix(s, "\r\n") {
		t.Fatalf("does not end in CRLF: %q", s)
	}
	for i, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Fatalf("line %d has %d octets: %q", i, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Fatalf("line %d splits a character: %q", i, l)
		}
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i, l)
		}
	}
	s = strings.NewReplacer("\r\n ", "", "\r\n\t", "").Replace(s)
	var comps []map[string]string
	var cur map[string]string
	for _, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("no colon in %q", l)
		}
		switch name {
		case "BEGIN":
			cur = map[string]string{"BEGIN": value}
			comps = append(comps, cur)
			continue
		case "END":
			continue
		}
		cur[name] = unescape(t, value)
	}
	return comps
}

func unescape(t *testing.T, v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' && i+1 < len(v):
			i++
			switch v[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			case '\\', ';', ',':
				b.WriteByte(v[i])
			default:
				t.Fatalf("bad escape in %q", v)
			}
		case c == ';' || c == ',':
			t.Fatalf("unescaped %q in %q", c, v)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

var zone = time.FixedZone("CST", 8*3600)

func TestEncodeParsesBack(t *testing.T) {
	long := strings.Repeat("学业导师预约，地点：明德楼二楼研讨室; ", 6) // multi-byte runes across the fold
	ev := ics.Event{
		UID:   "a1b2@onestop",
		Stamp: time.Date(2026, 3, 2, 9, 0, 0, 0, zone), Start: time.Date(2026, 3, 3, 10, 0, 0, 0, zone), End: time.Date(2026, 3, 3, 10, 30, 0, 0, zone),
		Summary: "Meeting, with \\ a; mix", Location: "Room 2\nFloor 3\r\nBuilding\x00 A", Description: long,
		URL: "https://hall.example.test/a/a1b2?lang=en", Status: ics.StatusConfirmed,
	}
	var b bytes.Buffer
	if err := (ics.Calendar{ProdID: "-//OneStop//Hall Kiosk//EN", Name: "王老师, 预约", Events: []ics.Event{ev, {UID: "x", Stamp: ev.Stamp, Start: ev.Start, End: ev.End}}}).Encode(&b); err != nil {
		t.Fatal(err)
	}
	cs := parse(t, b.Bytes())
	if len(cs) != 3 || cs[0]["BEGIN"] != "VCALENDAR" || cs[0]["VERSION"] != "2.0" || cs[0]["PRODID"] != "-//OneStop//Hall Kiosk//EN" ||
		cs[0]["X-WR-CALNAME"] != "王老师, 预约" {
		t.Fatalf("calendar %v", cs)
	}
	e := cs[1]
	want := map[string]string{
		"BEGIN": "VEVENT", "UID": "a1b2@onestop", "DTSTAMP": "20260302T010000Z", "DTSTART": "20260303T020000Z", "DTEND": "20260303T023000Z",
		"SUMMARY": "Meeting, with \\ a; mix", "LOCATION": "Room 2\nFloor 3\nBuilding A", "DESCRIPTION": long,
		"URL": ev.URL, "STATUS": "CONFIRMED",
	}
	for k, v := range want {
		if e[k] != v {
			t.Errorf("%s = %q, want %q", k, e[k], v)
		}
	}
	if len(e) != len(want) {
		t.Errorf("event has %v", e)
	}
	if _, ok := cs[2]["SUMMARY"]; ok {
		t.Error("an empty summary is written")
	}
}

func TestFolding(t *testing.T) {
	var b bytes.Buffer
	summary := strings.Repeat("x", 66) + "预约" // "SUMMARY:" + 66 = 74 octets, then a 3-octet rune
	ev := ics.Event{UID: "u", Summary: summary, Stamp: time.Unix(0, 0), Start: time.Unix(0, 0), End: time.Unix(60, 0)}
	if err := (ics.Calendar{ProdID: "p", Events: []ics.Event{ev}}).Encode(&b); err != nil {
		t.Fatal(err)
	}
	want := "SUMMARY:" + strings.Repeat("x", 66) + "\r\n 预约\r\n"
	if !strings.Contains(b.String(), want) {
		t.Fatalf("folded as\n%q\nwant %q", b.String(), want)
	}
	exact := strings.Repeat("y", 75-len("SUMMARY:"))
	b.Reset()
	ev.Summary = exact
	if err := (ics.Calendar{ProdID: "p", Events: []ics.Event{ev}}).Encode(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "SUMMARY:"+exact+"\r\nEND:VEVENT\r\n") {
		t.Fatalf("a line of exactly 75 octets is folded:\n%q", b.String())
	}
}

func TestEscapingAndInvalidUTF8(t *testing.T) {
	var b bytes.Buffer
	ev := ics.Event{UID: "u;1", Summary: "a\xffb", Stamp: time.Unix(0, 0), Start: time.Unix(0, 0), End: time.Unix(60, 0)}
	if err := (ics.Calendar{ProdID: "p", Events: []ics.Event{ev}}).Encode(&b); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if !strings.Contains(s, "UID:u\\;1\r\n") || !utf8.ValidString(s) || !strings.Contains(s, "SUMMARY:a\uFFFDb\r\n") {
		t.Fatalf("escaped as\n%q", s)
	}
}
