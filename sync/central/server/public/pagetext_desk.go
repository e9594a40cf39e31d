package public

// The desk's queue marks on the mentor's day page (issue 11).
func init() {
	pageText["zh"]["md_q_with_mentor"] = "正在面谈"
	pageText["zh"]["md_q_left"] = "未面谈已离开"
	pageText["en"]["md_q_with_mentor"] = "with you now"
	pageText["en"]["md_q_left"] = "left without being seen"
}
