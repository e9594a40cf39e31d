// Package console is the web console on central for the people who run
// the halls, at /admin: server-rendered pages in zh-Hans and en that
// work without JavaScript. Sessions live in a cookie whose token central
// keeps hashed with an expiry; every state-changing route refuses a
// cross-origin request; every page checks the admin's role and hall.
package console

import (
	"embed"
	"encoding/base64"
	"errors"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/admin"
)

//go:embed pages/*.html
var pageFS embed.FS

var pages = template.Must(template.ParseFS(pageFS, "pages/*.html"))

// cookieName holds the session token; the store keeps only its hash.
const cookieName = "onestop_console"

// StaleAfter marks a kiosk not heard from for this long.
const StaleAfter = 2 * time.Minute

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

// Routes registers the console's pages on mux.
func (c *Console) Routes(mux *http.ServeMux) {
	csrf := http.NewCrossOriginProtection() // a cross-site post is a 403
	post := func(path string, h http.HandlerFunc) { mux.Handle("POST "+path, csrf.Handler(h)) }
	mux.HandleFunc("GET /admin/{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/admin/kiosks", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /admin/login", c.loginPage)
	post("/admin/login", c.login)
	post("/admin/logout", c.logout)
	mux.HandleFunc("GET /admin/kiosks", c.signedIn(c.kiosksPage))
	post("/admin/kiosks/enroll-code", c.signedIn(c.enrollCode))
	post("/admin/kiosks/revoke", c.signedIn(c.revoke))
}

// view is what every page's template gets.
type view struct {
	Lang, Other string
	T           map[string]string
	Title       string
	Admin       *central.AdminAccount
	Error       string
}

func newView(r *http.Request, a *central.AdminAccount, title string) view {
	lang := "zh"
	if q := r.URL.Query().Get("lang"); q == "en" || (q == "" && strings.HasPrefix(r.Header.Get("Accept-Language"), "en")) {
		lang = "en"
	}
	v := view{Lang: lang, Other: "en", T: text[lang], Admin: a}
	if lang == "en" {
		v.Other = "zh"
	}
	v.Title = v.T[title]
	return v
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

type loginView struct {
	view
	Name string
}

func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) {
	c.render(w, http.StatusOK, "login.html", loginView{view: newView(r, nil, "login_title")})
}

// login checks the password (throttled, logged by admin.Login) and sets
// the session cookie: HttpOnly, SameSite=Lax, Secure behind TLS.
func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	v := loginView{view: newView(r, nil, "login_title"), Name: r.PostFormValue("name")}
	tok, exp, err := c.admin.Login(r.Context(), v.Name, r.PostFormValue("password"), clientIP(r))
	var th *admin.Throttled
	switch {
	case errors.As(err, &th):
		secs := int((th.RetryAfter + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		v.Error = strings.ReplaceAll(v.T["throttled"], "{s}", strconv.Itoa(secs))
		c.render(w, http.StatusTooManyRequests, "login.html", v)
		return
	case kiosk.ErrorCode(err) == kiosk.EUNAUTHORIZED:
		v.Error = v.T["wrong_login"]
		c.render(w, http.StatusUnauthorized, "login.html", v)
		return
	case err != nil:
		c.fail(w, r, err)
		return
	}
	// MaxAge, not Expires: the browser's clock need not agree with ours;
	// central's own expiry of the session is what counts.
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: tok, Path: "/admin", MaxAge: int(exp.Sub(c.clock.Now()) / time.Second),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	http.Redirect(w, r, "/admin/kiosks?lang="+v.Lang, http.StatusSeeOther)
}

func (c *Console) logout(w http.ResponseWriter, r *http.Request) {
	if ck, err := r.Cookie(cookieName); err == nil {
		if err := c.store.DeleteAdminSession(r.Context(), central.HashSecret(ck.Value)); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/admin", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
}

// signedIn runs h for a signed-in admin, sending anyone else to login.
func (c *Console) signedIn(h func(http.ResponseWriter, *http.Request, central.AdminAccount)) http.HandlerFunc {
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
		h(w, r, a)
	}
}

// fail answers with an error page: 403 for another hall's data, 404,
// else 500 (logged, with nothing of it on the page).
func (c *Console) fail(w http.ResponseWriter, r *http.Request, err error) {
	v := newView(r, nil, "error")
	status := http.StatusInternalServerError
	switch kiosk.ErrorCode(err) {
	case kiosk.EFORBIDDEN:
		status, v.Title = http.StatusForbidden, v.T["forbidden"]
	case kiosk.ENOTFOUND:
		status, v.Title = http.StatusNotFound, v.T["not_found"]
	default:
		c.log.Error("console", "path", r.URL.Path, "err", err)
	}
	v.Error = v.Title
	c.render(w, status, "error.html", v)
}

type kioskRow struct {
	ID, Name, Hall, Heartbeat, Version, Oldest, LastError string
	Backlog                                               int
	Stale, Revocable                                      bool
	Revoked                                               string // when, "" while its token works
}

type hallOption struct{ ID, Name string }

type kiosksView struct {
	view
	Kiosks                      []kioskRow
	EnrollHalls                 []hallOption
	Code, CodeHall, CodeExpires string
	CodeQR                      template.URL
	zones                       map[string]*time.Location // by hall
}

// kiosksPage lists the kiosks the admin may see: last heartbeat (stale
// ones marked), version, backlog and its oldest entry.
func (c *Console) kiosksPage(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	v, err := c.kiosks(r, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, http.StatusOK, "kiosks.html", v)
}

func (c *Console) kiosks(r *http.Request, a central.AdminAccount) (kiosksView, error) {
	v := kiosksView{view: newView(r, &a, "kiosks")}
	halls, err := c.store.Halls(r.Context())
	if err != nil {
		return v, err
	}
	names, zones := map[string]string{}, map[string]*time.Location{}
	v.zones = zones
	for _, h := range halls {
		names[h.ID] = h.Name.In(map[string]string{"zh": kiosk.LangZh, "en": kiosk.LangEn}[v.Lang])
		zones[h.ID], _ = kiosk.LoadZone(h.Zone())
		if a.Changes(h.ID) {
			v.EnrollHalls = append(v.EnrollHalls, hallOption{ID: h.ID, Name: names[h.ID]})
		}
	}
	ks, err := c.store.Kiosks(r.Context())
	if err != nil {
		return v, err
	}
	now := c.clock.Now()
	for _, k := range ks {
		if !a.Sees(k.HallID) {
			continue
		}
		loc := zones[k.HallID]
		row := kioskRow{ID: k.ID, Name: k.Name, Hall: names[k.HallID], Version: k.Health.Version, Backlog: k.Health.OutboxPending,
			Heartbeat: when(v.T, loc, k.Health.At), Oldest: when(v.T, loc, k.Health.OldestPendingAt), LastError: k.Health.LastError}
		if !k.RevokedAt.IsZero() {
			row.Revoked = when(v.T, loc, k.RevokedAt)
		}
		row.Stale = row.Revoked == "" && (k.Health.At.IsZero() || now.Sub(k.Health.At) > StaleAfter)
		row.Revocable = row.Revoked == "" && a.Changes(k.HallID)
		v.Kiosks = append(v.Kiosks, row)
	}
	slices.SortFunc(v.Kiosks, func(x, y kioskRow) int { return strings.Compare(x.Hall+x.Name, y.Hall+y.Name) })
	return v, nil
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

// enrollCode makes a one-time enrollment code for a hall the admin may
// change, shown as text and as a QR code.
func (c *Console) enrollCode(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	hall := r.PostFormValue("hall")
	if !a.Changes(hall) {
		c.fail(w, r, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.MsgErrInternal, "hall %s is not %s's", hall, a.Name))
		return
	}
	code, exp, err := c.admin.EnrollCode(r.Context(), hall)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v, err := c.kiosks(r, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	png, err := qrcode.Encode(code, qrcode.Medium, 256)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	for _, h := range v.EnrollHalls {
		if h.ID == hall {
			v.CodeHall = h.Name
		}
	}
	v.Code, v.CodeExpires = code, when(v.T, v.zones[hall], exp)
	v.CodeQR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	c.render(w, http.StatusOK, "kiosks.html", v)
}

// revoke stops a kiosk's token working, for a kiosk of a hall the admin
// may change: a lost or replaced screen.
func (c *Console) revoke(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	id := r.PostFormValue("kiosk")
	ks, err := c.store.Kiosks(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	i := slices.IndexFunc(ks, func(k central.Kiosk) bool { return k.ID == id })
	switch {
	case i < 0:
		err = kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "no kiosk %s", id)
	case !a.Changes(ks[i].HallID):
		err = kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.MsgErrInternal, "kiosk %s is not %s's to revoke", id, a.Name)
	default:
		err = c.store.RevokeKiosk(r.Context(), id)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.log.Info("kiosk revoked", "kiosk", id, "admin", a.Name)
	http.Redirect(w, r, "/admin/kiosks?lang="+newView(r, nil, "kiosks").Lang, http.StatusSeeOther)
}

// clientIP is the request's remote address without the port.
func clientIP(r *http.Request) string {
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return ip
}
