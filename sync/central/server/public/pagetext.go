package public

// pageText is the public pages' wording. The pages are central's own and
// small; the kiosk's go-i18n bundle stays the kiosk's.
var pageText = map[string]map[string]string{
	"zh": {
		"request_title": "诉求", "status": "状态", "category": "类别", "submitted": "提交时间", "due": "办理时限", "unit": "承办单位",
		"overdue": "已超时", "notes": "办理进度", "no_notes": "已收到，正在安排处理。", "details": "我补充的说明",
		"photo_attached": "已附照片", "add_title": "补充说明或照片", "description": "文字说明（选填）", "photo": "照片（选填，最大 5 MB）",
		"submit": "提交", "added": "已收到您的补充，谢谢。", "not_found": "找不到该页面，链接可能有误或已失效。",
		"not_found_title": "未找到", "bad_photo": "照片格式不支持，请上传 JPG、PNG、GIF 或 WebP。",
		"too_large": "提交的内容太大：文字说明最多 {max} 字，照片最大 5 MB。", "empty": "请填写说明或选择照片。",
		"too_long": "文字说明最多 {max} 字，请删减后再提交。",
		"too_many": "这条诉求已补充了很多次，不能再添加；如需补充请到服务大厅。", "bad_text": "文字说明里有无法识别的字符，请删去后再提交。",
		"appt_title": "我的预约", "kind": "类型", "mentor": "老师", "time": "时间", "place": "地点",
		"appt_hint": "请提前到服务大厅自助机签到。", "personal": "个人预约",
		"repair": "报修", "safety": "安全隐患", "dorm": "宿舍生活", "study": "学习", "catering": "餐饮",
		"network": "网络", "counselling_referral": "心理转介", "other": "其他",
		"r_submitted": "已提交", "r_accepted": "已受理", "r_dispatched": "已派单", "r_in_progress": "处理中",
		"r_resolved": "已解决，待评价", "r_closed": "已办结", "r_rejected": "不予受理", "r_reopened": "重新办理",
		"a_booked": "已预约", "a_arrived": "已签到", "a_cancelled": "已取消", "a_missed": "未到", "a_completed": "已完成",
		"academic": "学业导师", "career": "生涯/就业指导", "leader": "领导接待",
	},
	"en": {
		"request_title": "Request", "status": "Status", "category": "Category", "submitted": "Submitted", "due": "Due", "unit": "Handled by",
		"overdue": "overdue", "notes": "Progress", "no_notes": "Received; it is being arranged.", "details": "What I added",
		"photo_attached": "photo attached", "add_title": "Add a description or a photo", "description": "Description (optional)",
		"photo": "Photo (optional, up to 5 MB)", "submit": "Send", "added": "Thank you, we received your addition.",
		"not_found": "This page does not exist; the link may be wrong or expired.", "not_found_title": "Not found",
		"bad_photo": "Unsupported photo format; please send JPG, PNG, GIF or WebP.", "too_large": "Too large: descriptions up to {max} characters, photos up to 5 MB.",
		"too_long":   "Descriptions can have at most {max} characters; please shorten it and send again.",
		"too_many":   "This request has had many additions already; please add more at the service hall.",
		"bad_text":   "The description has characters that cannot be read; please remove them and send again.",
		"empty":      "Please write a description or choose a photo.",
		"appt_title": "My appointment", "kind": "Type", "mentor": "With", "time": "Time", "place": "Place",
		"appt_hint": "Please check in at the hall kiosk a little early.", "personal": "Personal appointment",
		"repair": "Repair", "safety": "Safety hazard", "dorm": "Dorm life", "study": "Study", "catering": "Catering",
		"network": "Network", "counselling_referral": "Counselling referral", "other": "Other",
		"r_submitted": "Submitted", "r_accepted": "Accepted", "r_dispatched": "Dispatched", "r_in_progress": "In progress",
		"r_resolved": "Resolved, awaiting your rating", "r_closed": "Closed", "r_rejected": "Rejected", "r_reopened": "Reopened",
		"a_booked": "Booked", "a_arrived": "Checked in", "a_cancelled": "Cancelled", "a_missed": "Missed", "a_completed": "Completed",
		"academic": "Academic mentor", "career": "Career guidance", "leader": "Leader office hours",
	},
}
