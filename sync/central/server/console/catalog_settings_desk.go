package console

// Labels of the duty volunteer desk's settings (issue 11) in the
// settings editor.
var _ = addText(texts{
	"ed_set_desk.lock_seconds":    {"值班模式无操作多久后锁定", "Desk locks after no touch for"},
	"ed_set_desk.shift_cap_hours": {"值班未签退时最多计入", "A shift left open counts at most"},
})
