package pgstore

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"onestop/sync/central/hub"
)

// Waking long polls across processes. Several central processes share
// one database, and a kiosk's long poll waits in whichever process its
// connection reached, so a commit in one must wake waiters in all. We
// use PostgreSQL's own LISTEN/NOTIFY: NOTIFY is transactional (queued by
// the transaction that records the change, delivered only when it
// commits, never for a rollback), so a wake can never arrive before the
// change is readable, and it needs no extra infrastructure (no broker
// to run, secure and monitor). Its cost: commits that notify take a
// short global lock on the notification queue, which a hall's few
// writes a second do not feel. Each process keeps one dedicated
// connection LISTENing; the payload is the hall id.

// notifyChannel is the schema's channel: deployments (and tests) in other
// schemas of the same database do not wake each other. hashtext keeps it
// under the 63-byte identifier limit, as the advisory locks do.
const notifyChannel = `'onestop_changes_' || hashtext(current_schema())`

// notifySQL runs once per hall in every transaction that records changes
// for it (sqlstore.Dialect.Notify).
const notifySQL = `SELECT pg_notify(` + notifyChannel + `, ?)`

// Reconnect pauses of the listening connection.
const (
	listenRetryMin = 100 * time.Millisecond
	listenRetryMax = 5 * time.Second
)

// listen keeps one connection listening until ctx ends and wakes the
// hall named by each notification. Notifications sent while it was not
// listening are lost, so after every (re)connect it wakes every waiter:
// they read the feed again and miss nothing. ready is closed once the
// first attempt has listened or failed.
func listen(ctx context.Context, dsn string, feeds *hub.Hub, ready chan<- struct{}, log *slog.Logger) {
	pause := listenRetryMin
	first := true
	once := func() {
		if first {
			first = false
			close(ready)
		}
	}
	for ctx.Err() == nil {
		err := listenOnce(ctx, dsn, feeds, func() {
			pause = listenRetryMin
			if first {
				once() // nobody waits yet: no wake needed
				return
			}
			feeds.NotifyAll() // whatever committed before LISTEN took effect
		})
		if ctx.Err() == nil {
			// Long polls on this process hear other processes' changes
			// only at their timeout until it is back.
			log.Warn("postgres LISTEN connection lost; reconnecting", "err", err, "retry_in", pause)
		}
		once()
		feeds.NotifyAll()
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		pause = min(2*pause, listenRetryMax)
	}
}

// listenOnce connects, LISTENs and relays notifications until the
// connection fails or ctx ends.
func listenOnce(ctx context.Context, dsn string, feeds *hub.Hub, listening func()) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	var channel string
	if err := conn.QueryRow(ctx, `SELECT `+notifyChannel).Scan(&channel); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `LISTEN `+pgx.Identifier{channel}.Sanitize()); err != nil {
		return err
	}
	listening()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		feeds.Notify(n.Payload)
	}
}
