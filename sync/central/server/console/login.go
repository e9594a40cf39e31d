package console

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/admin"
)

var _ = addRoutes(
	route{"GET /admin/login", func(c *Console) http.Handler { return http.HandlerFunc(c.loginPage) }},
	route{"POST /admin/login", func(c *Console) http.Handler { return http.HandlerFunc(c.login) }},
	route{"POST /admin/logout", func(c *Console) http.Handler { return http.HandlerFunc(c.logout) }},
)

var _ = addText(texts{
	"login_title": {"登录管理后台", "Sign in to the console"},
	"name":        {"用户名", "User name"},
	"password":    {"密码", "Password"},
	"login":       {"登录", "Sign in"},
	"wrong_login": {"用户名或密码不正确。", "Wrong user name or password."},
	"throttled":   {"尝试次数过多，请 {s} 秒后再试。", "Too many tries; please wait {s} seconds."},
})

type loginView struct {
	view
	Name string
}

func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) {
	v := loginView{view: newView(r, nil, "login_title")}
	v.Self = "/admin/login"
	c.render(w, http.StatusOK, "login.html", v)
}

// login checks the password (throttled, logged by admin.Login) and sets
// the session cookie: HttpOnly, SameSite=Lax, Secure behind TLS.
func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	v := loginView{view: newView(r, nil, "login_title"), Name: r.PostFormValue("name")}
	v.Self = "/admin/login"
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
	target := "/admin/"
	if a, err := c.store.AdminAccount(r.Context(), v.Name); err == nil {
		target = home(a)
	}
	http.Redirect(w, r, target+"?lang="+v.Lang, http.StatusSeeOther)
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
	http.Redirect(w, r, "/admin/login?lang="+lang(r), http.StatusSeeOther)
}
