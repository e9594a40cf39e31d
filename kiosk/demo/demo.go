// Package demo makes the realistic campus the kiosk shows with --demo:
// one hall, two residence buildings, a roster with Chinese names, a few
// announcements, rooms, mentors with two weeks of slots, events, and
// some history for the demo students. It writes through Target so it
// needs no storage code of its own; the same data seeds the central
// server later. Everything but the roster salt follows from now.
package demo

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"onestop/kiosk"
)

// Target is where a demo campus is written: central's store
// (sync/central/centraldemo), whence the kiosk pulls it like any data.
type Target interface {
	SetSettings(ctx context.Context, kv map[string]string) error
	PutBuildings(ctx context.Context, bs []kiosk.Building) error
	PutAnnouncements(ctx context.Context, as []kiosk.Announcement) error
	EnsureRosterSalt(ctx context.Context, r io.Reader) ([]byte, error)
	ImportRoster(ctx context.Context, es []kiosk.RosterEntry) error
	PutRooms(ctx context.Context, rs []kiosk.Room) error
	PutMentors(ctx context.Context, ms []kiosk.Mentor) error
	PutMentorSlots(ctx context.Context, ss []kiosk.MentorSlot) error
	PutEvents(ctx context.Context, es []kiosk.Event) error
	// The students' own rows, as central would send them.
	PutBookings(ctx context.Context, bs []kiosk.Booking) error
	PutAppointments(ctx context.Context, as []kiosk.Appointment) error
	PutRequests(ctx context.Context, rs []kiosk.Request) error
	PutVisits(ctx context.Context, vs []kiosk.Visit) error
	PutAttendance(ctx context.Context, as []kiosk.Attendance) error
	PutShifts(ctx context.Context, ss []kiosk.Shift) error
}

// HallID is the demo hall's id.
const HallID = "hall-north"

// Buildings of the demo community.
var Buildings = []kiosk.Building{
	{ID: "b-mingde", Name: kiosk.LocalName{Zh: "明德楼", En: "Mingde Building"}, Floors: 12},
	{ID: "b-zhishan", Name: kiosk.LocalName{Zh: "至善楼", En: "Zhishan Building"}, Floors: 8},
}

// Identity is a demo student people can try at the kiosk. The README
// lists these; they are always the first entries of the roster. PIN
// unlocks their details after a typed number.
type Identity struct {
	Number, CardID, Name, BuildingID string
	Floor                            int
	Roles                            []string
	PIN                              string
}

// Identities are fixed so the README can name them. The first has the
// richest history (see Activity); the second is a duty volunteer.
var Identities = []Identity{
	{Number: "2024010001", CardID: "8800000001", Name: "张三华", BuildingID: "b-mingde", Floor: 3,
		Roles: []string{kiosk.RoleStudent}, PIN: "246813"},
	{Number: "2024010002", CardID: "8800000002", Name: "欧阳娜娜", BuildingID: "b-mingde", Floor: 5,
		Roles: []string{kiosk.RoleStudent, kiosk.RoleVolunteer}, PIN: "357924"},
	{Number: "2024010003", CardID: "8800000003", Name: "李喆", BuildingID: "b-zhishan", Floor: 2,
		Roles: []string{kiosk.RoleStudent}, PIN: "468135"},
	{Number: "2024010004", CardID: "8800000004", Name: "王思远", BuildingID: "b-zhishan", Floor: 7,
		Roles: []string{kiosk.RoleStudent}, PIN: "579246"},
	{Number: "2024010005", CardID: "8800000005", Name: "陈昇", BuildingID: "b-mingde", Floor: 11,
		Roles: []string{kiosk.RoleStudent}, PIN: "681357"},
}

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉玲梅飞鑫波宇浩凯健俊帆帅旭宁婷雪琳晨阳欣怡佳雨轩博文睿哲涵梓萱子墨思源一诺嘉怡宸昊然若汐沐晴瑶诗")
)

// Roster returns n roster entries: the fixed Identities first, then
// generated students. rng makes the names; the same seed gives the same
// roster.
func Roster(n int, rng *rand.Rand) []kiosk.RosterEntry {
	out := make([]kiosk.RosterEntry, 0, n)
	for i, id := range Identities {
		if i >= n {
			return out
		}
		out = append(out, kiosk.RosterEntry{Number: id.Number, CardID: id.CardID, Name: id.Name,
			BuildingID: id.BuildingID, Floor: id.Floor, Roles: id.Roles, PIN: id.PIN})
	}
	for i := len(out); i < n; i++ {
		b := Buildings[rng.IntN(len(Buildings))]
		name := string(surnames[rng.IntN(len(surnames))]) + string(given[rng.IntN(len(given))])
		if rng.IntN(3) > 0 { // most given names have two characters
			name += string(given[rng.IntN(len(given))])
		}
		roles := []string{kiosk.RoleStudent}
		if rng.IntN(20) == 0 {
			roles = append(roles, kiosk.RoleVolunteer)
		}
		out = append(out, kiosk.RosterEntry{
			Number:     fmt.Sprintf("%04d%02d%04d", 2021+i%4, 1+i/10000%20, 1+i%10000),
			CardID:     fmt.Sprintf("88%08d", i+1),
			Name:       name,
			BuildingID: b.ID,
			Floor:      1 + rng.IntN(b.Floors),
			Roles:      roles,
		})
	}
	return out
}

// Announcements returns the demo notices, active from the start of now's day.
func Announcements(now time.Time) []kiosk.Announcement {
	now = now.In(Zone) // the demo campus counts its days in its hall's zone
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	week := day.AddDate(0, 0, 7)
	return []kiosk.Announcement{
		{ID: "ann-mentor-day", Priority: 3, StartsAt: day, EndsAt: week,
			Title: kiosk.LocalName{Zh: "学业导师接待日", En: "Academic mentor open day"},
			Body: kiosk.LocalName{Zh: "本周三 14:00–17:00，各学院学业导师在二楼研讨室一对一答疑，可在本机预约。",
				En: "Wednesday 14:00–17:00: faculty mentors hold 1:1 sessions in the 2nd-floor seminar rooms. Book here."}},
		{ID: "ann-safety-check", Priority: 2, StartsAt: day, EndsAt: week,
			Title: kiosk.LocalName{Zh: "宿舍安全检查通知", En: "Dormitory safety inspection"},
			Body: kiosk.LocalName{Zh: "本周五起按楼层开展用电安全检查，请勿使用大功率电器。发现隐患可在“接诉即办”中反映。",
				En: "From Friday, floor-by-floor electrical safety checks. No high-power appliances. Report hazards via Submit a request."}},
		{ID: "ann-study-rooms", Priority: 1, StartsAt: day, EndsAt: week,
			Title: kiosk.LocalName{Zh: "自习室开放时间调整", En: "Study room hours extended"},
			Body: kiosk.LocalName{Zh: "考试周期间，社区自习室开放至 23:30。",
				En: "During exam weeks the community study rooms stay open until 23:30."}},
		{ID: "ann-counselling", Priority: 0, StartsAt: day, EndsAt: week,
			Title: kiosk.LocalName{Zh: "心理健康月", En: "Mental health month"},
			Body: kiosk.LocalName{Zh: "心理中心老师每周二、四下午驻社区，欢迎预约交流。",
				En: "Counsellors are in the community on Tuesday and Thursday afternoons. Appointments welcome."}},
	}
}

// Zone is the demo hall's time zone, the default one.
var Zone = kiosk.DefaultLocation()

// Settings are the demo hall's settings.
func Settings() map[string]string {
	return map[string]string{
		kiosk.SettingHallID:     HallID,
		kiosk.SettingHallNameZh: "北区一站式学生社区服务大厅",
		kiosk.SettingHallNameEn: "North Community One-Stop Service Hall",
	}
}

// Seed writes a demo campus with n students into t.
func Seed(ctx context.Context, t Target, n int, now time.Time, random io.Reader) error {
	if err := t.SetSettings(ctx, Settings()); err != nil {
		return fmt.Errorf("seed settings: %w", err)
	}
	if err := t.PutBuildings(ctx, Buildings); err != nil {
		return fmt.Errorf("seed buildings: %w", err)
	}
	if err := t.PutAnnouncements(ctx, Announcements(now)); err != nil {
		return fmt.Errorf("seed announcements: %w", err)
	}
	salt, err := t.EnsureRosterSalt(ctx, random)
	if err != nil {
		return fmt.Errorf("seed salt: %w", err)
	}
	if err := t.ImportRoster(ctx, Roster(n, rand.New(rand.NewPCG(2024, 9)))); err != nil {
		return fmt.Errorf("seed roster: %w", err)
	}
	if err := seedServices(ctx, t, now); err != nil {
		return err
	}
	return seedActivity(ctx, t, Activity(now, salt))
}

func seedServices(ctx context.Context, t Target, now time.Time) error {
	if err := t.PutRooms(ctx, Rooms()); err != nil {
		return fmt.Errorf("seed rooms: %w", err)
	}
	if err := t.PutMentors(ctx, Mentors()); err != nil {
		return fmt.Errorf("seed mentors: %w", err)
	}
	if err := t.PutMentorSlots(ctx, MentorSlots(now)); err != nil {
		return fmt.Errorf("seed mentor slots: %w", err)
	}
	if err := t.PutEvents(ctx, Events(now)); err != nil {
		return fmt.Errorf("seed events: %w", err)
	}
	return nil
}

func seedActivity(ctx context.Context, t Target, a ActivityData) error {
	steps := []struct {
		what string
		put  func() error
	}{
		{"bookings", func() error { return t.PutBookings(ctx, a.Bookings) }},
		{"appointments", func() error { return t.PutAppointments(ctx, a.Appointments) }},
		{"requests", func() error { return t.PutRequests(ctx, a.Requests) }},
		{"visits", func() error { return t.PutVisits(ctx, a.Visits) }},
		{"attendance", func() error { return t.PutAttendance(ctx, a.Attendance) }},
		{"shifts", func() error { return t.PutShifts(ctx, a.Shifts) }},
	}
	for _, s := range steps {
		if err := s.put(); err != nil {
			return fmt.Errorf("seed %s: %w", s.what, err)
		}
	}
	return nil
}
