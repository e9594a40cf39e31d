package kiosk

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Setting keys as stored locally and sent by central. Every number the
// rules use is a setting so admins can change it through sync.
const (
	SettingHallID      = "hall.id"
	SettingHallNameZh  = "hall.name.zh"
	SettingHallNameEn  = "hall.name.en"
	SettingHallZone    = "hall.time_zone" // IANA name; comes with the hall
	SettingIdleTimeout = "idle.timeout_seconds"
	SettingIdleWarning = "idle.warning_seconds"
	SettingDefaultLang = "ui.default_lang"
	SettingPublicURL   = "public.base_url" // where phones open status pages
	SettingTermStart   = "term.start"      // YYYY-MM-DD; empty: derived from the date
)

// Settings are the kiosk's effective settings: stored values over defaults.
type Settings struct {
	HallID   string
	HallName LocalName
	// Zone is the hall's time zone: days, weeks, opening hours, windows
	// and every local time shown are the hall's, on any machine. The
	// rules carry a copy (Room.Zone, Mentor.Zone).
	Zone        *time.Location
	IdleTimeout time.Duration // no touch for this long → warning
	IdleWarning time.Duration // warning shows this long → home, session wiped
	DefaultLang string
	PublicURL   string
	TermStart   time.Time // zero: derived by TermStartAt
	Room        RoomRules
	Mentor      MentorRules
	EventBefore time.Duration // event check-in opens this long before start
	SLA         SLAs
	// BasicallyWeight is k of the 满意率 (SettingBasicallyWeight).
	BasicallyWeight float64
	Desk            DeskRules
	// UpdateWindow is when a verified software update may be installed
	// (an idle moment in it): from Start o'clock for Hours, hall time.
	UpdateWindow UpdateWindow
	// RestartHour is the hour of the nightly restart; 24: none.
	RestartHour int
}

// UpdateWindow is the hall's nightly maintenance window.
type UpdateWindow struct{ Start, Hours int }

// Contains reports whether t, in the hall's zone, is inside the window.
func (w UpdateWindow) Contains(t time.Time) bool {
	if w.Hours >= 24 {
		return true
	}
	return (t.Hour()-w.Start+24)%24 < w.Hours
}

// DefaultSettings are the values DESIGN.md starts from.
func DefaultSettings() Settings {
	h := time.Hour
	s := Settings{
		HallName:    LocalName{Zh: "一站式学生社区服务大厅", En: "One-Stop Student Community Hall"},
		Zone:        defaultLoc,
		IdleTimeout: 60 * time.Second,
		IdleWarning: 15 * time.Second,
		DefaultLang: LangZh,
		PublicURL:   "https://onestop.example.edu.cn",
		Room: RoomRules{
			Slot: 30 * time.Minute, MaxLength: 4 * h, MaxPerDay: 2, MaxPerWeek: 6 * h, WindowDays: 7,
			CheckInBefore: 15 * time.Minute, CheckInAfter: 15 * time.Minute,
			NoShowLimit: 3, NoShowPeriod: 30 * 24 * h, Suspension: 7 * 24 * h,
		},
		Mentor: MentorRules{
			WindowDays: 14, CancelBefore: 2 * h, AcademicTarget: 2,
			CheckInBefore: 15 * time.Minute, CheckInAfter: 15 * time.Minute,
		},
		EventBefore:     30 * time.Minute,
		BasicallyWeight: DefaultBasicallyWeight,
		Desk:            DeskRules{Lock: 120 * time.Second, ShiftCap: 6 * h},
		UpdateWindow:    UpdateWindow{Start: 2, Hours: 3},
		RestartHour:     4,
		SLA: SLAs{Safety: 2 * h, Repair: 24 * h, Network: 24 * h, Dorm: 72 * h, Catering: 72 * h,
			Study: 72 * h, Counselling: 72 * h, Other: 7 * 24 * h},
	}
	s.SetZone(defaultLoc)
	return s
}

// SetZone makes loc the hall's zone, in the settings and their rules.
func (s *Settings) SetZone(loc *time.Location) {
	s.Zone, s.Room.Zone, s.Mentor.Zone = loc, loc, loc
}

// Local returns t in the hall's zone, for showing and for counting days.
func (s Settings) Local(t time.Time) time.Time { return t.In(zoneOr(s.Zone)) }

// durationSetting binds a key to a field with its unit and sane range.
type durationSetting struct {
	key      string
	unit     time.Duration
	min, max int
	field    func(*Settings) *time.Duration
}

type intSetting struct {
	key      string
	min, max int
	field    func(*Settings) *int
}

const day = 24 * time.Hour

var durationSettings = []durationSetting{
	{SettingIdleTimeout, time.Second, 10, 3600, func(s *Settings) *time.Duration { return &s.IdleTimeout }},
	{SettingIdleWarning, time.Second, 5, 300, func(s *Settings) *time.Duration { return &s.IdleWarning }},
	{"room.slot_minutes", time.Minute, 10, 240, func(s *Settings) *time.Duration { return &s.Room.Slot }},
	{"room.max_length_minutes", time.Minute, 10, 24 * 60, func(s *Settings) *time.Duration { return &s.Room.MaxLength }},
	{"room.max_hours_week", time.Hour, 1, 168, func(s *Settings) *time.Duration { return &s.Room.MaxPerWeek }},
	{"room.checkin_before_minutes", time.Minute, 0, 120, func(s *Settings) *time.Duration { return &s.Room.CheckInBefore }},
	{"room.checkin_after_minutes", time.Minute, 0, 120, func(s *Settings) *time.Duration { return &s.Room.CheckInAfter }},
	{"room.noshow_period_days", day, 1, 365, func(s *Settings) *time.Duration { return &s.Room.NoShowPeriod }},
	{"room.suspend_days", day, 0, 365, func(s *Settings) *time.Duration { return &s.Room.Suspension }},
	{"mentor.cancel_before_minutes", time.Minute, 0, 7 * 24 * 60, func(s *Settings) *time.Duration { return &s.Mentor.CancelBefore }},
	{"mentor.checkin_before_minutes", time.Minute, 0, 120, func(s *Settings) *time.Duration { return &s.Mentor.CheckInBefore }},
	{"mentor.checkin_after_minutes", time.Minute, 0, 120, func(s *Settings) *time.Duration { return &s.Mentor.CheckInAfter }},
	{"event.checkin_before_minutes", time.Minute, 0, 240, func(s *Settings) *time.Duration { return &s.EventBefore }},
	{"request.sla.safety_hours", time.Hour, 1, 24 * 60, func(s *Settings) *time.Duration { return &s.SLA.Safety }},
	{"request.sla.repair_hours", time.Hour, 1, 24 * 60, func(s *Settings) *time.Duration { return &s.SLA.Repair }},
	{"request.sla.dorm_hours", time.Hour, 1, 24 * 60, func(s *Settings) *time.Duration { return &s.SLA.Dorm }},
	{"request.sla.network_hours", time.Hour, 1, 24 * 60, func(s *Settings) *time.Duration { return &s.SLA.Network }},
	{"request.sla.catering_hours", time.Hour, 1, 24 * 60, func(s *Settings) *time.Duration { return &s.SLA.Catering }},
	{"request.sla.study_hours", time.Hour, 1, 24 * 60, func(s *Settings) *time.Duration { return &s.SLA.Study }},
	{"request.sla.counselling_referral_hours", time.Hour, 1, 24 * 60, func(s *Settings) *time.Duration { return &s.SLA.Counselling }},
	{"request.sla.other_hours", time.Hour, 1, 24 * 60, func(s *Settings) *time.Duration { return &s.SLA.Other }},
	{SettingDeskLock, time.Second, 30, 3600, func(s *Settings) *time.Duration { return &s.Desk.Lock }},
	// A cap over MaxShift could never be recorded as a shift's end.
	{SettingShiftCap, time.Hour, 1, int(MaxShift / time.Hour), func(s *Settings) *time.Duration { return &s.Desk.ShiftCap }},
}

var intSettings = []intSetting{
	{"room.max_per_day", 1, 48, func(s *Settings) *int { return &s.Room.MaxPerDay }},
	{"room.window_days", 0, 90, func(s *Settings) *int { return &s.Room.WindowDays }},
	{"room.noshow_limit", 0, 100, func(s *Settings) *int { return &s.Room.NoShowLimit }},
	{"mentor.window_days", 0, 90, func(s *Settings) *int { return &s.Mentor.WindowDays }},
	{"mentor.academic_target", 0, 31, func(s *Settings) *int { return &s.Mentor.AcademicTarget }},
	{"update.window_start_hour", 0, 23, func(s *Settings) *int { return &s.UpdateWindow.Start }},
	{"update.window_hours", 1, 24, func(s *Settings) *int { return &s.UpdateWindow.Hours }},
	{SettingRestartHour, 0, 24, func(s *Settings) *int { return &s.RestartHour }},
}

// ParseSettings overlays stored key/values on the defaults. A value that
// does not parse or is out of range keeps the default: a bad admin edit
// must not make the kiosk unusable.
func ParseSettings(kv map[string]string) Settings {
	s := DefaultSettings()
	if v := kv[SettingHallID]; v != "" {
		s.HallID = v
	}
	if v := kv[SettingHallNameZh]; v != "" {
		s.HallName.Zh = v
	}
	if v := kv[SettingHallNameEn]; v != "" {
		s.HallName.En = v
	}
	if v := kv[SettingDefaultLang]; v == LangZh || v == LangEn {
		s.DefaultLang = v
	}
	if v, ok := publicBase(kv[SettingPublicURL]); ok {
		s.PublicURL = v
	}
	if loc, err := LoadZone(kv[SettingHallZone]); err == nil {
		s.SetZone(loc)
	}
	if t, err := time.ParseInLocation(time.DateOnly, kv[SettingTermStart], s.Zone); err == nil {
		s.TermStart = t
	}
	for _, d := range durationSettings {
		if n, ok := intIn(kv[d.key], d.min, d.max); ok {
			*d.field(&s) = time.Duration(n) * d.unit
		}
	}
	for _, d := range intSettings {
		if n, ok := intIn(kv[d.key], d.min, d.max); ok {
			*d.field(&s) = n
		}
	}
	if k, ok := weightIn(kv[SettingBasicallyWeight]); ok {
		s.BasicallyWeight = k
	}
	if s.Room.MaxLength < s.Room.Slot {
		s.Room.MaxLength = s.Room.Slot
	}
	return s
}

// publicBase returns v without trailing slashes as the base of the
// kiosk's QR links, which append "/r/…" or "/a/…" to it. It refuses
// anything but an http(s) URL with a host and no query or fragment:
// "https://" alone or a "?" would have put every link on a page no
// phone opens (found by FuzzSettings).
func publicBase(v string) (string, bool) {
	if !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") || strings.ContainsAny(v, "?#") {
		return "", false
	}
	v = strings.TrimRight(v, "/")
	if u, err := url.Parse(v); err != nil || u.Hostname() == "" {
		return "", false
	}
	return v, true
}

func intIn(v string, min, max int) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	return n, err == nil && n >= min && n <= max
}

// TermStartAt returns the start of the term now falls in: the admin's
// setting when it is not in the future, else 1 September or 15 February,
// whichever came last.
func (s Settings) TermStartAt(now time.Time) time.Time {
	if !s.TermStart.IsZero() && !s.TermStart.After(now) {
		return s.TermStart
	}
	now = s.Local(now)
	y := now.Year()
	autumn := time.Date(y, time.September, 1, 0, 0, 0, 0, now.Location())
	spring := time.Date(y, time.February, 15, 0, 0, 0, 0, now.Location())
	switch {
	case !now.Before(autumn):
		return autumn
	case !now.Before(spring):
		return spring
	}
	return time.Date(y-1, time.September, 1, 0, 0, 0, 0, now.Location())
}

// CheckSetting says whether ParseSettings takes value for key; an empty
// value (back to the default) always passes for a known key. Central
// refuses the rest, naming the key, rather than store a value every
// kiosk would quietly ignore. The hall's id and names are not settings
// an admin sets here: they come with the hall.
func CheckSetting(key, value string) error {
	bad := func(want string) error {
		return Errorf(EINVALID, MsgErrInternal, "setting %s: %q is not %s", key, value, want).WithField(key)
	}
	for _, d := range durationSettings {
		if d.key == key {
			if _, ok := intIn(value, d.min, d.max); value != "" && !ok {
				return bad(fmt.Sprintf("a whole number of %s from %d to %d", unitName(d.unit), d.min, d.max))
			}
			return nil
		}
	}
	for _, d := range intSettings {
		if d.key == key {
			if _, ok := intIn(value, d.min, d.max); value != "" && !ok {
				return bad(fmt.Sprintf("a whole number from %d to %d", d.min, d.max))
			}
			return nil
		}
	}
	switch key {
	case SettingDefaultLang:
		if value != "" && value != LangZh && value != LangEn {
			return bad(LangZh + " or " + LangEn)
		}
	case SettingPublicURL:
		if _, ok := publicBase(value); value != "" && !ok {
			return bad("an http(s) URL with a host and no ? or #")
		}
	case SettingTermStart:
		if _, err := time.Parse(time.DateOnly, value); value != "" && err != nil {
			return bad("a date as YYYY-MM-DD")
		}
	case SettingBasicallyWeight:
		if _, ok := weightIn(value); value != "" && !ok {
			return bad("a number from 0 to 1, such as 0.9")
		}
	default:
		return Errorf(EINVALID, MsgErrInternal, "no setting %q (known: %s)", key, strings.Join(SettingKeys(), ", "))
	}
	return nil
}

// SettingKeys are the keys CheckSetting knows, for messages and help.
func SettingKeys() []string {
	keys := []string{SettingIdleTimeout, SettingIdleWarning, SettingDefaultLang, SettingPublicURL, SettingTermStart}
	for _, d := range durationSettings {
		if d.key != SettingIdleTimeout && d.key != SettingIdleWarning {
			keys = append(keys, d.key)
		}
	}
	for _, d := range intSettings {
		keys = append(keys, d.key)
	}
	return append(keys, SettingBasicallyWeight)
}

func unitName(d time.Duration) string {
	switch d {
	case time.Second:
		return "seconds"
	case time.Minute:
		return "minutes"
	case time.Hour:
		return "hours"
	}
	return "days"
}
