package console

import "fmt"

// texts is one page's wording: key → zh-Hans and en. TestTextParity
// keeps both complete.
type texts map[string][2]string

// text is every page's wording by language, assembled from addText.
var text = map[string]map[string]string{"zh": {}, "en": {}}

// addText adds a page's wording; a key two pages both claim is a bug.
func addText(t texts) bool {
	for k, v := range t {
		if _, dup := text["zh"][k]; dup {
			panic(fmt.Sprintf("console text %q defined twice", k))
		}
		text["zh"][k], text["en"][k] = v[0], v[1]
	}
	return true
}

// The wording every page shares.
var _ = addText(texts{
	"console":     {"一站式服务大厅 管理后台", "One-Stop Hall Console"},
	"logout":      {"退出", "Sign out"},
	"other_lang":  {"English", "中文"},
	"skip":        {"跳到正文", "Skip to content"},
	"main_nav":    {"主导航", "Main navigation"},
	"hall":        {"服务大厅", "Hall"},
	"all_halls":   {"全部服务大厅", "All halls"},
	"never":       {"从未", "never"},
	"actions":     {"操作", "Actions"},
	"save":        {"保存", "Save"},
	"cancel":      {"取消", "Cancel"},
	"delete":      {"删除", "Delete"},
	"edit":        {"编辑", "Edit"},
	"filter":      {"筛选", "Filter"},
	"export_csv":  {"导出 CSV", "Export CSV"},
	"saved":       {"已保存。", "Saved."},
	"fix_errors":  {"有内容需要修改，请看标红的项。", "Some entries need fixing; see the ones marked in red."},
	"forbidden":   {"你没有权限查看或修改这个服务大厅。", "You may not see or change this hall."},
	"cross_site":  {"这个操作来自其他网站，已拒绝。请在管理后台的页面上重新操作。", "This action came from another site and was refused. Please do it again from the console's own page."},
	"status_400":  {"请求有误", "Bad request"},
	"bad_request": {"提交的内容有误，未作任何更改。", "What was sent is not valid; nothing was changed."},
	"status_403":  {"无权操作", "Not allowed"},
	"status_404":  {"页面不存在", "Not found"},
	"status_500":  {"出错了", "Something went wrong"},
	"not_found":   {"找不到该页面。", "This page does not exist."},
	"error":       {"出错了，请稍后再试。", "Something went wrong; please try again later."},
	"next_page":   {"下一页", "Next page"},
	"prev_page":   {"上一页", "Previous page"},
	"none":        {"暂无。", "None."},
	"required":    {"必填。", "Required."},
})
