package console

// Labels of the duty volunteer desk's settings (issue 11) in the
// settings editor.
var _ = addText(texts{
	"ed_set_desk.lock_seconds":    {"值班模式无操作多久后锁定", "Desk locks after no touch for"},
	"ed_set_desk.shift_cap_hours": {"值班未签退时最多计入", "A shift left open counts at most"},
	"desk_rq_assisted":            {"值班志愿者代办", "Helped at the desk"},
	"desk_rq_assisted_yes":        {"仅看代办的", "Only those a volunteer helped with"},
	"desk_rq_assisted_no":         {"仅看学生自己提交的", "Only those students submitted alone"},
})
