package console

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// The buildings editor: a hall's residence buildings and how many floors
// each has (the grid of guide item 1.3). A building's code is what the
// roster's building column names, so the admin chooses it; a building
// with students or rooms cannot be deleted.

var edBuildings = &edKind[kiosk.Building]{
	path: "/admin/catalog/buildings", entity: wire.EntityBuilding, formID: "ed-bld", label: "name_zh",
	title: "ed_buildings", titleNew: "ed_bld_new", deleteLabel: "ed_bld_delete",
	cols: []string{"ed_name", "ed_bld_code", "ed_bld_floors"},
	id:   func(b kiosk.Building) string { return b.ID },
	row: func(v *edPage, b kiosk.Building, _ *time.Location) []string {
		return []string{v.localName(b.Name), b.ID, strconv.Itoa(b.Floors)}
	},
	defaults: func(time.Time, *time.Location) url.Values { return url.Values{"floors": {"6"}} },
	values: func(b kiosk.Building, _ *time.Location) url.Values {
		return url.Values{"id": {b.ID}, "name_zh": {b.Name.Zh}, "name_en": {b.Name.En}, "floors": {strconv.Itoa(b.Floors)}}
	},
	fields: func(v *edPage, vals url.Values, errs map[string]string) []edField {
		in := func(name, label, kind string) edField { return edIn("ed-bld", name, v.T[label], kind, vals, errs) }
		var fs []edField
		if v.IsNew { // the code is chosen once
			code := in("id", "ed_bld_code", "text")
			code.Hint, code.En = v.T["ed_bld_code_hint"], true
			fs = append(fs, code)
		}
		name, nameEn := in("name_zh", "ed_name_zh", "text"), in("name_en", "ed_name_en", "text")
		name.Required, nameEn.En = true, true
		floors := in("floors", "ed_bld_floors", "number")
		floors.Hint = v.T["ed_bld_floors_hint"]
		return append(fs, name, nameEn, floors)
	},
	parse: func(vals url.Values, _ *time.Location, t map[string]string, errs map[string]string) kiosk.Building {
		b := kiosk.Building{Name: kiosk.LocalName{Zh: strings.TrimSpace(vals.Get("name_zh")), En: strings.TrimSpace(vals.Get("name_en"))},
			Floors: edInt(vals, "floors", errs, t)}
		if !b.Name.Named() {
			errs["name_zh"] = t["ed_bad_name"]
		}
		return b
	},
	newID: func(vals url.Values) string { return strings.TrimSpace(vals.Get("id")) },
	setID: func(b *kiosk.Building, id string) { b.ID = id },
	put: func(s central.Store, ctx context.Context, hall string, b kiosk.Building) error {
		return s.PutBuilding(ctx, hall, b)
	},
	del: func(s central.Store, ctx context.Context, id string) error { return s.DeleteBuilding(ctx, id) },
}

var _ = addRoutes(edBuildings.routes()...)

var _ = addSection(edSection{Path: "/admin/catalog/buildings", Key: "ed_buildings", Hint: "ed_buildings_hint", Order: 20})

var _ = addText(texts{
	"ed_buildings":       {"楼栋与楼层", "Buildings and floors"},
	"ed_buildings_hint":  {"各服务大厅覆盖的宿舍楼及其楼层数，用于按楼栋、楼层统计。", "The residence buildings each hall serves and their floors, for reports by building and floor."},
	"ed_bld_new":         {"新增楼栋", "New building"},
	"ed_bld_delete":      {"删除楼栋", "Delete the building"},
	"ed_bld_code":        {"楼栋编号", "Building code"},
	"ed_bld_code_hint":   {"花名册的楼栋列使用这个编号；保存后不能修改。留空则自动生成。", "The roster's building column uses this code; it cannot change later. Leave blank to have one made."},
	"ed_bld_floors":      {"楼层数", "Floors"},
	"ed_bld_floors_hint": {fmt.Sprintf("0 到 %d。", kiosk.MaxFloor), fmt.Sprintf("0 to %d.", kiosk.MaxFloor)},
	"ed_bad_floors":      {fmt.Sprintf("楼层数须在 0 到 %d 之间。", kiosk.MaxFloor), fmt.Sprintf("Floors must be from 0 to %d.", kiosk.MaxFloor)},
})
