package console

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
)

// The follow-up (回访) on a request's page: what the last follow-up
// found, and for a resolved request the admin's follow-up call form
// (contacted? solved / partly / not? satisfied / basically / not?). The
// call goes through the store's request entity like the board's other
// actions, so kiosks and /r see it after the next sync; not solved
// reopens the request.

var _ = addRoutes(
	route{"POST /admin/requests/{id}/followup", func(c *Console) http.Handler { return c.staff(c.rtFollowUpPost) }},
)

var _ = addText(texts{
	"rt_fu":               {"回访", "Follow-up"},
	"rt_fu_call":          {"记录回访电话", "Record a follow-up call"},
	"rt_fu_last":          {"最近一次回访", "Last follow-up"},
	"rt_fu_none":          {"尚未回访。", "Not followed up yet."},
	"rt_fu_by_student":    {"学生自评", "the student's own rating"},
	"rt_fu_by_admin":      {"管理员 %s 电话回访", "call by %s"},
	"rt_fu_contacted":     {"是否联系上学生", "Reached the student?"},
	"rt_fu_yes":           {"联系上了", "Yes"},
	"rt_fu_no":            {"未联系上", "No"},
	"rt_fu_not_reached":   {"未联系上", "not reached"},
	"rt_fu_solved":        {"问题是否解决", "Was it solved?"},
	"rt_fu_satisfied":     {"是否满意", "Satisfied?"},
	"rt_fu_unasked":       {"不填（未联系上）", "Leave empty (not reached)"},
	"rt_sat_satisfied":    {"满意", "Satisfied"},
	"rt_sat_basically":    {"基本满意", "Basically satisfied"},
	"rt_sat_not":          {"不满意", "Not satisfied"},
	"rt_fu_pick":          {"请选择一项。", "Choose one."},
	"rt_fu_empty":         {"未联系上学生时，这一项请选“不填”。", "When the student was not reached, leave this empty."},
	"rt_fu_need":          {"联系上学生时，请选择学生的回答。", "When the student was reached, choose their answer."},
	"rt_fu_save":          {"保存回访", "Save follow-up"},
	"rt_fu_hint":          {"学生选择“未解决”时，诉求将重新办理，办结时限重新计算。", "If the student says it is not solved, the request reopens with a fresh deadline."},
	"rt_fu_not_reachable": {"只有已办结、等待回访的诉求可以记录回访。", "Only a resolved request awaiting follow-up can take a follow-up call."},
})

// rtFollowUp is the request page's follow-up part: the last follow-up
// and, when the admin may record one, the call form as typed.
type rtFollowUp struct {
	Last                         string
	Form                         bool
	Contacted, Solved, Satisfied string
	Errs                         map[string]string
	Error                        string
	Solveds, Satisfieds          []rqOption
}

// rtFollowUpPart is the follow-up part of the page for req, the form
// shown when the admin may change the hall and req awaits a follow-up.
func rtFollowUpPart(v view, req kiosk.Request, at string, can bool) rtFollowUp {
	p := rtFollowUp{Errs: map[string]string{}, Form: can && req.AwaitsFollowUp()}
	p.Last = v.T["rt_fu_none"]
	if f := req.FollowUp; f != nil {
		by := v.T["rt_fu_by_student"]
		if name, ok := strings.CutPrefix(f.By, "admin:"); ok {
			by = strings.Replace(v.T["rt_fu_by_admin"], "%s", name, 1)
		}
		p.Last = at + " · " + by + " · "
		if !f.Contacted {
			p.Last += v.T["rt_fu_not_reached"]
		} else {
			p.Last += v.Loc().T("Outcome."+string(f.Solved)) + " · " + rtSatisfaction(v, f.Satisfied)
		}
	}
	p.options(v)
	return p
}

func rtSatisfaction(v view, s kiosk.Satisfaction) string {
	switch s {
	case kiosk.Satisfied:
		return v.T["rt_sat_satisfied"]
	case kiosk.BasicallySatisfied:
		return v.T["rt_sat_basically"]
	}
	return v.T["rt_sat_not"]
}

// options lists each question's answers, the typed one selected; ""
// first, for a call that did not reach the student.
func (p *rtFollowUp) options(v view) {
	p.Solveds = []rqOption{{Value: "", Label: v.T["rt_fu_unasked"], Selected: p.Solved == ""}}
	for _, o := range kiosk.Outcomes {
		p.Solveds = append(p.Solveds, rqOption{string(o), v.Loc().T("Outcome." + string(o)), string(o) == p.Solved})
	}
	p.Satisfieds = []rqOption{{Value: "", Label: v.T["rt_fu_unasked"], Selected: p.Satisfied == ""}}
	for _, s := range kiosk.Satisfactions {
		p.Satisfieds = append(p.Satisfieds, rqOption{string(s), rtSatisfaction(v, s), string(s) == p.Satisfied})
	}
}

// rtFollowUpPost records a follow-up call; a refusal re-renders the
// request page with the errors beside the answers and the choices kept.
func (c *Console) rtFollowUpPost(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	req, notes, err := c.rqLoad(r, a)
	if err == nil {
		err = mayChange(a, req.HallID)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	p := rtFollowUp{Contacted: r.PostFormValue("contacted"), Solved: r.PostFormValue("solved"), Satisfied: r.PostFormValue("satisfied"), Errs: map[string]string{}}
	f := kiosk.FollowUp{By: "admin:" + a.Name, Contacted: p.Contacted == "yes",
		Solved: kiosk.Outcome(p.Solved), Satisfied: kiosk.Satisfaction(p.Satisfied)}
	v, err := c.rqDetailView(r, a, req, notes)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	status := http.StatusBadRequest
	switch {
	case p.Contacted != "yes" && p.Contacted != "no":
		p.Errs["contacted"] = v.T["rt_fu_pick"]
	case f.Contacted && (p.Solved == "" || p.Satisfied == ""), !f.Contacted && (p.Solved != "" || p.Satisfied != ""):
		// Name both wrong answers at once, not one per attempt.
		for field, val := range map[string]string{"solved": p.Solved, "satisfied": p.Satisfied} {
			if f.Contacted && val == "" {
				p.Errs[field] = v.T["rt_fu_need"]
			} else if !f.Contacted && val != "" {
				p.Errs[field] = v.T["rt_fu_empty"]
			}
		}
	default:
		_, err = c.store.RecordFollowUp(r.Context(), req.ID, f)
		if err == nil {
			http.Redirect(w, r, "/admin/requests/"+url.PathEscape(req.ID)+"?lang="+lang(r)+"&done=1", http.StatusSeeOther)
			return
		}
		var ke *kiosk.Error
		switch code := kiosk.ErrorCode(err); {
		case code == kiosk.ECONFLICT:
			status, p.Error = http.StatusConflict, v.T["rt_fu_not_reachable"]
		case code == kiosk.EINVALID && errors.As(err, &ke) && (ke.Field == "solved" || ke.Field == "satisfied"):
			p.Errs[ke.Field] = v.T["rt_fu_pick"]
			if !f.Contacted {
				p.Errs[ke.Field] = v.T["rt_fu_empty"]
			}
		default:
			c.fail(w, r, err)
			return
		}
	}
	p.Last, p.Form = v.FollowUp.Last, v.FollowUp.Form
	p.options(v.view)
	v.FollowUp = p
	v.Error = v.T["fix_errors"]
	if p.Error != "" {
		v.Error = p.Error
	}
	c.render(w, status, "rq_request.html", v)
}

// rtFollowUpAt is when the last follow-up was, in the hall's zone.
func rtFollowUpAt(loc *time.Location, req kiosk.Request) string {
	if req.FollowUp == nil {
		return ""
	}
	if loc == nil {
		loc = kiosk.DefaultLocation()
	}
	return req.FollowUp.At.In(loc).Format("2006-01-02 15:04")
}
