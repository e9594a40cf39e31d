package console

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// The rooms editor: a hall's bookable rooms with their type, capacity,
// facilities, opening hours and closed days. A room with bookings is
// deactivated rather than deleted.

var _ = addRoutes(
	route{"GET /admin/catalog/rooms", func(c *Console) http.Handler { return c.staff(c.edRooms) }},
	route{"GET /admin/catalog/rooms/{id}", func(c *Console) http.Handler { return c.staff(c.edRoom) }},
	route{"POST /admin/catalog/rooms/{id}", func(c *Console) http.Handler { return c.staff(c.edRoomSave) }},
	route{"POST /admin/catalog/rooms/{id}/delete", func(c *Console) http.Handler { return c.staff(c.edRoomDelete) }},
)

var _ = addSection(edSection{Path: "/admin/catalog/rooms", Key: "ed_rooms", Hint: "ed_rooms_hint", Order: 30})

var _ = addText(texts{
	"ed_rooms":               {"房间", "Rooms"},
	"ed_rooms_hint":          {"可预约的自习室、研讨室、活动室和健身房：类型、容量、设施、开放时间和闭馆日。", "Bookable study, seminar, activity and fitness rooms: type, capacity, facilities, hours and closed days."},
	"ed_room":                {"房间", "Room"},
	"ed_room_new":            {"新增房间", "New room"},
	"ed_room_type":           {"类型", "Type"},
	"ed_capacity":            {"容量（人）", "Capacity (people)"},
	"ed_building":            {"楼栋", "Building"},
	"ed_room_place":          {"%s %d 层", "%s, floor %d"},
	"ed_floor":               {"楼层", "Floor"},
	"ed_opens":               {"开放时间", "Opens"},
	"ed_closes":              {"关闭时间", "Closes"},
	"ed_closes_hint":         {"00:00 表示开放到午夜。", "00:00 means open until midnight."},
	"ed_hours":               {"开放时间", "Hours"},
	"ed_facilities":          {"设施", "Facilities"},
	"ed_closed_weekdays":     {"每周闭馆日", "Closed every week on"},
	"ed_closed_dates":        {"其他闭馆日期", "Also closed on"},
	"ed_closed":              {"闭馆日", "Closed days"},
	"ed_room_active":         {"开放预约", "Open for booking"},
	"ed_room_inactive":       {"已停用", "Not bookable"},
	"ed_room_delete":         {"删除房间", "Delete the room"},
	"ed_no_building":         {"这个服务大厅还没有楼栋，请先新增楼栋。", "This hall has no building yet; add one first."},
	"ed_bad_type":            {"请选择类型。", "Choose a type."},
	"ed_bad_capacity":        {fmt.Sprintf("容量须为 0 到 %d 之间的整数。", kiosk.MaxCapacity), fmt.Sprintf("Capacity must be a whole number from 0 to %d.", kiosk.MaxCapacity)},
	"ed_bad_floor":           {fmt.Sprintf("楼层须在 %d 到 %d 之间。", kiosk.MinFloor, kiosk.MaxFloor), fmt.Sprintf("The floor must be from %d to %d.", kiosk.MinFloor, kiosk.MaxFloor)},
	"ed_bad_opens":           {"开放时间无效。", "This opening time is not valid."},
	"ed_bad_closes":          {"关闭时间须晚于开放时间。", "The closing time must be after the opening time."},
	"ed_bad_building_id":     {"请选择本服务大厅的楼栋。", "Choose a building of this hall."},
	"ed_bad_closed_dates":    {"请按 年-月-日 输入，例如 2026-05-01。", "Enter dates as year-month-day, e.g. 2026-05-01."},
	"ed_bad_name":            {"请至少填写一种语言的名称。", "Enter a name in at least one language."},
	"ed_bad_closed_weekdays": {"请选择星期。", "Choose weekdays."},
})

// edRoomCodes are the facility codes the kiosk translates.
var edRoomCodes = []string{"projector", "whiteboard", "screen", "tv", "sockets", "ac", "computers", "speakers", "mirror", "mats", "piano", "treadmill", "printer", "lamps"}

func (c *Console) edRooms(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	v, err := c.edPageFor(r, a, "ed_rooms", "/admin/catalog/rooms", r.URL.Query().Get("hall"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	rooms, err := central.HallList[kiosk.Room](r.Context(), c.store, v.Hall, wire.EntityRoom)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	buildings, err := central.HallList[kiosk.Building](r.Context(), c.store, v.Hall, wire.EntityBuilding)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	bname := map[string]string{}
	for _, b := range buildings {
		bname[b.ID] = v.localName(b.Name)
	}
	loc := v.Loc()
	v.Cols = []string{v.T["ed_name"], v.T["ed_room_type"], v.T["ed_building"], v.T["ed_capacity"], v.T["ed_hours"], v.T["ed_closed"], v.T["ed_room_active"]}
	for _, rm := range rooms {
		active := "✓"
		if !rm.Active {
			active = v.T["ed_room_inactive"]
		}
		v.Rows = append(v.Rows, edRow{Link: "/admin/catalog/rooms/" + url.PathEscape(rm.ID) + "?lang=" + v.Lang, Cells: []string{
			v.localName(rm.Name), loc.T("RoomType." + string(rm.Type)), fmt.Sprintf(v.T["ed_room_place"], bname[rm.BuildingID], rm.Floor),
			strconv.Itoa(rm.Capacity), clockText(rm.Opens) + "–" + clockText(rm.Closes),
			strings.TrimSpace(weekdayNames(v.T, rm.ClosedWeekdays) + " " + strings.Join(rm.ClosedDates, ", ")), active}})
	}
	v.Add = "/admin/catalog/rooms/new?" + url.Values{"lang": {v.Lang}, "hall": {v.Hall}}.Encode()
	c.render(w, http.StatusOK, "ed_page.html", v)
}

// edRoom shows one room's form, or an empty one for "new".
func (c *Console) edRoom(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	id := r.PathValue("id")
	hall := r.URL.Query().Get("hall")
	vals := url.Values{"active": {"1"}, "opens": {"08:00"}, "closes": {"22:00"}, "type": {string(kiosk.RoomStudy)}, "capacity": {"1"}, "floor": {"1"}}
	if id != "new" {
		var rm kiosk.Room
		var err error
		if hall, err = c.edEntity(r, a, wire.EntityRoom, id, &rm); err != nil {
			c.fail(w, r, err)
			return
		}
		vals = edRoomValues(rm)
	}
	c.edRoomShow(w, r, a, http.StatusOK, id, hall, vals, map[string]string{}, nil)
}

// edRoomValues is a room as its form holds it.
func edRoomValues(rm kiosk.Room) url.Values {
	vals := url.Values{"name_zh": {rm.Name.Zh}, "name_en": {rm.Name.En}, "type": {string(rm.Type)},
		"capacity": {strconv.Itoa(rm.Capacity)}, "building": {rm.BuildingID}, "floor": {strconv.Itoa(rm.Floor)},
		"opens": {clockText(rm.Opens)}, "closes": {clockText(rm.Closes)}, "facilities": rm.Facilities,
		"closed_dates": {strings.Join(rm.ClosedDates, ", ")}}
	for _, d := range rm.ClosedWeekdays {
		vals.Add("closed_weekdays", strconv.Itoa(int(d)))
	}
	if rm.Active {
		vals.Set("active", "1")
	}
	return vals
}

// edRoomShow renders the room form with what was typed and its errors.
func (c *Console) edRoomShow(w http.ResponseWriter, r *http.Request, a central.AdminAccount, status int, id, hall string, vals url.Values, errs map[string]string, refused error) {
	v, err := c.edPageFor(r, a, "ed_room", "/admin/catalog/rooms", hall)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v.Halls = nil // a room stays in its hall
	v.Back = "/admin/catalog/rooms?" + url.Values{"lang": {v.Lang}, "hall": {hall}}.Encode()
	if refused != nil && !edRefused(&v, errs, refused) {
		c.fail(w, r, refused)
		return
	}
	if len(errs) > 0 && v.Error == "" {
		v.Error = v.T["fix_errors"]
	}
	buildings, err := central.HallList[kiosk.Building](r.Context(), c.store, hall, wire.EntityBuilding)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if len(buildings) == 0 {
		v.Extra = v.T["ed_no_building"]
		c.render(w, status, "ed_page.html", v)
		return
	}
	loc := v.Loc()
	var bIDs, bNames, types, typeNames, facNames []string
	for _, b := range buildings {
		bIDs, bNames = append(bIDs, b.ID), append(bNames, v.localName(b.Name)+" ("+b.ID+")")
	}
	for _, t := range kiosk.RoomTypes {
		types, typeNames = append(types, string(t)), append(typeNames, loc.T("RoomType."+string(t)))
	}
	codes := slices.Clone(edRoomCodes)
	for _, f := range vals["facilities"] { // a code the console does not know stays choosable
		if !slices.Contains(codes, f) {
			codes = append(codes, f)
		}
	}
	for _, f := range codes {
		facNames = append(facNames, loc.T("Facility."+f))
	}
	wdv, wdl := edWeekdays(v.T)
	const fid = "ed-room"
	in := func(name, label, kind string) edField { return edIn(fid, name, v.T[label], kind, vals, errs) }
	name := in("name_zh", "ed_name_zh", "text")
	name.Required = true
	if e := errs["name"]; e != "" {
		name.Err = e
	}
	nameEn := in("name_en", "ed_name_en", "text")
	nameEn.En = true
	typ := in("type", "ed_room_type", "select")
	typ.Options = edChoices(vals, "type", types, typeNames)
	bld := in("building", "ed_building", "select")
	bld.Options, bld.Err = edChoices(vals, "building", bIDs, bNames), errs["building"]+errs["building_id"]
	closes := in("closes", "ed_closes", "time")
	closes.Hint = v.T["ed_closes_hint"]
	fac := in("facilities", "ed_facilities", "checks")
	fac.Options = edChoices(vals, "facilities", codes, facNames)
	wd := in("closed_weekdays", "ed_closed_weekdays", "checks")
	wd.Options = edChoices(vals, "closed_weekdays", wdv, wdl)
	dates := in("closed_dates", "ed_closed_dates", "text")
	dates.Hint = v.T["ed_dates_hint"]
	action := "/admin/catalog/rooms/" + url.PathEscape(id) + "?lang=" + v.Lang
	f := edForm{ID: fid, Action: action, Submit: v.T["save"], Hidden: []rqOption{{Value: "hall", Label: hall}},
		Fields: []edField{name, nameEn, typ, in("capacity", "ed_capacity", "number"), bld, in("floor", "ed_floor", "number"),
			in("opens", "ed_opens", "time"), closes, fac, wd, dates, in("active", "ed_room_active", "check")}}
	if id == "new" {
		v.Title = v.T["ed_room_new"]
	} else {
		v.Title = v.T["ed_room"] + " " + vals.Get("name_zh")
	}
	v.Forms = []edForm{f}
	if id != "new" {
		v.Forms = append(v.Forms, edForm{Action: "/admin/catalog/rooms/" + url.PathEscape(id) + "/delete?lang=" + v.Lang, Submit: v.T["ed_room_delete"], Danger: true})
	}
	c.render(w, status, "ed_page.html", v)
}

// edRoomSave adds (id "new") or changes a room of the admin's hall.
func (c *Console) edRoomSave(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	id := r.PathValue("id")
	if err := r.ParseForm(); err != nil {
		c.fail(w, r, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "room form: %v", err))
		return
	}
	vals := r.PostForm
	hall := vals.Get("hall")
	if id != "new" {
		var err error
		if hall, err = c.edEntity(r, a, wire.EntityRoom, id, nil); err != nil {
			c.fail(w, r, err)
			return
		}
	} else if err := mayChange(a, hall); err != nil {
		c.fail(w, r, err)
		return
	}
	t := text[lang(r)]
	errs := map[string]string{}
	rm := kiosk.Room{ID: id, Name: kiosk.LocalName{Zh: strings.TrimSpace(vals.Get("name_zh")), En: strings.TrimSpace(vals.Get("name_en"))},
		Type: kiosk.RoomType(vals.Get("type")), Capacity: edInt(vals, "capacity", errs, t), BuildingID: vals.Get("building"),
		Floor: edInt(vals, "floor", errs, t), Opens: edClock(vals, "opens", false, errs, t), Closes: edClock(vals, "closes", true, errs, t),
		Facilities: vals["facilities"], Active: vals.Get("active") == "1",
		ClosedWeekdays: edWeekdayList(vals, "closed_weekdays", errs, t), ClosedDates: edDates(vals, "closed_dates", errs, t)}
	if !rm.Name.Named() {
		errs["name_zh"] = t["ed_bad_name"]
	}
	if len(errs) > 0 {
		c.edRoomShow(w, r, a, http.StatusBadRequest, id, hall, vals, errs, nil)
		return
	}
	if id == "new" {
		var err error
		if rm.ID, err = edNewID(); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	if err := c.store.PutRoom(r.Context(), hall, rm); err != nil {
		if kiosk.ErrorCode(err) == kiosk.ENOTFOUND { // a building gone meanwhile
			err = kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "%v", err).WithField("building")
		}
		c.edRoomShow(w, r, a, http.StatusBadRequest, id, hall, vals, errs, err)
		return
	}
	edDone(w, r, "/admin/catalog/rooms", hall, "1")
}

func (c *Console) edRoomDelete(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	id := r.PathValue("id")
	var rm kiosk.Room
	hall, err := c.edEntity(r, a, wire.EntityRoom, id, &rm)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if err := c.store.DeleteRoom(r.Context(), id); err != nil {
		c.edRoomShow(w, r, a, http.StatusConflict, id, hall, edRoomValues(rm), map[string]string{}, err)
		return
	}
	edDone(w, r, "/admin/catalog/rooms", hall, "deleted")
}
