package ui_test

import (
	"fmt"
	"time"

	"onestop/kiosk"
)

func ln(zh, en string) kiosk.LocalName { return kiosk.LocalName{Zh: zh, En: en} }

// rooms: one seminar room, six study rooms (two pages), an activity
// room and a gym, all open 08:00–22:00.
var rooms = func() []kiosk.Room {
	rs := []kiosk.Room{
		{ID: "sem-a", Name: ln("研讨室 A", "Seminar Room A"), Type: kiosk.RoomSeminar, Capacity: 8,
			Facilities: []string{"projector", "whiteboard"}, BuildingID: "b3", Floor: 2},
		{ID: "act-1", Name: ln("多功能活动室", "Activity Room"), Type: kiosk.RoomActivity, Capacity: 30,
			Facilities: []string{"speakers", "mirror"}, BuildingID: "b5", Floor: 1},
		{ID: "gym", Name: ln("社区健身房", "Community Gym"), Type: kiosk.RoomFitness, Capacity: 12,
			Facilities: []string{"mats", "treadmill"}, BuildingID: "b5", Floor: 1},
	}
	for i := 1; i <= 6; i++ {
		rs = append(rs, kiosk.Room{ID: fmt.Sprintf("study-%d", i), Name: ln(fmt.Sprintf("自习室 %d", i), fmt.Sprintf("Study Room %d", i)),
			Type: kiosk.RoomStudy, Capacity: 4, Facilities: []string{"sockets", "lamps"}, BuildingID: "b3", Floor: 1})
	}
	for i := range rs {
		rs[i].Opens, rs[i].Closes, rs[i].Active = 8*60, 22*60, true
	}
	return rs
}()

// counsellorName must never show outside the counselling flow's own
// mentor list; the type's names never outside the type picker.
const counsellorName = "林老师"

var mentors = []kiosk.Mentor{
	{ID: "m-wang", Name: ln("王老师", "Ms Wang"), Type: kiosk.MentorAcademic, Field: ln("计算机科学", "Computer science"), Place: ln("明德楼 201", "Mingde 201")},
	{ID: "m-li", Name: ln("李老师", "Mr Li"), Type: kiosk.MentorAcademic, Field: ln("数学", "Mathematics"), Place: ln("明德楼 203", "Mingde 203")},
	{ID: "m-lin", Name: ln(counsellorName, "Dr Lin"), Type: kiosk.MentorCounselling, Field: ln("情绪与压力", "Stress and mood"), Place: ln("学生中心 3 楼", "Student Centre L3")},
	{ID: "m-zhao", Name: ln("赵老师", "Mr Zhao"), Type: kiosk.MentorCareer, Field: ln("求职与实习", "Jobs and internships"), Place: ln("就业中心", "Careers office")},
	{ID: "m-chen", Name: ln("陈书记", "Secretary Chen"), Type: kiosk.MentorLeader, Field: ln("学院党委", "Faculty leadership"), Place: ln("服务大厅", "Service hall")},
}

// mentorSlots: 50-minute slots at 09:00, 10:00, 14:00, 15:00 and 16:00 on
// each of the next 15 days, ids "<mentor>-MMDD-HHMM".
func mentorSlots(mentorID string) []kiosk.MentorSlot {
	var out []kiosk.MentorSlot
	day := kiosk.StartOfDay(start)
	for d := 0; d <= 15; d++ {
		for _, h := range []int{9, 10, 14, 15, 16} {
			s := day.AddDate(0, 0, d).Add(time.Duration(h) * time.Hour)
			out = append(out, kiosk.MentorSlot{ID: slotID(mentorID, s), Start: s, End: s.Add(50 * time.Minute)})
		}
	}
	return out
}

func slotID(mentorID string, t time.Time) string { return mentorID + "-" + t.Format("0102-1504") }

// at returns today (the test's start day) at hh:mm.
func at(hh, mm int) time.Time {
	return kiosk.StartOfDay(start).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}
