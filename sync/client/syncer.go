package client

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"onestop/kiosk"
	"onestop/sync/wire"
)

// Config tunes a Syncer; zero values take the defaults.
type Config struct {
	// Every is the pause between syncs; 0: 10 s. Ticks, when set,
	// replaces the ticker (tests send on it by hand).
	Every time.Duration
	Ticks <-chan time.Time
	// OfflineMax is the longest pause between automatic tries while
	// central cannot be reached; 0: 2 min. Nudges try at once anyway.
	OfflineMax time.Duration
	// HeartbeatEvery spaces heartbeats; 0: 1 min.
	HeartbeatEvery time.Duration
	// Batch limits: at most BatchSize entries and MaxBytes per push, at
	// most PageSize changes per pull; 0 or more than the protocol's
	// limits takes those.
	BatchSize, MaxBytes, PageSize int
	Version                       string // this build, for heartbeats
	Clock                         kiosk.Clock
	Random                        func() float64 // jitter of the offline pause
	Log                           *slog.Logger
	// LongPoll is how long a pull may wait at central for the hall's
	// next change once the kiosk is up to date (the protocol's wait, at
	// most 30 s); Run then syncs again as soon as one arrives, instead
	// of on the next tick. 0: 25 s, under the 30 s many proxies allow
	// an idle answer; negative: off.
	LongPoll time.Duration
	// UpdateStatus, when set, is the software updater's report for the
	// heartbeat: the last accepted manifest and the last update error.
	UpdateStatus func(ctx context.Context) (manifestSeq int64, updateError string)
	// OnProgress is called, on the syncer's goroutine, whenever the
	// progress changes. It must not block; a UI hands it to fyne.Do.
	OnProgress func(kiosk.SyncProgress)
}

func (c Config) withDefaults() Config {
	if c.Every <= 0 {
		c.Every = 10 * time.Second
	}
	if c.OfflineMax <= 0 {
		c.OfflineMax = 2 * time.Minute
	}
	if c.HeartbeatEvery <= 0 {
		c.HeartbeatEvery = time.Minute
	}
	if c.BatchSize <= 0 || c.BatchSize > wire.MaxMutations {
		c.BatchSize = wire.MaxMutations
	}
	if c.MaxBytes <= 0 || c.MaxBytes > wire.MaxPushBytes {
		c.MaxBytes = wire.MaxPushBytes
	}
	if c.PageSize <= 0 || c.PageSize > wire.MaxPullLimit {
		c.PageSize = wire.MaxPullLimit
	}
	if c.Clock == nil {
		c.Clock = kiosk.SystemClock{}
	}
	if c.LongPoll == 0 {
		c.LongPoll = 25 * time.Second
	}
	c.LongPoll = min(c.LongPoll, wire.MaxWait*time.Second)
	if c.Random == nil {
		c.Random = rand.Float64
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	return c
}

// contactEvery spaces the durable "last contact" writes: the sync corner
// shows minutes.
const contactEvery = time.Minute

// Syncer keeps a kiosk's store in step with central: it pushes the
// outbox in seq order, pulls the change feed page by page and sends
// heartbeats, on a ticker and whenever nudged.
type Syncer struct {
	api   *Client
	store kiosk.SyncService
	cfg   Config
	nudge chan struct{}
	run   sync.Mutex // one sync at a time; guards the fields below

	lastBeat, lastPull, lastContact time.Time
	failures                        int
	// quiet: the last long poll answered empty before its wait was
	// over (waitPull), so the next round waits for a tick.
	quiet bool
	// nudged: a nudge cut the round's long poll short (waitPull).
	nudged bool

	mu       sync.Mutex // guards progress and the pauses
	progress kiosk.SyncProgress
	// holdUntil honours a Retry-After longer than a call waits;
	// pauseUntil spaces automatic tries while central is unreachable.
	holdUntil, pauseUntil time.Time
	// live: the last round succeeded, so the next may long-poll.
	live bool
}

// NewSyncer returns a syncer of store with central through api. The
// store must hold the kiosk's identity (Enroll) before Sync.
func NewSyncer(api *Client, store kiosk.SyncService, cfg Config) *Syncer {
	s := &Syncer{api: api, store: store, cfg: cfg.withDefaults(), nudge: make(chan struct{}, 1)}
	api.OnContact(s.contact)
	return s
}

// contact follows each attempt: offline at the first refused or timed-
// out connection, while the retries wait, and online at the first
// answer. It tells the screen only when that changes.
func (s *Syncer) contact(answered bool) {
	s.store.SetOnline(answered)
	s.mu.Lock()
	changed := s.progress.Online != answered
	s.mu.Unlock()
	if changed {
		s.update(func(p *kiosk.SyncProgress) { p.Online = answered })
	}
}

// Nudge asks for a sync soon, as after a local write. It never blocks;
// nudges during a sync make one more.
func (s *Syncer) Nudge() {
	select {
	case s.nudge <- struct{}{}:
	default:
	}
}

// Progress returns where the syncer is.
func (s *Syncer) Progress() kiosk.SyncProgress {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.progress
}

// Run syncs at once, then on every tick and nudge until ctx is done.
// Failures are logged and shown through the store's SyncStatus; the
// next tick tries again.
func (s *Syncer) Run(ctx context.Context) error {
	ticks := s.cfg.Ticks
	if ticks == nil {
		t := time.NewTicker(s.cfg.Every)
		defer t.Stop()
		ticks = t.C
	}
	s.logged(ctx, 0)
	for {
		if wait := s.longPoll(); wait > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-ticks: // the long poll keeps the pace now
			default:
			}
			s.logged(ctx, wait)
			continue
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ticks:
			if s.due(false) {
				s.logged(ctx, 0)
			}
		case <-s.nudge:
			if s.due(true) {
				s.logged(ctx, 0)
			}
		}
	}
}

// longPoll is the wait of the next round's pull: LongPoll after a round
// that succeeded (a failed one goes back to ticks and their backoff),
// unless the last long poll came back empty early; else 0.
func (s *Syncer) longPoll() time.Duration {
	s.mu.Lock()
	live := s.live
	s.mu.Unlock()
	s.run.Lock()
	quiet := s.quiet
	s.quiet = false
	s.run.Unlock()
	if s.cfg.LongPoll <= 0 || !live || quiet {
		return 0
	}
	return s.cfg.LongPoll
}

// due says whether a sync may start now: never while central's
// Retry-After holds, and on a tick not during the offline pause.
func (s *Syncer) due(nudged bool) bool {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	return !now.Before(s.holdUntil) && (nudged || !now.Before(s.pauseUntil))
}

func (s *Syncer) logged(ctx context.Context, wait time.Duration) {
	if err := s.round(ctx, wait); err != nil && ctx.Err() == nil {
		s.cfg.Log.Warn("sync failed", "err", err)
	}
}

// Sync runs one round now: push every pending entry, pull until central
// has no more, and send a heartbeat when one is due. It never waits at
// central: the long poll is Run's.
func (s *Syncer) Sync(ctx context.Context) error { return s.round(ctx, 0) }

// round is Sync whose pull, with wait, first waits at central for the
// hall's next change (a long poll).
func (s *Syncer) round(ctx context.Context, wait time.Duration) error {
	s.run.Lock()
	defer s.run.Unlock()
	id, err := s.store.KioskIdentity(ctx)
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	s.api.SetToken(id.Token)
	s.update(func(p *kiosk.SyncProgress) { p.Running, p.Pushed, p.Received = true, 0, 0 })
	err = s.push(ctx, id)
	if err == nil {
		err = s.pull(ctx, id, wait)
	}
	if err == nil && s.nudged {
		// Written while the pull waited: send it now, in this round.
		s.nudged = false
		if err = s.push(ctx, id); err == nil {
			err = s.pull(ctx, id, 0)
		}
	}
	s.nudged = false
	if err == nil {
		var resent bool
		if resent, err = s.heartbeat(ctx, id); err == nil && resent {
			// What central lost and got again is in its feed now; the
			// snapshot the reset brought lacked it.
			err = s.pull(ctx, id, 0)
		}
	}
	s.finish(ctx, err)
	return err
}

// finish records how the round went for the sync corner and schedules
// the next automatic try.
func (s *Syncer) finish(ctx context.Context, err error) {
	if ctx.Err() != nil {
		s.update(func(p *kiosk.SyncProgress) { p.Running, p.Pulling = false, false })
		return
	}
	now := s.cfg.Clock.Now()
	var api *APIError
	answered := err == nil || errors.As(err, &api)
	if answered && now.Sub(s.lastContact) >= contactEvery {
		if cerr := s.store.MarkContact(ctx); cerr != nil {
			s.cfg.Log.Warn("record contact", "err", cerr)
		} else {
			s.lastContact = now
		}
		if _, perr := s.store.PruneOutbox(ctx); perr != nil {
			s.cfg.Log.Warn("prune outbox", "err", perr)
		}
	}
	s.store.SetOnline(err == nil)
	s.mu.Lock()
	s.holdUntil, s.pauseUntil = time.Time{}, time.Time{}
	s.live = err == nil
	if err == nil {
		s.failures = 0
	} else if Unreachable(err) {
		s.failures++
		if api != nil && api.RetryAfter > 0 {
			s.holdUntil = now.Add(api.RetryAfter)
		}
		pause := min(s.cfg.Every<<min(s.failures-1, 16), s.cfg.OfflineMax)
		s.pauseUntil = now.Add(pause/2 + time.Duration(s.cfg.Random()*float64(pause/2)))
	}
	s.mu.Unlock()
	pending := -1
	if h, herr := s.store.SyncHealth(ctx); herr == nil {
		pending = h.Pending
	}
	s.update(func(p *kiosk.SyncProgress) {
		p.Running, p.Pulling, p.Online, p.At, p.Err = false, false, err == nil, now, ""
		if err != nil {
			p.Err = err.Error()
		}
		if pending >= 0 {
			p.Pending = pending
		}
	})
}

// update changes the progress and reports it.
func (s *Syncer) update(fn func(*kiosk.SyncProgress)) {
	s.mu.Lock()
	fn(&s.progress)
	p := s.progress
	s.mu.Unlock()
	if s.cfg.OnProgress != nil {
		s.cfg.OnProgress(p)
	}
}

// heartbeat tells central how the kiosk is doing, at most every
// HeartbeatEvery.
func (s *Syncer) heartbeat(ctx context.Context, id kiosk.KioskIdentity) (resent bool, err error) {
	now := s.cfg.Clock.Now()
	if !s.lastBeat.IsZero() && now.Sub(s.lastBeat) < s.cfg.HeartbeatEvery {
		return false, nil
	}
	h, err := s.store.SyncHealth(ctx)
	if err != nil {
		return false, err
	}
	if s.lastPull.After(h.LastPullAt) {
		h.LastPullAt = s.lastPull
	}
	last := []rune(s.Progress().Err) // the previous round's failure, if any
	if len(last) > wire.MaxHeartbeatError {
		last = last[:wire.MaxHeartbeatError]
	}
	hb := wire.Heartbeat{Version: s.cfg.Version, OutboxPending: h.Pending,
		OldestPendingAt: h.OldestPendingAt, LastPullAt: h.LastPullAt, LastError: string(last)}
	if s.cfg.UpdateStatus != nil {
		hb.ManifestSeq, hb.UpdateError = s.cfg.UpdateStatus(ctx)
		if r := []rune(hb.UpdateError); len(r) > wire.MaxHeartbeatError {
			hb.UpdateError = string(r[:wire.MaxHeartbeatError])
		}
	}
	resp, err := s.api.Heartbeat(ctx, hb)
	if err == nil && resp.LastSeq != nil {
		resent, err = s.catchUp(ctx, id, *resp.LastSeq)
	}
	if err == nil {
		s.lastBeat = now
	}
	return resent, err
}

// Enroll trades an enrollment code for the kiosk's identity at the
// central server api talks to and keeps it in the store.
func Enroll(ctx context.Context, api *Client, store kiosk.SyncService, code, name string) (kiosk.KioskIdentity, error) {
	r, err := api.Enroll(ctx, code, name)
	if err != nil {
		return kiosk.KioskIdentity{}, fmt.Errorf("enroll: %w", err)
	}
	id, err := store.SaveKioskIdentity(ctx, kiosk.KioskIdentity{KioskID: r.KioskID, Token: r.Token,
		HallID: r.HallID, Server: api.BaseURL()})
	if err != nil {
		return id, fmt.Errorf("enroll: keep identity: %w", err)
	}
	api.SetToken(id.Token)
	return id, nil
}
