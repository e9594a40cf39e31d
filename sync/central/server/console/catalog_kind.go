package console

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
)

// edKind is one editor of a hall's entities of type T: a list page at
// path, a form at path/{id} ("new" for a new one), a save and a delete.
// The editor files (catalog_announcements.go, …) say what differs.
type edKind[T any] struct {
	path, entity    string
	title, titleNew string // text keys
	cols            []string
	row             func(v *edPage, x T, loc *time.Location) []string
	id              func(T) string
	defaults        func(now time.Time, loc *time.Location) url.Values
	values          func(x T, loc *time.Location) url.Values
	fields          func(v *edPage, vals url.Values, errs map[string]string) []edField
	parse           func(vals url.Values, loc *time.Location, t map[string]string, errs map[string]string) T
	setID           func(*T, string)
	put             func(s central.Store, ctx context.Context, hall string, x T) error
	del             func(s central.Store, ctx context.Context, id string) error
	sort            func([]T)
	extra           func(c *Console, r *http.Request, v *edPage, hall string, loc *time.Location, vals url.Values, id string) error
	listExtra       func(c *Console, r *http.Request, v *edPage, xs []T, loc *time.Location)
	deleteLabel     string
	formID          string
	// newID, if set, is the id the admin chose for a new entity ("" to
	// have one made); a taken one is refused at the field "id".
	newID func(vals url.Values) string
	label string // the form value that names one in its page's title
}

func (k *edKind[T]) routes() []route {
	return []route{
		{"GET " + k.path, func(c *Console) http.Handler { return c.staff(k.list(c)) }},
		{"GET " + k.path + "/{id}", func(c *Console) http.Handler { return c.staff(k.show(c)) }},
		{"POST " + k.path + "/{id}", func(c *Console) http.Handler { return c.staff(k.save(c)) }},
		{"POST " + k.path + "/{id}/delete", func(c *Console) http.Handler { return c.staff(k.remove(c)) }},
	}
}

func (k *edKind[T]) list(c *Console) handler {
	return func(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
		v, err := c.edPageFor(r, a, k.title, k.path, r.URL.Query().Get("hall"))
		if err != nil {
			c.fail(w, r, err)
			return
		}
		loc, err := c.edHallZone(r, v.Hall)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		xs, err := central.HallList[T](r.Context(), c.store, v.Hall, k.entity)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		if k.sort != nil {
			k.sort(xs)
		}
		for _, key := range k.cols {
			v.Cols = append(v.Cols, v.T[key])
		}
		for _, x := range xs {
			v.Rows = append(v.Rows, edRow{Link: k.path + "/" + url.PathEscape(k.id(x)) + "?lang=" + v.Lang, Cells: k.row(&v, x, loc)})
		}
		if k.listExtra != nil {
			k.listExtra(c, r, &v, xs, loc)
		}
		v.Add = k.path + "/new?" + url.Values{"lang": {v.Lang}, "hall": {v.Hall}}.Encode()
		c.render(w, http.StatusOK, "ed_page.html", v)
	}
}

func (k *edKind[T]) show(c *Console) handler {
	return func(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
		id, hall := r.PathValue("id"), r.URL.Query().Get("hall")
		var vals url.Values
		if id != "new" {
			var x T
			var err error
			if hall, err = c.edEntity(r, a, k.entity, id, &x); err != nil {
				c.fail(w, r, err)
				return
			}
			loc, err := c.edHallZone(r, hall)
			if err != nil {
				c.fail(w, r, err)
				return
			}
			vals = k.values(x, loc)
		}
		k.render(c, w, r, a, http.StatusOK, id, hall, vals, map[string]string{}, nil)
	}
}

// render shows the form with vals (nil: the defaults) and errs.
func (k *edKind[T]) render(c *Console, w http.ResponseWriter, r *http.Request, a central.AdminAccount, status int, id, hall string, vals url.Values, errs map[string]string, refused error) {
	k.renderWith(c, w, r, a, status, id, hall, vals, errs, nil, refused)
}

// renderWith is render with the errors of the page's second form (a
// mentor's weekly pattern), for extra to show.
func (k *edKind[T]) renderWith(c *Console, w http.ResponseWriter, r *http.Request, a central.AdminAccount, status int, id, hall string, vals url.Values, errs, subErrs map[string]string, refused error) {
	v, err := c.edPageFor(r, a, k.title, k.path, hall)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	hall = v.Hall
	loc, err := c.edHallZone(r, hall)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if vals == nil {
		vals = k.defaults(c.clock.Now(), loc)
	}
	v.Halls = nil // an entity stays in its hall
	v.Back = k.path + "?" + url.Values{"lang": {v.Lang}, "hall": {hall}}.Encode()
	if refused != nil && !edRefused(&v, errs, refused) {
		c.fail(w, r, refused)
		return
	}
	v.SubErrs = subErrs
	if len(errs)+len(subErrs) > 0 && v.Error == "" {
		v.Error = v.T["fix_errors"]
	}
	if id == "new" {
		v.Title, v.IsNew = v.T[k.titleNew], true
	} else if k.label != "" && vals.Get(k.label) != "" {
		v.Title += " · " + vals.Get(k.label)
	}
	v.Forms = []edForm{{ID: k.formID, Action: k.path + "/" + url.PathEscape(id) + "?lang=" + v.Lang, Submit: v.T["save"],
		Hidden: []rqOption{{Value: "hall", Label: hall}}, Fields: k.fields(&v, vals, errs)}}
	if k.extra != nil {
		if err := k.extra(c, r, &v, hall, loc, vals, id); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	if id != "new" {
		v.Forms = append(v.Forms, edForm{Action: k.path + "/" + url.PathEscape(id) + "/delete?lang=" + v.Lang, Submit: v.T[k.deleteLabel], Danger: true})
	}
	c.render(w, status, "ed_page.html", v)
}

func (k *edKind[T]) save(c *Console) handler {
	return func(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
		id := r.PathValue("id")
		if err := r.ParseForm(); err != nil {
			c.fail(w, r, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "%s form: %v", k.entity, err))
			return
		}
		vals := r.PostForm
		hall := vals.Get("hall")
		if id != "new" {
			var err error
			if hall, err = c.edEntity(r, a, k.entity, id, nil); err != nil {
				c.fail(w, r, err)
				return
			}
		} else if err := mayChange(a, hall); err != nil {
			c.fail(w, r, err)
			return
		}
		loc, err := c.edHallZone(r, hall)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		errs := map[string]string{}
		x := k.parse(vals, loc, text[lang(r)], errs)
		if len(errs) > 0 {
			k.render(c, w, r, a, http.StatusBadRequest, id, hall, vals, errs, nil)
			return
		}
		if id == "new" {
			if k.newID != nil {
				id = k.newID(vals)
			}
			if id != "" {
				if _, _, err := c.store.Entity(r.Context(), k.entity, id); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
					if err == nil {
						errs["id"] = text[lang(r)]["ed_id_taken"]
						k.render(c, w, r, a, http.StatusBadRequest, "new", hall, vals, errs, nil)
					} else {
						c.fail(w, r, err)
					}
					return
				}
			} else if id, err = edNewID(); err != nil {
				c.fail(w, r, err)
				return
			}
		}
		k.setID(&x, id)
		if err := k.put(c.store, r.Context(), hall, x); err != nil {
			k.render(c, w, r, a, http.StatusBadRequest, r.PathValue("id"), hall, vals, errs, err)
			return
		}
		edDone(w, r, k.path, hall, "1")
	}
}

func (k *edKind[T]) remove(c *Console) handler {
	return func(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
		id := r.PathValue("id")
		var x T
		hall, err := c.edEntity(r, a, k.entity, id, &x)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		if err := k.del(c.store, r.Context(), id); err != nil {
			loc, lerr := c.edHallZone(r, hall)
			if lerr != nil {
				c.fail(w, r, lerr)
				return
			}
			k.render(c, w, r, a, http.StatusConflict, id, hall, k.values(x, loc), map[string]string{}, err)
			return
		}
		edDone(w, r, k.path, hall, "deleted")
	}
}
