package public

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"onestop/kiosk"
)

// The student's rating on the status page: solved, partly or not, and
// 1–5 stars, as on the kiosk. It is the request's follow-up (回访) for
// the 接诉即办 rates (kiosk.StudentFollowUp); not solved reopens it.

func init() {
	for lang, kv := range rateText {
		for k, v := range kv {
			if _, dup := pageText[lang][k]; dup {
				panic("public page text " + k + " defined twice")
			}
			pageText[lang][k] = v
		}
	}
}

var rateText = map[string]map[string]string{
	"zh": {
		"rt_rate_title": "评价办理结果", "rt_rate_hint": "您的评价就是本次诉求的回访。选择“未解决”时，诉求将重新办理。",
		"rt_outcome": "问题解决了吗？", "rt_o_solved": "已解决", "rt_o_partly": "部分解决", "rt_o_not_solved": "未解决",
		"rt_stars": "满意程度（1–5 星）", "rt_star_n": "{n} 星", "rt_rate_send": "提交评价",
		"rt_pick_outcome": "请选择问题是否解决。", "rt_pick_stars": "请选择 1–5 星。",
		"rt_rated": "谢谢您的评价。", "rt_rated_already": "这条诉求已评价或已重新办理，不能再评价。",
		"rt_your_rating": "您的评价", "rt_fix": "请按提示修改后再提交。",
		"rt_refused": "已拒绝", "rt_cross_site": "这个评价来自其他网站，已拒绝。请在诉求状态页上重新评价。",
	},
	"en": {
		"rt_rate_title": "Rate how it was handled", "rt_rate_hint": "Your rating is this request's follow-up. If you choose “Not solved”, the request is handled again.",
		"rt_outcome": "Was it solved?", "rt_o_solved": "Solved", "rt_o_partly": "Partly", "rt_o_not_solved": "Not solved",
		"rt_stars": "How satisfied are you (1–5 stars)?", "rt_star_n": "{n} stars", "rt_rate_send": "Send rating",
		"rt_pick_outcome": "Please say whether it was solved.", "rt_pick_stars": "Please choose 1 to 5 stars.",
		"rt_rated": "Thank you for your rating.", "rt_rated_already": "This request is rated or being handled again; it cannot be rated now.",
		"rt_your_rating": "Your rating", "rt_fix": "Please fix what is marked and send again.",
		"rt_refused": "Refused", "rt_cross_site": "This rating came from another site and was refused. Please rate again on the request's status page.",
	},
}

// rateForm is the rating form as the student left it.
type rateForm struct {
	Show, Done                  bool
	Outcome, Stars              string
	OutcomeErr, StarsErr, Error string
	Outcomes, StarChoices       []rateChoice
	Given                       string // the rating on file, once rated
}

type rateChoice struct {
	Value, Label string
	Checked      bool
}

// fill lists the choices, the student's checked, for req.
func (f rateForm) fill(t map[string]string, req kiosk.Request, done bool) rateForm {
	f.Show, f.Done = req.Status == kiosk.RequestResolved, done
	for _, o := range kiosk.Outcomes {
		f.Outcomes = append(f.Outcomes, rateChoice{string(o), t["rt_o_"+string(o)], string(o) == f.Outcome})
	}
	for n := 5; n >= 1; n-- {
		v := strconv.Itoa(n)
		f.StarChoices = append(f.StarChoices, rateChoice{v, strings.Replace(t["rt_star_n"], "{n}", v, 1), v == f.Stars})
	}
	if !f.Show && req.Rating > 0 && req.Outcome != "" {
		f.Given = t["rt_o_"+string(req.Outcome)] + " · " + strings.Replace(t["rt_star_n"], "{n}", strconv.Itoa(req.Rating), 1)
	}
	return f
}

// requestRate takes the student's rating. A cross-site post is refused
// like the console's; a missing answer is shown beside its question
// with the other answer kept.
func (s *Pages) requestRate(w http.ResponseWriter, r *http.Request) {
	if err := http.NewCrossOriginProtection().Check(r); err != nil {
		p := newPage(r)
		p.Title, p.Message = p.T["rt_refused"], p.T["rt_cross_site"]
		s.render(w, r, http.StatusForbidden, "message", p)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	f := rateForm{Outcome: r.PostFormValue("outcome"), Stars: r.PostFormValue("stars")}
	t := pageText[lang(r)]
	o := kiosk.Outcome(f.Outcome)
	stars, err := strconv.Atoi(f.Stars)
	if !o.Valid() {
		f.OutcomeErr = t["rt_pick_outcome"]
	}
	if err != nil || stars < 1 || stars > 5 {
		f.StarsErr = t["rt_pick_stars"]
	}
	if f.OutcomeErr != "" || f.StarsErr != "" {
		f.Error = t["rt_fix"]
		s.showRequestRated(w, r, http.StatusBadRequest, false, "", "", f)
		return
	}
	token := r.PathValue("token")
	_, err = s.store.RateByToken(r.Context(), token, o, stars)
	var ke *kiosk.Error
	switch {
	case err == nil:
		http.Redirect(w, r, "/r/"+url.PathEscape(token)+"?lang="+lang(r)+"&rated=1", http.StatusSeeOther)
	case errors.As(err, &ke) && ke.Code == kiosk.EINVALID:
		// Rated on a kiosk meanwhile, or reopened: nothing to rate.
		f.Error = t["rt_rated_already"]
		s.showRequestRated(w, r, http.StatusConflict, false, "", "", f)
	default:
		s.pageError(w, r, err)
	}
}
