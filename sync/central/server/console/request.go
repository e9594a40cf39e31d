package console

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
)

// A request's page on the board: what was asked, its clocks, the
// timeline (public notes, internal notes, what the student added) and
// the handler's action forms. Every action goes through the store's
// request entity, so kiosks and /r see it after the next sync.

var _ = addRoutes(
	route{"GET /admin/requests/{id}", func(c *Console) http.Handler { return c.staff(c.rqDetail) }},
	route{"POST /admin/requests/{id}/act", func(c *Console) http.Handler { return c.staff(c.rqAct) }},
)

var _ = addText(texts{
	"rq_detail":        {"诉求详情", "Request"},
	"rq_what":          {"诉求内容", "What was reported"},
	"rq_room":          {"房间", "Room"},
	"rq_contact":       {"联系方式", "Contact"},
	"rq_responded_at":  {"首次响应", "First answered"},
	"rq_resolved_at":   {"办结时间", "Resolved"},
	"rq_timeline":      {"处理记录", "Timeline"},
	"rq_when":          {"时间", "When"},
	"rq_what_happened": {"事项", "Step"},
	"rq_text":          {"内容", "Text"},
	"rq_ev_submitted":  {"学生提交", "Submitted by the student"},
	"rq_ev_opened":     {"大厅主动发起", "Opened by the hall"},
	"rq_ev_student":    {"学生补充", "Added by the student"},
	"rq_ev_photo":      {"（附照片）", "(photo attached)"},
	"rq_internal":      {"内部备注", "Internal note"},
	"rq_public":        {"学生可见", "Seen by the student"},
	"rq_act_accept":    {"受理", "Accept"},
	"rq_act_dispatch":  {"派单", "Dispatch"},
	"rq_act_extend":    {"延期", "Extend"},
	"rq_act_note":      {"添加备注", "Add a note"},
	"rq_act_resolve":   {"办结", "Resolve"},
	"rq_act_reject":    {"不予受理", "Reject"},
	"rq_due_unit":      {"承办时限", "Unit due by"},
	"rq_new_due":       {"新的办结时限", "New deadline"},
	"rq_reason":        {"原因（学生可见）", "Reason (the student sees it)"},
	"rq_note_opt":      {"说明（可选，学生可见）", "Note (optional, the student sees it)"},
	"rq_resolution":    {"办结说明（学生可见）", "Resolution note (the student sees it)"},
	"rq_visibility":    {"谁能看到", "Who sees it"},
	"rq_bad_time":      {"请填写日期和时间，如 2026-03-02 14:00。", "Enter a date and time, such as 2026-03-02 14:00."},
	"rq_choose_unit":   {"请选择承办单位", "Choose a unit"},
	"rq_done":          {"已保存，将同步到自助机和状态页。", "Saved; kiosks and the status page get it at their next sync."},
	"rq_no_units":      {"还没有可派单的承办单位，请先在“承办单位”页添加。", "No active units yet; add one on the Units page first."},
	"rq_back":          {"返回看板", "Back to the board"},
})

type rqEvent struct {
	At, Label, Text, By string
	Internal, Photo     bool
	at                  time.Time
}

// rqForm is one action form as typed, with its inline errors.
type rqForm struct {
	Unit, Due, Text string
	Public          bool
	Errs            map[string]string
	Error           string
}

type rqDetailView struct {
	view
	ID                                   string
	R                                    rqRow
	Presets                              []string
	Room, Contact, RespondedAt, Resolved string
	Timeline                             []rqEvent
	Can, CanAccept, Open                 bool
	Units                                []rqOption
	Forms                                map[string]*rqForm
	FollowUp                             rtFollowUp
}

// rqLoad returns the request if the admin may see its hall (403 else).
func (c *Console) rqLoad(r *http.Request, a central.AdminAccount) (kiosk.Request, []kiosk.InternalNote, error) {
	req, notes, err := c.store.BoardRequest(r.Context(), r.PathValue("id"))
	if err != nil {
		return req, nil, err
	}
	if !a.Sees(req.HallID) {
		return kiosk.Request{}, nil, forbidden(a, "request "+req.ID)
	}
	return req, notes, nil
}

func (c *Console) rqDetail(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	req, notes, err := c.rqLoad(r, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v, err := c.rqDetailView(r, a, req, notes)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if r.URL.Query().Get("done") == "1" {
		v.Notice = v.T["rq_done"]
	}
	c.render(w, http.StatusOK, "rq_request.html", v)
}

func (c *Console) rqDetailView(r *http.Request, a central.AdminAccount, req kiosk.Request, notes []kiosk.InternalNote) (rqDetailView, error) {
	v := rqDetailView{view: newView(r, &a, "rq_detail"), ID: req.ID, Forms: map[string]*rqForm{}}
	v.Self = "/admin/requests/" + req.ID
	cat, err := c.rqCatalog(r, v.view, a)
	if err != nil {
		return v, err
	}
	details, err := c.store.RequestDetails(r.Context(), req.ID)
	if err != nil {
		return v, err
	}
	loc := cat.halls[req.HallID].Zone
	v.R = cat.row(v.view, req, c.clock.Now())
	v.Title = v.T["rq_detail"] + " " + req.Ticket
	for _, p := range req.Presets {
		v.Presets = append(v.Presets, v.Loc().T("Preset."+p))
	}
	v.Room = req.Room
	if !req.Proactive {
		v.Contact = v.Loc().T("Contact." + string(req.Contact))
	}
	v.RespondedAt, v.Resolved = when(v.T, loc, req.RespondedAt), when(v.T, loc, req.ResolvedAt)
	first := rqEvent{Label: v.T["rq_ev_submitted"], at: req.SubmittedAt}
	if req.Proactive {
		first.Label = v.T["rq_ev_opened"]
	}
	v.Timeline = append(v.Timeline, first)
	for _, n := range req.Notes {
		v.Timeline = append(v.Timeline, rqEvent{Label: rqStatus(v.view, n.Status), Text: n.Text, at: n.At})
	}
	for _, n := range notes {
		v.Timeline = append(v.Timeline, rqEvent{Label: v.T["rq_internal"], Text: n.Text, By: strings.TrimPrefix(n.By, "admin:"), Internal: true, at: n.At})
	}
	for _, d := range details {
		v.Timeline = append(v.Timeline, rqEvent{Label: v.T["rq_ev_student"], Text: d.Text, Photo: len(d.Photo) > 0, at: d.At})
	}
	slices.SortStableFunc(v.Timeline, func(x, y rqEvent) int { return x.at.Compare(y.at) })
	for i := range v.Timeline {
		v.Timeline[i].At = when(v.T, loc, v.Timeline[i].at)
	}
	v.Can, v.Open = a.Changes(req.HallID), req.Status.Open()
	v.CanAccept = req.Status == kiosk.RequestSubmitted || req.Status == kiosk.RequestReopened
	for _, u := range cat.units {
		if u.Active && u.Serves(req.HallID) {
			v.Units = append(v.Units, rqOption{Value: u.ID, Label: v.localName(u.Name), Selected: u.ID == req.UnitID})
		}
	}
	for _, k := range []string{kiosk.ActAccept, kiosk.ActDispatch, kiosk.ActExtend, kiosk.ActNote, kiosk.ActResolve, kiosk.ActReject} {
		v.Forms[k] = &rqForm{Errs: map[string]string{}}
	}
	v.Forms[kiosk.ActDispatch].Due = rqLocalInput(loc, req.DueAt)
	v.Forms[kiosk.ActNote].Public = true
	v.FollowUp = rtFollowUpPart(v.view, req, rtFollowUpAt(loc, req), v.Can)
	return v, nil
}

// rqLocalInput is t as a datetime-local input's value in the hall's zone.
func rqLocalInput(loc *time.Location, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02T15:04")
}

// rqParseLocal reads a datetime-local value (or "2006-01-02 15:04") in
// the hall's zone.
func rqParseLocal(loc *time.Location, s string) (time.Time, bool) {
	s = strings.TrimSpace(strings.Replace(s, " ", "T", 1))
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// rqAct applies one action form; a refusal re-renders the page with the
// error beside the field and everything typed kept.
func (c *Console) rqAct(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	req, notes, err := c.rqLoad(r, a)
	if err == nil {
		err = mayChange(a, req.HallID)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	loc := kiosk.DefaultLocation()
	if hs, err := c.store.Halls(r.Context()); err == nil {
		if i := slices.IndexFunc(hs, func(h central.Hall) bool { return h.ID == req.HallID }); i >= 0 {
			if l, err := kiosk.LoadZone(hs[i].Zone()); err == nil {
				loc = l
			}
		}
	}
	kind := r.PostFormValue("action")
	form := rqForm{Unit: r.PostFormValue("unit"), Due: r.PostFormValue("due"), Text: r.PostFormValue("text"),
		Public: r.PostFormValue("visibility") != "internal", Errs: map[string]string{}}
	act := kiosk.RequestAction{Kind: kind, UnitID: form.Unit, Text: form.Text, Public: form.Public, By: "admin:" + a.Name}
	var bad string // a field the console itself refuses
	if kind == kiosk.ActDispatch || kind == kiosk.ActExtend {
		if due, ok := rqParseLocal(loc, form.Due); ok {
			act.Due = due
		} else if kind == kiosk.ActExtend || strings.TrimSpace(form.Due) != "" {
			bad = "due"
		}
	}
	if bad == "" {
		_, err = c.store.HandleRequest(r.Context(), req.ID, act)
		if err == nil {
			http.Redirect(w, r, "/admin/requests/"+url.PathEscape(req.ID)+"?lang="+lang(r)+"&done=1", http.StatusSeeOther)
			return
		}
		if code := kiosk.ErrorCode(err); code != kiosk.EINVALID && code != kiosk.ECONFLICT {
			c.fail(w, r, err)
			return
		}
	}
	v, verr := c.rqDetailView(r, a, req, notes)
	if verr != nil {
		c.fail(w, r, verr)
		return
	}
	status := http.StatusBadRequest
	switch {
	case bad != "":
		form.Errs[bad] = v.T["rq_bad_time"]
	case kiosk.ErrorCode(err) == kiosk.ECONFLICT:
		status, form.Error = http.StatusConflict, v.Message(err)
	default:
		var ke *kiosk.Error
		field := ""
		if errors.As(err, &ke) {
			field = ke.Field
		}
		switch field {
		case "unit", "due", "text":
			form.Errs[field] = v.Message(err)
		default:
			form.Error = v.Message(err)
		}
	}
	if _, known := v.Forms[kind]; !known {
		kind = kiosk.ActNote
	}
	for i := range v.Units {
		v.Units[i].Selected = v.Units[i].Value == form.Unit
	}
	v.Forms[kind] = &form
	v.Error = v.T["fix_errors"]
	if form.Error != "" {
		v.Error = form.Error // also where the form is gone (a closed request)
	}
	c.render(w, status, "rq_request.html", v)
}
