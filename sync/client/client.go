// Package client is the kiosk's side of the sync protocol
// (../shared/PROTOCOL.md, docs/protocol.md): a resty client for central's
// kiosk API that retries what may be retried, and the Syncer that pushes
// the outbox and pulls the change feed in the background. It speaks
// kiosk domain types to the store (kiosk.SyncService) and sync/wire
// types on the network; only cmd/kiosk wires it to a store.
package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"

	"onestop/kiosk"
	"onestop/sync/wire"
)

// Options configure a Client. Zero values take the defaults; tests
// inject the network (HTTPClient), the randomness of the jitter and the
// sleeper so that no test waits for real.
type Options struct {
	BaseURL string
	Token   string
	// HTTPClient carries the network; nil: one with bounded dial, TLS
	// and header timeouts. Its own Timeout is left alone.
	HTTPClient *http.Client
	// Timeout bounds one attempt, reading the body included; 0: 30 s.
	Timeout time.Duration
	Retry   Backoff
	// Sleep waits d or until ctx is done; nil: a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Random returns a number in [0, 1) for the jitter; nil: math/rand.
	Random func() float64
	// Clock reads Retry-After dates; nil: the system clock.
	Clock     kiosk.Clock
	UserAgent string
	Log       *slog.Logger
}

// maxResponse bounds an answer's body: a page of 500 changes is well
// under a megabyte.
const maxResponse = 32 << 20

// Client calls central's kiosk API. It is safe for concurrent use.
type Client struct {
	// contact, when set, hears each attempt's outcome (OnContact).
	contact atomic.Pointer[func(answered bool)]
	rc      *resty.Client
	timeout time.Duration
	retry   Backoff
	sleep   func(context.Context, time.Duration) error
	random  func() float64
	clock   kiosk.Clock
	log     *slog.Logger

	mu    sync.Mutex
	token string
}

// New returns a client for the central server at o.BaseURL.
func New(o Options) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(o.BaseURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("central server URL %q: want http(s)://host[:port]", o.BaseURL)
	}
	c := &Client{timeout: o.Timeout, retry: o.Retry.withDefaults(), sleep: o.Sleep, random: o.Random,
		clock: o.Clock, log: o.Log, token: o.Token}
	if c.timeout <= 0 {
		c.timeout = 30 * time.Second
	}
	if c.sleep == nil {
		c.sleep = sleepCtx
	}
	if c.random == nil {
		c.random = rand.Float64
	}
	if c.clock == nil {
		c.clock = kiosk.SystemClock{}
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	hc := o.HTTPClient
	if hc == nil {
		hc = &http.Client{Transport: defaultTransport()}
	}
	ua := o.UserAgent
	if ua == "" {
		ua = "onestop-kiosk"
	}
	c.rc = resty.NewWithClient(hc).
		SetBaseURL(strings.TrimRight(u.String(), "/")).
		SetHeader(wire.HeaderVersion, wire.Version).
		SetHeader("User-Agent", ua).
		SetHeader("Accept", "application/json").
		SetResponseBodyLimit(maxResponse).
		SetLogger(restyLog{c.log}).
		SetRetryCount(0) // retries are ours: Retry-After, injected sleeper
	return c, nil
}

func defaultTransport() *http.Transport {
	return &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout: 10 * time.Second,
		// A long poll's headers come only when its wait is over.
		ResponseHeaderTimeout: 30*time.Second + wire.MaxWait*time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   2,
	}
}

// BaseURL is the central server's URL the client calls.
func (c *Client) BaseURL() string { return c.rc.BaseURL }

// OnContact makes fn hear, right after each attempt, whether central
// answered (any HTTP answer) or the network failed, before any retry's
// wait: the sync corner follows each attempt, not each finished sync.
func (c *Client) OnContact(fn func(answered bool)) { c.contact.Store(&fn) }

// SetToken sets the bearer token later calls send.
func (c *Client) SetToken(token string) {
	c.mu.Lock()
	c.token = token
	c.mu.Unlock()
}

func (c *Client) bearer() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.token
}

// Enroll trades a one-time enrollment code for the kiosk's identity. A
// code is good once: should the answer be lost on the way, the retry is
// refused (401) and an admin must make a new code.
func (c *Client) Enroll(ctx context.Context, code, name string) (wire.EnrollResponse, error) {
	var out wire.EnrollResponse
	body, err := json.Marshal(wire.EnrollRequest{Code: code, Name: name})
	if err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodPost, "/api/v1/enroll", nil, body, false, &out)
}

// Push sends a push request body (EncodePush makes one). Central applies
// each seq once, so a retried push is answered with duplicates.
func (c *Client) Push(ctx context.Context, body []byte) (wire.PushResponse, error) {
	var out wire.PushResponse
	return out, c.call(ctx, http.MethodPost, "/api/v1/push", nil, body, true, &out)
}

// Pull fetches the page of changes after cursor.
func (c *Client) Pull(ctx context.Context, cursor string, limit int) (wire.PullResponse, error) {
	return c.PullWait(ctx, cursor, limit, 0)
}

// PullWait is Pull as a long poll: on an up-to-date cursor central holds
// the answer until the hall has a change or wait (whole seconds, at most
// wire.MaxWait; 0: no wait) is over. Each attempt may take the wait on
// top of the usual timeout.
func (c *Client) PullWait(ctx context.Context, cursor string, limit int, wait time.Duration) (wire.PullResponse, error) {
	var out wire.PullResponse
	q := url.Values{"limit": {fmt.Sprint(limit)}}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	secs := min(int(wait/time.Second), wire.MaxWait)
	if secs > 0 {
		q.Set("wait", fmt.Sprint(secs))
	}
	return out, c.callHeld(ctx, http.MethodGet, "/api/v1/changes", q, nil, true, &out, time.Duration(secs)*time.Second)
}

// Heartbeat reports the kiosk's health.
func (c *Client) Heartbeat(ctx context.Context, hb wire.Heartbeat) (wire.HeartbeatResponse, error) {
	var out wire.HeartbeatResponse
	body, err := json.Marshal(hb)
	if err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodPost, "/api/v1/heartbeat", nil, body, true, &out)
}

// call runs one API call, retrying transport failures, 429 and 5xx with
// jittered exponential backoff that waits at least what Retry-After
// asks. Any other answer is final. It stops when ctx is done.
func (c *Client) call(ctx context.Context, method, path string, q url.Values, body []byte, auth bool, out any) error {
	return c.callHeld(ctx, method, path, q, body, auth, out, 0)
}

// callHeld is call for an answer central may hold for up to held: each
// attempt's timeout grows by that much.
func (c *Client) callHeld(ctx context.Context, method, path string, q url.Values, body []byte, auth bool, out any, held time.Duration) error {
	for attempt := 1; ; attempt++ {
		err := c.once(ctx, method, path, q, body, auth, out, held)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%s %s: %w", method, path, ctx.Err())
		}
		retry, after := retryable(err)
		if !retry || attempt >= c.retry.Attempts {
			return err
		}
		d, ok := c.retry.wait(attempt, after, c.random())
		if !ok {
			return err // central asks for a longer pause than a call may wait
		}
		c.log.Debug("retrying", "path", path, "attempt", attempt, "wait", d, "err", err)
		if err := c.sleep(ctx, d); err != nil {
			return fmt.Errorf("%s %s: %w", method, path, err)
		}
	}
}

// once makes one attempt.
func (c *Client) once(ctx context.Context, method, path string, q url.Values, body []byte, auth bool, out any, held time.Duration) error {
	actx, cancel := context.WithTimeout(ctx, c.timeout+held)
	defer cancel()
	r := c.rc.R().SetContext(actx)
	if q != nil {
		r.SetQueryParamsFromValues(q)
	}
	if body != nil {
		r.SetHeader("Content-Type", "application/json").SetBody(body)
	}
	if auth {
		r.SetAuthToken(c.bearer())
	}
	resp, err := r.Execute(method, path)
	if fn := c.contact.Load(); fn != nil && ctx.Err() == nil {
		(*fn)(err == nil)
	}
	if err != nil {
		return &TransportError{Op: method + " " + path, Err: err}
	}
	if !resp.IsSuccess() {
		return c.apiError(resp)
	}
	if err := json.Unmarshal(resp.Body(), out); err != nil {
		// A 2xx that does not decode was cut or mangled on the way.
		return &TransportError{Op: method + " " + path, Err: fmt.Errorf("decode answer: %w", err)}
	}
	return nil
}

func (c *Client) apiError(resp *resty.Response) *APIError {
	e := &APIError{Status: resp.StatusCode()}
	var body wire.Error
	if json.Unmarshal(resp.Body(), &body) == nil {
		e.Code, e.Message, e.Field, e.ExpectedSeq = body.Error.Code, body.Error.Message, body.Error.Field, body.Error.ExpectedSeq
	}
	e.RetryAfter = parseRetryAfter(resp.Header().Get("Retry-After"), c.clock.Now())
	return e
}

// TransportError is a call that got no usable answer: refused, reset,
// timed out, or cut short. It is retried.
type TransportError struct {
	Op  string
	Err error
}

func (e *TransportError) Error() string { return e.Op + ": " + e.Err.Error() }
func (e *TransportError) Unwrap() error { return e.Err }

// APIError is central's non-2xx answer (docs/protocol.md, Errors).
type APIError struct {
	Status      int
	Code        string // wire.Code* or kiosk.E*; "" when the body was not ours
	Message     string
	Field       string
	ExpectedSeq int64         // with seq_gap
	RetryAfter  time.Duration // with 429 and 503
}

func (e *APIError) Error() string {
	return fmt.Sprintf("central answered %d %s: %s", e.Status, e.Code, e.Message)
}

// Temporary reports whether the same call may succeed later.
func (e *APIError) Temporary() bool {
	return e.Status == http.StatusTooManyRequests || e.Status >= 500
}

// retryable says whether err may be retried and how long central asked
// to wait first.
func retryable(err error) (bool, time.Duration) {
	var api *APIError
	if errors.As(err, &api) {
		return api.Temporary(), api.RetryAfter
	}
	var te *TransportError
	return errors.As(err, &te), 0
}

// Unreachable reports whether err means central could not be reached or
// could not serve (as opposed to refusing the call).
func Unreachable(err error) bool {
	ok, _ := retryable(err)
	return ok
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// restyLog sends resty's own messages to the debug log.
type restyLog struct{ l *slog.Logger }

func (r restyLog) Errorf(f string, v ...any) { r.l.Debug("resty: " + fmt.Sprintf(f, v...)) }
func (r restyLog) Warnf(f string, v ...any)  { r.l.Debug("resty: " + fmt.Sprintf(f, v...)) }
func (r restyLog) Debugf(f string, v ...any) { r.l.Debug("resty: " + fmt.Sprintf(f, v...)) }

// Package streams a release's package from central
// (GET /api/v1/releases/{seq}/{file}). The body is unverified: the
// caller reads it through update.VerifyPackage, which stops one byte past
// the declared size. The download may take minutes, so it has ctx's
// deadline rather than the call timeout.
func (c *Client) Package(ctx context.Context, seq int64, file string) (io.ReadCloser, error) {
	path := "/api/v1/releases/" + strconv.FormatInt(seq, 10) + "/" + url.PathEscape(file)
	resp, err := c.rc.R().SetContext(ctx).SetAuthToken(c.bearer()).SetDoNotParseResponse(true).Get(path)
	if fn := c.contact.Load(); fn != nil && ctx.Err() == nil {
		(*fn)(err == nil)
	}
	if err != nil {
		return nil, &TransportError{Op: "GET " + path, Err: err}
	}
	body := resp.RawBody()
	if resp.StatusCode() != http.StatusOK {
		defer body.Close()
		b, _ := io.ReadAll(io.LimitReader(body, 64<<10))
		e := &APIError{Status: resp.StatusCode()}
		var we wire.Error
		if json.Unmarshal(b, &we) == nil {
			e.Code, e.Message = we.Error.Code, we.Error.Message
		}
		return nil, e
	}
	return body, nil
}
