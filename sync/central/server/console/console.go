// Package console is the web console on central for the people who run
// the halls, at /admin: server-rendered pages in zh-Hans and en that
// work without JavaScript. Sessions live in a cookie whose token central
// keeps hashed with an expiry; every state-changing route refuses a
// cross-origin request; every page checks the admin's role and hall.
//
// Each page owns one file (kiosks.go, …) with its routes, its wording
// (addText) and its place in the navigation (addNav); console.go holds
// what every page shares.
package console

import (
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"onestop/i18n"
	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/admin"
)

//go:embed pages/*.html
var pageFS embed.FS

var pages = template.Must(template.New("").Funcs(funcs).ParseFS(pageFS, "pages/*.html"))

// funcs are the helpers every template may use.
var funcs = template.FuncMap{
	// field is the inline error of one input, "" for none.
	"field": func(errs map[string]string, name string) string { return errs[name] },
	// rqTable hands a request table its rows with the board's view.
	"rqTable": func(v rqBoardView, rows []rqRow, caption string, hidden bool) rqTableArgs {
		return rqTableArgs{V: v, Rows: rows, Caption: caption, Hidden: hidden}
	},
}

// cookieName holds the session token; the store keeps only its hash.
const cookieName = "onestop_console"

// Console serves the admin console.
type Console struct {
	store central.Store
	admin *admin.Admin
	clock kiosk.Clock
	log   *slog.Logger
}

// New returns the console over store; adm logs admins in (throttled).
func New(store central.Store, adm *admin.Admin, clock kiosk.Clock, log *slog.Logger) *Console {
	return &Console{store: store, admin: adm, clock: clock, log: log}
}

// route is one page's handler; each page file adds its own (addRoutes).
type route struct {
	pattern string // "GET /admin/x" or "POST /admin/x"
	handler func(c *Console) http.Handler
}

var routes []route

// addRoutes registers a page's routes; Routes mounts them all.
func addRoutes(rs ...route) bool { routes = append(routes, rs...); return true }

// Routes registers the console's pages on mux. Every POST passes
// CrossOriginProtection first: a cross-site post is a 403.
func (c *Console) Routes(mux *http.ServeMux) {
	csrf := http.NewCrossOriginProtection()
	// The admin who followed a forged form sees why in their language.
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.errorPage(w, r, http.StatusForbidden, "cross_site")
	}))
	mux.HandleFunc("GET /admin/{$}", func(w http.ResponseWriter, r *http.Request) {
		a, ok := c.session(r)
		target := "/admin/login"
		if ok {
			target = home(a)
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
	})
	for _, rt := range routes {
		h := rt.handler(c)
		if strings.HasPrefix(rt.pattern, "POST ") {
			h = csrf.Handler(h)
		}
		mux.Handle(rt.pattern, h)
	}
}

// navItem is one link of the header's navigation.
type navItem struct {
	Path, Key string
	Order     int
	Viewer    bool // shown to viewers too (dashboards)
}

var nav []navItem

// addNav puts a page in the header, sorted by order.
func addNav(n navItem) bool {
	nav = append(nav, n)
	slices.SortStableFunc(nav, func(a, b navItem) int { return a.Order - b.Order })
	return true
}

// home is where an admin lands after signing in: the first page of the
// navigation the admin may open.
func home(a central.AdminAccount) string {
	for _, n := range nav {
		if n.Viewer || a.Role != central.RoleViewer {
			return n.Path
		}
	}
	return "/admin/login"
}

// link is a navigation entry as the header shows it.
type link struct {
	Path, Label string
	Current     bool
}

// view is what every page's template gets.
type view struct {
	Lang, Other string
	T           map[string]string
	Title       string
	Admin       *central.AdminAccount
	Nav         []link
	Self        string // this page's path, for the language switch
	Error       string
	Notice      string
	// What the page was asked with, so the language switch keeps the
	// hall, filters and period shown.
	path  string
	query url.Values
}

// LangLink is this page in the other language.
func (v view) LangLink() string {
	u, err := url.Parse(v.Self)
	if err != nil {
		u = &url.URL{Path: "/admin/"}
	}
	q := u.Query()
	if u.Path == v.path {
		for k, vs := range v.query {
			if _, ok := q[k]; !ok {
				q[k] = vs
			}
		}
	}
	q.Set("lang", v.Other)
	u.RawQuery = q.Encode()
	return u.String()
}

// lang is the request's language: ?lang=, else the browser's, zh first.
func lang(r *http.Request) string {
	if q := r.URL.Query().Get("lang"); q == "en" || (q == "" && strings.HasPrefix(r.Header.Get("Accept-Language"), "en")) {
		return "en"
	}
	return "zh"
}

func newView(r *http.Request, a *central.AdminAccount, title string) view {
	l := lang(r)
	v := view{Lang: l, Other: "en", T: text[l], Admin: a, Self: r.URL.Path}
	if l == "en" {
		v.Other = "zh"
	}
	if r.Method != http.MethodGet {
		v.Self = "/admin/"
	} else {
		v.path, v.query = r.URL.Path, r.URL.Query()
	}
	v.Title = v.T[title]
	if a != nil {
		for _, n := range nav {
			if n.Viewer || a.Role != central.RoleViewer {
				v.Nav = append(v.Nav, link{Path: n.Path, Label: v.T[n.Key], Current: strings.HasPrefix(r.URL.Path, n.Path)})
			}
		}
	}
	return v
}

// Loc is the kiosk's translations in the view's language, for the
// domain's messages (a *kiosk.Error's MessageID).
func (v view) Loc() *i18n.Localizer {
	if v.Lang == "en" {
		return i18n.MustNew("en")
	}
	return i18n.MustNew(i18n.Default)
}

// Message is err as the admin reads it: a domain refusal's own message,
// else the console's generic one.
func (v view) Message(err error) string {
	if id, data := kiosk.ErrorMessageID(err); id != kiosk.MsgErrInternal {
		return v.Loc().T(id, data)
	}
	return v.T["error"]
}

func (c *Console) render(w http.ResponseWriter, status int, page string, v any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	if err := pages.ExecuteTemplate(w, page, v); err != nil {
		c.log.Error("console page", "page", page, "err", err)
	}
}

// session returns the signed-in admin of r, if any.
func (c *Console) session(r *http.Request) (central.AdminAccount, bool) {
	ck, err := r.Cookie(cookieName)
	if err != nil {
		return central.AdminAccount{}, false
	}
	name, err := c.store.AdminBySession(r.Context(), central.HashSecret(ck.Value))
	if err != nil {
		return central.AdminAccount{}, false
	}
	a, err := c.store.AdminAccount(r.Context(), name)
	return a, err == nil
}

// handler is a page's handler for a signed-in admin.
type handler func(http.ResponseWriter, *http.Request, central.AdminAccount)

// signedIn runs h for a signed-in admin, sending anyone else to login.
// The request's context names the admin, so every change h makes is in
// the audit log under that name.
func (c *Console) signedIn(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ck, err := r.Cookie(cookieName)
		if err != nil {
			http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
			return
		}
		name, err := c.store.AdminBySession(r.Context(), central.HashSecret(ck.Value))
		if kiosk.ErrorCode(err) == kiosk.EUNAUTHORIZED {
			http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
			return
		}
		var a central.AdminAccount
		if err == nil {
			a, err = c.store.AdminAccount(r.Context(), name)
		}
		if err != nil {
			c.fail(w, r, err)
			return
		}
		h(w, r.WithContext(central.WithActor(r.Context(), "admin:"+a.Name)), a)
	}
}

// staff is signedIn for the pages viewers may not open: theirs are the
// dashboards only.
func (c *Console) staff(h handler) http.HandlerFunc {
	return c.signedIn(func(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
		if a.Role == central.RoleViewer {
			c.fail(w, r, forbidden(a, "a staff page"))
			return
		}
		h(w, r, a)
	})
}

// forbidden is the refusal of another hall's data (or a viewer's change).
func forbidden(a central.AdminAccount, what string) error {
	return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.MsgErrInternal, "%s is not %s's (%s)", what, a.Name, a.Role)
}

// mayChange refuses a change to a hall the admin may not change.
func mayChange(a central.AdminAccount, hallID string) error {
	if !a.Changes(hallID) {
		return forbidden(a, "hall "+hallID)
	}
	return nil
}

// fail answers with an error page: 403 for another hall's data, 404,
// else 500 (logged, with nothing of it on the page).
func (c *Console) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch kiosk.ErrorCode(err) {
	case kiosk.EFORBIDDEN:
		c.errorPage(w, r, http.StatusForbidden, "forbidden")
	case kiosk.ENOTFOUND:
		c.errorPage(w, r, http.StatusNotFound, "not_found")
	case kiosk.EINVALID:
		c.errorPage(w, r, http.StatusBadRequest, "bad_request")
	default:
		c.log.Error("console", "path", r.URL.Path, "err", err)
		c.errorPage(w, r, http.StatusInternalServerError, "error")
	}
}

// errorPage answers with the error page saying text key.
func (c *Console) errorPage(w http.ResponseWriter, r *http.Request, status int, key string) {
	a, _ := c.session(r)
	v := newView(r, nil, "error")
	if a.Name != "" {
		v = newView(r, &a, "error")
	}
	v.Title = v.T[fmt.Sprintf("status_%d", status)]
	v.Error = v.T[key]
	c.render(w, status, "error.html", v)
}

// halls returns every hall with its name in the view's language and its
// zone, and those the admin may see, in order.
type hallInfo struct {
	ID, Name string
	Zone     *time.Location
	Changes  bool // the admin may change it
}

func (c *Console) halls(r *http.Request, v view, a central.AdminAccount) (map[string]hallInfo, []hallInfo, error) {
	hs, err := c.store.Halls(r.Context())
	if err != nil {
		return nil, nil, err
	}
	all := map[string]hallInfo{}
	var seen []hallInfo
	for _, h := range hs {
		loc, _ := kiosk.LoadZone(h.Zone())
		hi := hallInfo{ID: h.ID, Name: v.localName(h.Name), Zone: loc, Changes: a.Changes(h.ID)}
		all[h.ID] = hi
		if a.Sees(h.ID) {
			seen = append(seen, hi)
		}
	}
	return all, seen, nil
}

// localName is n in the view's language.
func (v view) localName(n kiosk.LocalName) string {
	if v.Lang == "en" {
		return n.In(kiosk.LangEn)
	}
	return n.In(kiosk.LangZh)
}

// when is t in the hall's zone, "never" for none.
func when(t map[string]string, loc *time.Location, at time.Time) string {
	if at.IsZero() {
		return t["never"]
	}
	if loc == nil {
		loc = kiosk.DefaultLocation()
	}
	return at.In(loc).Format("2006-01-02 15:04")
}

// clientIP is the request's remote address without the port.
func clientIP(r *http.Request) string {
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return ip
}
