package demo

import (
	"fmt"
	"slices"
	"time"

	"onestop/kiosk"
)

// Facility codes the demo rooms use; screens translate "Facility.<code>".
const (
	FacilityProjector  = "projector"
	FacilityWhiteboard = "whiteboard"
	FacilityScreen     = "screen"
	FacilityPiano      = "piano"
	FacilityMirror     = "mirror"
	FacilityAC         = "ac"
	FacilityComputers  = "computers"
	FacilitySockets    = "sockets"
)

// Every demo room opens 08:00–22:00.
const (
	opens  = 8 * 60
	closes = 22 * 60
)

func room(id, zh, en string, t kiosk.RoomType, capacity int, building string, floor int, facilities ...string) kiosk.Room {
	return kiosk.Room{ID: id, Name: kiosk.LocalName{Zh: zh, En: en}, Type: t, Capacity: capacity,
		Facilities: facilities, BuildingID: building, Floor: floor, Opens: opens, Closes: closes, Active: true}
}

// Rooms returns the community's bookable rooms: every type, both buildings.
func Rooms() []kiosk.Room {
	return []kiosk.Room{
		room("r-md-study-101", "明德楼 自习室 101", "Mingde Study Room 101", kiosk.RoomStudy, 40, "b-mingde", 1,
			FacilitySockets, FacilityAC, FacilityWhiteboard),
		room("r-md-study-305", "明德楼 静音自习室 305", "Mingde Quiet Study Room 305", kiosk.RoomStudy, 24, "b-mingde", 3,
			FacilitySockets, FacilityAC),
		room("r-zs-study-102", "至善楼 自习室 102", "Zhishan Study Room 102", kiosk.RoomStudy, 30, "b-zhishan", 1,
			FacilitySockets, FacilityAC, FacilityComputers),
		room("r-md-seminar-201", "明德楼 研讨室 201", "Mingde Seminar Room 201", kiosk.RoomSeminar, 10, "b-mingde", 2,
			FacilityProjector, FacilityWhiteboard, FacilityAC),
		room("r-md-seminar-202", "明德楼 研讨室 202", "Mingde Seminar Room 202", kiosk.RoomSeminar, 8, "b-mingde", 2,
			FacilityScreen, FacilityWhiteboard, FacilityAC),
		room("r-zs-seminar-203", "至善楼 研讨室 203", "Zhishan Seminar Room 203", kiosk.RoomSeminar, 12, "b-zhishan", 2,
			FacilityProjector, FacilityWhiteboard, FacilityComputers, FacilityAC),
		room("r-zs-activity-101", "至善楼 多功能活动室 101", "Zhishan Multi-purpose Room 101", kiosk.RoomActivity, 40, "b-zhishan", 1,
			FacilityProjector, FacilityScreen, FacilitySockets, FacilityAC),
		room("r-md-piano-106", "明德楼 琴房 106", "Mingde Piano Room 106", kiosk.RoomActivity, 4, "b-mingde", 1,
			FacilityPiano, FacilityAC),
		room("r-zs-fitness-108", "至善楼 健身房 108", "Zhishan Fitness Room 108", kiosk.RoomFitness, 20, "b-zhishan", 1,
			FacilityMirror, FacilityAC),
		room("r-md-dance-110", "明德楼 形体房 110", "Mingde Dance Studio 110", kiosk.RoomFitness, 15, "b-mingde", 1,
			FacilityMirror, FacilitySockets, FacilityAC),
	}
}

// mentorPlan is a mentor and when they receive students: on these
// weekdays from 14:00, slots of length every step, until 17:00.
type mentorPlan struct {
	kiosk.Mentor
	days         []time.Weekday
	length, step time.Duration
}

func mentor(id string, t kiosk.MentorType, name, field, place [2]string) kiosk.Mentor {
	return kiosk.Mentor{ID: id, Type: t, Name: kiosk.LocalName{Zh: name[0], En: name[1]},
		Field: kiosk.LocalName{Zh: field[0], En: field[1]}, Place: kiosk.LocalName{Zh: place[0], En: place[1]}}
}

var (
	mwf = []time.Weekday{time.Monday, time.Wednesday, time.Friday}
	tt  = []time.Weekday{time.Tuesday, time.Thursday}
)

// mentorPlans are the demo's mentors, at least two of each type.
var mentorPlans = []mentorPlan{
	{mentor("m-li-mingyuan", kiosk.MentorAcademic, [2]string{"李明远 教授", "Prof. Li Mingyuan"},
		[2]string{"计算机科学与技术", "Computer Science"}, [2]string{"明德楼 研讨室 201", "Mingde Seminar Room 201"}),
		mwf, 30 * time.Minute, 30 * time.Minute},
	{mentor("m-zhou-wenjing", kiosk.MentorAcademic, [2]string{"周文静 副教授", "Assoc. Prof. Zhou Wenjing"},
		[2]string{"高等数学", "Advanced Mathematics"}, [2]string{"至善楼 研讨室 203", "Zhishan Seminar Room 203"}),
		tt, 30 * time.Minute, 30 * time.Minute},
	{mentor("m-he-jianguo", kiosk.MentorAcademic, [2]string{"何建国 教授", "Prof. He Jianguo"},
		[2]string{"材料科学与工程", "Materials Science"}, [2]string{"明德楼 研讨室 202", "Mingde Seminar Room 202"}),
		[]time.Weekday{time.Wednesday}, 30 * time.Minute, 30 * time.Minute},
	{mentor("m-wang-jing", kiosk.MentorCounselling, [2]string{"王静 老师", "Ms Wang Jing"},
		[2]string{"心理咨询", "Counselling"}, [2]string{"明德楼 心理辅导室 108", "Mingde Counselling Room 108"}),
		tt, 50 * time.Minute, 60 * time.Minute},
	{mentor("m-chen-yutong", kiosk.MentorCounselling, [2]string{"陈雨桐 老师", "Ms Chen Yutong"},
		[2]string{"心理健康教育", "Mental health education"}, [2]string{"至善楼 心理辅导室 105", "Zhishan Counselling Room 105"}),
		mwf, 50 * time.Minute, 60 * time.Minute},
	{mentor("m-zhang-hao", kiosk.MentorCareer, [2]string{"张浩 老师", "Mr Zhang Hao"},
		[2]string{"就业指导", "Employment guidance"}, [2]string{"至善楼 生涯咨询室 110", "Zhishan Career Room 110"}),
		mwf, 45 * time.Minute, 60 * time.Minute},
	{mentor("m-liu-fang", kiosk.MentorCareer, [2]string{"刘芳 老师", "Ms Liu Fang"},
		[2]string{"生涯规划", "Career planning"}, [2]string{"明德楼 生涯咨询室 109", "Mingde Career Room 109"}),
		tt, 45 * time.Minute, 60 * time.Minute},
	{mentor("m-sun-zhiqiang", kiosk.MentorLeader, [2]string{"孙志强 副校长", "Vice President Sun Zhiqiang"},
		[2]string{"校领导接待日", "University leader's office hours"}, [2]string{"服务大厅 接待室", "Service hall reception room"}),
		[]time.Weekday{time.Wednesday}, 30 * time.Minute, 30 * time.Minute},
	{mentor("m-zhao-lihua", kiosk.MentorLeader, [2]string{"赵丽华 楼长", "Ms Zhao Lihua, building manager"},
		[2]string{"明德楼 楼长", "Mingde building manager"}, [2]string{"明德楼 值班室", "Mingde duty office"}),
		tt, 30 * time.Minute, 30 * time.Minute},
}

// Mentors returns the demo mentors.
func Mentors() []kiosk.Mentor {
	out := make([]kiosk.Mentor, len(mentorPlans))
	for i, p := range mentorPlans {
		out[i] = p.Mentor
	}
	return out
}

// MentorSlots returns every mentor's slots starting after now through
// the next 14 days, plus the slot of the first identity's appointment
// (TodaySlot); the regular slots it overlaps are left out.
func MentorSlots(now time.Time) []kiosk.MentorSlot {
	now = now.In(Zone) // the demo campus counts its days in its hall's zone
	today := TodaySlot(now)
	out := []kiosk.MentorSlot{today}
	for _, p := range mentorPlans {
		for d := range 15 {
			day := kiosk.StartOfDay(now).AddDate(0, 0, d)
			if !slices.Contains(p.days, day.Weekday()) {
				continue
			}
			for at := day.Add(14 * time.Hour); !at.Add(p.length).After(day.Add(17 * time.Hour)); at = at.Add(p.step) {
				s := kiosk.MentorSlot{ID: fmt.Sprintf("slot-%s-%s", p.ID, at.Format("200601021504")),
					MentorID: p.ID, Start: at, End: at.Add(p.length)}
				if !at.After(now) || (p.ID == today.MentorID && kiosk.Overlaps(s.Start, s.End, today.Start, today.End)) {
					continue
				}
				out = append(out, s)
			}
		}
	}
	return out
}

// TodaySlot is the academic mentor slot the first identity has booked:
// it starts five minutes after now, so its check-in window is open.
func TodaySlot(now time.Time) kiosk.MentorSlot {
	now = now.In(Zone) // the demo campus counts its days in its hall's zone
	start := now.Truncate(time.Minute).Add(5 * time.Minute)
	return kiosk.MentorSlot{ID: "slot-m-li-mingyuan-today", MentorID: "m-li-mingyuan", Start: start, End: start.Add(30 * time.Minute)}
}

// Events returns a past event, one running at now (so check-in lists
// it) and one in two days.
func Events(now time.Time) []kiosk.Event {
	now = now.In(Zone) // the demo campus counts its days in its hall's zone
	day := kiosk.StartOfDay(now)
	running := now.Truncate(10 * time.Minute).Add(-30 * time.Minute)
	return []kiosk.Event{
		{ID: "e-career-talk", Start: day.AddDate(0, 0, -5).Add(19 * time.Hour), End: day.AddDate(0, 0, -5).Add(21 * time.Hour),
			Title: kiosk.LocalName{Zh: "考研与就业经验分享会", En: "Graduate school and jobs: alumni share"},
			Place: kiosk.LocalName{Zh: "至善楼 多功能活动室 101", En: "Zhishan Multi-purpose Room 101"}},
		{ID: "e-lantern-workshop", Start: running, End: running.Add(2 * time.Hour),
			Title: kiosk.LocalName{Zh: "社区文化节：手工灯笼制作", En: "Community festival: lantern workshop"},
			Place: kiosk.LocalName{Zh: "服务大厅 活动区", En: "Service hall activity corner"}},
		{ID: "e-safety-drill", Start: day.AddDate(0, 0, 2).Add(19 * time.Hour), End: day.AddDate(0, 0, 2).Add(20 * time.Hour),
			Title: kiosk.LocalName{Zh: "宿舍消防安全演练", En: "Dormitory fire safety drill"},
			Place: kiosk.LocalName{Zh: "明德楼 一楼大厅", En: "Mingde ground-floor lobby"}},
	}
}
