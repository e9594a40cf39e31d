// Package admin is what central's admins do: accounts and logins,
// enrollment codes, the catalog of each hall, the roster import. It
// knows no HTTP: the admin API in server and the `central admin` CLI in
// admincli are two doors to the same operations, and an admin console
// would be a third.
package admin

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// Admin is what admins do, for the admin API and the `central admin`
// CLI alike.
type Admin struct {
	store  central.Store
	clock  kiosk.Clock
	random io.Reader
	// EnrollTTL and SessionTTL bound enrollment codes and logins.
	EnrollTTL, SessionTTL time.Duration
	// Throttle slows down password guessing; Log gets each failed login
	// with its address, never the password (nil: discarded).
	Throttle Throttle
	Log      *slog.Logger
	pins     pinHasher
}

// New returns the admin operations on store; random feeds codes and
// tokens (nil: crypto/rand).
func New(store central.Store, clock kiosk.Clock, random io.Reader) *Admin {
	if random == nil {
		random = rand.Reader
	}
	return &Admin{store: store, clock: clock, random: random, EnrollTTL: 24 * time.Hour, SessionTTL: 12 * time.Hour,
		Log: slog.New(slog.DiscardHandler)}
}

// minPassword keeps admin passwords from being trivially guessed.
const minPassword = 12

//go:embed common-passwords.txt
var commonPasswordsText string

var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonPasswordsText, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[strings.ToLower(l)] = true
		}
	}
	return m
}()

// CheckPassword refuses a weak admin password: under minPassword
// characters, the name itself, or one of the most common ones.
func CheckPassword(name, password string) error {
	weak := func(why string) error {
		return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "password %s", why).WithField("password")
	}
	switch {
	case strings.TrimSpace(name) == "":
		return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "admin needs a name").WithField("name")
	case utf8.RuneCountInString(password) < minPassword:
		return weak(fmt.Sprintf("has fewer than %d characters", minPassword))
	case strings.EqualFold(strings.TrimSpace(password), strings.TrimSpace(name)):
		return weak("is the admin's name")
	case commonPasswords[strings.ToLower(password)]:
		return weak("is one of the most common passwords")
	}
	return nil
}

// SetPassword creates an admin or changes their password. Passwords are
// kept as bcrypt hashes (golang.org/x/crypto, not hand-written crypto).
func (a *Admin) SetPassword(ctx context.Context, name, password string) error {
	if err := CheckPassword(name, password); err != nil {
		return err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	return a.store.PutAdmin(ctx, name, string(h))
}

// dummyHash makes a login with an unknown name cost what a wrong
// password costs, so timing does not tell which names exist. It is a
// literal (bcrypt of a throwaway password at DefaultCost): computing it
// at init cost every binary that links this package 70 ms at start,
// the kiosk included.
var dummyHash = []byte("$2a$10$ND96VobkP.NfSi8SPblcJuOPOZaVVXfvYNULWJFSohSdbtfFt2lJO")

// Throttled refuses a login attempt until RetryAfter has passed.
type Throttled struct{ RetryAfter time.Duration }

func (e *Throttled) Error() string {
	return fmt.Sprintf("too many failed logins; retry after %s", e.RetryAfter)
}

// Login checks a password from addr (the client's address) and opens a
// session; the token goes in "Authorization: Bearer" on admin routes.
// While the account or the address is throttled it is *Throttled
// without a look at the password.
func (a *Admin) Login(ctx context.Context, name, password, addr string) (token string, expires time.Time, err error) {
	now := a.clock.Now()
	if wait := a.Throttle.Wait(name, addr, now); wait > 0 {
		return "", time.Time{}, &Throttled{RetryAfter: wait}
	}
	h, err := a.store.AdminPasswordHash(ctx, name)
	switch {
	case kiosk.ErrorCode(err) == kiosk.EUNAUTHORIZED:
		bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return "", time.Time{}, a.failed(name, addr, now)
	case err != nil:
		return "", time.Time{}, err
	case bcrypt.CompareHashAndPassword([]byte(h), []byte(password)) != nil:
		return "", time.Time{}, a.failed(name, addr, now)
	}
	a.Throttle.Succeed(name, addr)
	if token, err = NewToken(a.random, 32); err != nil {
		return "", time.Time{}, err
	}
	expires = a.clock.Now().Add(a.SessionTTL)
	return token, expires, a.store.CreateAdminSession(ctx, central.HashSecret(token), name, expires)
}

// failed counts and logs a wrong name or password.
func (a *Admin) failed(name, addr string, now time.Time) error {
	a.Throttle.Fail(name, addr, now)
	a.Log.Warn("admin login failed", "admin", name, "address", addr)
	return kiosk.Errorf(kiosk.EUNAUTHORIZED, kiosk.MsgErrInternal, "wrong name or password")
}

// EnrollCode makes a one-time code that enrolls one kiosk in the hall.
func (a *Admin) EnrollCode(ctx context.Context, hallID string) (code string, expires time.Time, err error) {
	if code, err = newEnrollCode(a.random); err != nil {
		return "", time.Time{}, err
	}
	expires = a.clock.Now().Add(a.EnrollTTL)
	return code, expires, a.store.CreateEnrollCode(ctx, central.HashSecret(NormalizeCode(code)), hallID, expires)
}

// Kind is one kind of catalog entity admins manage, as the API and CLI
// name it in the plural (rooms, mentor-slots, …).
type Kind struct {
	InHall bool // created within a hall; mentor slots follow their mentor
	put    func(ctx context.Context, s central.Store, hall, id string, body []byte) error
	del    func(s central.Store, ctx context.Context, id string) error
}

// Kinds lists the kinds by name.
var Kinds = map[string]Kind{
	"buildings": kind(true, func(b *kiosk.Building) *string { return &b.ID },
		func(ctx context.Context, s central.Store, hall string, b kiosk.Building) error {
			return s.PutBuilding(ctx, hall, b)
		},
		central.Store.DeleteBuilding),
	"rooms": kind(true, func(r *kiosk.Room) *string { return &r.ID },
		func(ctx context.Context, s central.Store, hall string, r kiosk.Room) error {
			return s.PutRoom(ctx, hall, r)
		},
		central.Store.DeleteRoom),
	"mentors": kind(true, func(m *kiosk.Mentor) *string { return &m.ID },
		func(ctx context.Context, s central.Store, hall string, m kiosk.Mentor) error {
			return s.PutMentor(ctx, hall, m)
		},
		central.Store.DeleteMentor),
	"mentor-slots": kind(false, func(m *kiosk.MentorSlot) *string { return &m.ID },
		func(ctx context.Context, s central.Store, _ string, m kiosk.MentorSlot) error {
			return s.PutMentorSlot(ctx, m)
		},
		central.Store.DeleteMentorSlot),
	"announcements": kind(true, func(a *kiosk.Announcement) *string { return &a.ID },
		func(ctx context.Context, s central.Store, hall string, a kiosk.Announcement) error {
			return s.PutAnnouncement(ctx, hall, a)
		},
		central.Store.DeleteAnnouncement),
	"events": kind(true, func(e *kiosk.Event) *string { return &e.ID },
		func(ctx context.Context, s central.Store, hall string, e kiosk.Event) error {
			return s.PutEvent(ctx, hall, e)
		},
		central.Store.DeleteEvent),
	"students": {del: central.Store.DeleteStudent}, // added by roster import
	"halls": {del: central.Store.DeleteHall, put: func(ctx context.Context, s central.Store, _, id string, body []byte) error {
		var h central.Hall
		if err := strictJSON(body, &h); err != nil {
			return err
		}
		if err := sameID(&h.ID, id); err != nil {
			return err
		}
		return s.PutHall(ctx, h)
	}},
}

// KindNames lists the kinds in a stable order.
func KindNames() []string {
	var ns []string
	for n := range Kinds {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	return ns
}

func kind[T any](inHall bool, idOf func(*T) *string, put func(context.Context, central.Store, string, T) error,
	del func(central.Store, context.Context, string) error) Kind {
	return Kind{
		InHall: inHall,
		put: func(ctx context.Context, s central.Store, hall, id string, body []byte) error {
			var v T
			if err := strictJSON(body, &v); err != nil {
				return err
			}
			if err := sameID(idOf(&v), id); err != nil {
				return err
			}
			return put(ctx, s, hall, v)
		},
		del: del,
	}
}

// sameID fills an empty body id from the path and refuses a different one.
func sameID(body *string, id string) error {
	if *body == "" {
		*body = id
	}
	if *body != id || id == "" {
		return invalidField("id", "the body's id must match the one in the path")
	}
	return nil
}

// Put adds or replaces one entity of kind from its JSON.
func (a *Admin) Put(ctx context.Context, kind, hall, id string, body []byte) error {
	k, ok := Kinds[kind]
	if !ok || k.put == nil {
		return kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "no kind %q to put (one of %s)", kind, strings.Join(KindNames(), ", "))
	}
	if k.InHall && hall == "" {
		return invalidField("hall", kind+" belong to a hall")
	}
	return k.put(ctx, a.store, hall, id, body)
}

// Delete removes one entity of kind.
func (a *Admin) Delete(ctx context.Context, kind, id string) error {
	k, ok := Kinds[kind]
	if !ok {
		return kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "no kind %q (one of %s)", kind, strings.Join(KindNames(), ", "))
	}
	return k.del(a.store, ctx, id)
}

// kindEntity names the feed entity behind each kind a get may read.
var kindEntity = map[string]string{
	"buildings": wire.EntityBuilding, "rooms": wire.EntityRoom, "mentors": wire.EntityMentor,
	"mentor-slots": wire.EntityMentorSlot, "announcements": wire.EntityAnnouncement, "events": wire.EntityEvent,
	"students": wire.EntityStudent, "requests": wire.EntityRequest, "bookings": wire.EntityBooking,
	"appointments": wire.EntityAppointment, "visits": wire.EntityVisit, "shifts": wire.EntityShift,
	"attendance": wire.EntityAttendance,
}

// FeedEntity names the feed entity (wire.Entity*) behind a kind admins
// may read, as central.Store.Entity takes it; false for any other kind.
func FeedEntity(kind string) (string, bool) {
	e, ok := kindEntity[kind]
	return e, ok
}

// strictJSON decodes one JSON value refusing unknown fields, naming the
// field that failed like the API does.
func strictJSON(b []byte, v any) error {
	d := json.NewDecoder(strings.NewReader(string(b)))
	d.DisallowUnknownFields()
	err := d.Decode(v)
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &te):
		return invalidField(te.Field, err.Error())
	case strings.HasPrefix(err.Error(), `json: unknown field "`):
		f := strings.TrimSuffix(strings.TrimPrefix(err.Error(), `json: unknown field "`), `"`)
		return invalidField(f, "unknown field "+f)
	}
	return invalidField("body", err.Error())
}

// FieldError refuses an admin's input, naming the field at fault; the
// admin API answers it as kiosk.EINVALID with that field.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return kiosk.EINVALID + ": " + e.Message }

func invalidField(field, msg string) error { return &FieldError{Field: field, Message: msg} }
