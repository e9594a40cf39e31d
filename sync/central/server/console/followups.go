package console

import (
	"net/http"
	"net/url"

	"onestop/kiosk"
	"onestop/sync/central"
)

// The follow-up list: resolved requests nobody has followed up yet, the
// longest resolved first, in the admin's scope, each a link to its page
// where the call is recorded.

var _ = addRoutes(
	route{"GET /admin/followups", func(c *Console) http.Handler { return c.staff(c.rtFollowUps) }},
)

var _ = addNav(navItem{Path: "/admin/followups", Key: "rt_followups", Order: 32})

var _ = addText(texts{
	"rt_followups":      {"待回访", "Follow-ups"},
	"rt_followups_h":    {"待回访诉求", "Requests awaiting follow-up"},
	"rt_followups_hint": {"以下诉求已办结、尚未回访，办结最早的在前。学生在自助机或手机上评价后即视为已回访。", "These requests are resolved and not yet followed up, the longest resolved first. A student's own rating on a kiosk or phone counts as the follow-up."},
	"rt_resolved_at":    {"办结时间", "Resolved"},
	"rt_last_try":       {"上次回访", "Last try"},
	"rt_no_followups":   {"没有待回访的诉求。", "Nothing awaits follow-up."},
})

type rtQueueRow struct {
	rqRow
	Resolved, Contact, LastTry string
}

type rtFollowUpsView struct {
	view
	Hall        string
	Errs        map[string]string
	Halls       []rqOption
	ShowHall    bool
	Rows        []rtQueueRow
	First, Next string
}

func (c *Console) rtFollowUps(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	v := rtFollowUpsView{view: newView(r, &a, "rt_followups_h"), Errs: map[string]string{}, Hall: r.URL.Query().Get("hall")}
	v.Self = "/admin/followups"
	cat, err := c.rqCatalog(r, v.view, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if a.Role == central.RoleHall {
		if v.Hall != "" && v.Hall != a.HallID {
			c.fail(w, r, forbidden(a, "hall "+v.Hall))
			return
		}
		v.Hall = a.HallID
	}
	if _, ok := cat.halls[v.Hall]; v.Hall != "" && !ok {
		v.Errs["hall"], v.Hall, v.Error = v.T["rq_bad_choice"], "", v.T["fix_errors"]
	}
	q := central.FollowUpQuery{HallID: v.Hall, After: r.URL.Query().Get("after"), Limit: rqPage}
	page, err := c.store.FollowUpQueue(r.Context(), q)
	if kiosk.ErrorCode(err) == kiosk.EINVALID { // a stale or edited cursor: start over
		q.After = ""
		page, err = c.store.FollowUpQueue(r.Context(), q)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	now := c.clock.Now()
	for _, req := range page.Requests {
		if !a.Sees(req.HallID) {
			continue
		}
		loc := cat.halls[req.HallID].Zone
		row := rtQueueRow{rqRow: cat.row(v.view, req, now), Resolved: when(v.T, loc, req.ResolvedAt), LastTry: "—"}
		if !req.Proactive {
			row.Contact = v.Loc().T("Contact." + string(req.Contact))
		}
		if f := req.FollowUp; f != nil && !f.Contacted {
			row.LastTry = rtFollowUpAt(loc, req) + " · " + v.T["rt_fu_not_reached"]
		}
		v.Rows = append(v.Rows, row)
	}
	keep := url.Values{"lang": {v.Lang}}
	if v.Hall != "" {
		keep.Set("hall", v.Hall)
	}
	if q.After != "" {
		v.First = v.Self + "?" + keep.Encode()
	}
	if page.Next != "" {
		keep.Set("after", page.Next)
		v.Next = v.Self + "?" + keep.Encode()
	}
	v.ShowHall = a.Role != central.RoleHall
	v.Halls = []rqOption{{Value: "", Label: v.T["all_halls"]}}
	for _, h := range cat.seen {
		v.Halls = append(v.Halls, rqOption{h.ID, h.Name, h.ID == v.Hall})
	}
	status := http.StatusOK
	if len(v.Errs) > 0 {
		status = http.StatusBadRequest
	}
	c.render(w, status, "rt_followups.html", v)
}
