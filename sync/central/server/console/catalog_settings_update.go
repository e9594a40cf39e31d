package console

// Labels of the software update settings (issue 12) in the settings
// editor.
var _ = addText(texts{
	"ed_set_update.window_start_hour": {"软件更新维护时段开始（时）", "Update window starts at (hour)"},
	"ed_set_update.window_hours":      {"软件更新维护时段长度（小时）", "Update window lasts (hours)"},
	"ed_set_kiosk.restart_hour":       {"自助机每晚重启时间（时，24 为不重启）", "Kiosks restart nightly at (hour; 24: never)"},
})
