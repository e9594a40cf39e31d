package console

// text is the console's wording, zh-Hans and en; TestTextParity keeps
// both complete.
var text = map[string]map[string]string{
	"zh": {
		"console": "一站式服务大厅 管理后台", "login_title": "登录管理后台", "name": "用户名", "password": "密码",
		"login": "登录", "logout": "退出", "wrong_login": "用户名或密码不正确。",
		"throttled": "尝试次数过多，请 {s} 秒后再试。", "other_lang": "English",
		"kiosks": "自助机", "kiosk": "自助机", "hall": "服务大厅", "last_heartbeat": "最近联络",
		"version": "版本", "backlog": "待同步", "oldest_pending": "最早待同步", "stale": "已失联",
		"never": "从未", "no_kiosks": "还没有自助机。", "enroll_title": "新增自助机",
		"make_code": "生成注册码", "code_for": "注册码", "code_expires": "有效期至",
		"code_qr": "注册码二维码", "forbidden": "你没有权限查看或修改这个服务大厅。",
		"not_found": "找不到该页面。", "error": "出错了，请稍后再试。",
		"revoke": "停用", "revoked": "已停用于", "actions": "操作", "last_error": "最近同步错误",
	},
	"en": {
		"console": "One-Stop Hall Console", "login_title": "Sign in to the console", "name": "User name", "password": "Password",
		"login": "Sign in", "logout": "Sign out", "wrong_login": "Wrong user name or password.",
		"throttled": "Too many tries; please wait {s} seconds.", "other_lang": "中文",
		"kiosks": "Kiosks", "kiosk": "Kiosk", "hall": "Hall", "last_heartbeat": "Last contact",
		"version": "Version", "backlog": "Pending", "oldest_pending": "Oldest pending", "stale": "not heard from",
		"never": "never", "no_kiosks": "No kiosks yet.", "enroll_title": "Add a kiosk",
		"make_code": "Make an enrollment code", "code_for": "Enrollment code for", "code_expires": "valid until",
		"code_qr": "QR code of enrollment code", "forbidden": "You may not see or change this hall.",
		"not_found": "This page does not exist.", "error": "Something went wrong; please try again later.",
		"revoke": "Revoke", "revoked": "revoked", "actions": "Actions", "last_error": "Last sync error",
	},
}
