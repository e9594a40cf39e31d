// Package pgstore is central's PostgreSQL storage (pgx through its
// database/sql driver), for campuses where several central processes
// serve one database behind a load balancer.
package pgstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib" // registers "pgx"

	"onestop/kiosk"
	"onestop/sync/central/sqlstore"
)

// maxConns bounds the pool of one central process.
const maxConns = 16

// Advisory lock namespaces (the first key of the two-key form). Advisory
// locks are database-wide, so the second key hashes the schema in too:
// two deployments (or two tests) in one database do not wait on each
// other.
const (
	lockMigrate = 74100 // with the schema: one migrator at a time
	lockFeed    = 74101 // with schema and hall: one change-log appender per hall
)

// Open connects to the database at dsn (a postgres:// URL or key=value
// string; search_path may be set in it) and migrates it.
func Open(ctx context.Context, dsn string, clock kiosk.Clock) (*sqlstore.DB, error) {
	return OpenLogged(ctx, dsn, clock, nil)
}

// OpenLogged is Open with a log for what goes wrong out of any request:
// the LISTEN connection that wakes long polls losing its server (nil:
// discarded).
func OpenLogged(ctx context.Context, dsn string, clock kiosk.Clock, log *slog.Logger) (*sqlstore.DB, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	pool.SetMaxOpenConns(maxConns)
	pool.SetMaxIdleConns(maxConns)
	if err := pool.PingContext(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("connect to postgres: %w", err), pool.Close())
	}
	lctx, stopListening := context.WithCancel(context.Background())
	listening := make(chan struct{})
	closeFn := func() error {
		stopListening()
		<-listening
		return pool.Close()
	}
	db, err := sqlstore.New(ctx, pool, pool, Dialect(), clock, closeFn)
	if err != nil {
		stopListening()
		return nil, errors.Join(err, pool.Close())
	}
	ready := make(chan struct{})
	go func() {
		defer close(listening)
		listen(lctx, dsn, db.Feeds(), ready, log)
	}()
	// Listening before the store is handed out means no kiosk waits on a
	// process that cannot hear its hall yet, and no first-connect wake
	// comes after waiters have registered. A listener that cannot connect
	// keeps retrying in the background.
	select {
	case <-ready:
	case <-ctx.Done():
	}
	return db, nil
}

// Dialect is PostgreSQL's: $n placeholders and transaction-scoped
// advisory locks. The feed lock is what keeps the change feed gap-free
// with several processes: see sqlstore/feed.go.
func Dialect() sqlstore.Dialect {
	return sqlstore.Dialect{
		Name:     "postgres",
		Numbered: true,
		Schema: sqlstore.Schema{
			Int:      "BIGINT",
			Blob:     "BYTEA",
			Serial:   "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
			JSONText: "(%s::jsonb ->> '%s')",
		},
		LockMigrations: func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))`, lockMigrate)
			return err
		},
		LockFeed: func(ctx context.Context, tx *sql.Tx, hallID string) error {
			_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1, hashtext(current_schema() || '/' || $2))`, lockFeed, hallID)
			return err
		},
		IsUnique: func(err error) bool {
			var pe *pgconn.PgError
			return errors.As(err, &pe) && pe.Code == "23505"
		},
		Unavailable: unavailable,
		Pipeline:    pipeline,
		Notify:      notifySQL,
	}
}

// pipeline sends stmts as one pgx batch: one round trip, one Sync.
// After a failure the server skips the rest (and the transaction is
// aborted until rolled back, as after any failed statement).
func pipeline(ctx context.Context, conn any, stmts []sqlstore.Stmt) (int64, int, error) {
	c, ok := conn.(*stdlib.Conn)
	if !ok {
		return 0, 0, fmt.Errorf("pipeline: driver connection is %T", conn)
	}
	b := &pgx.Batch{}
	for _, s := range stmts {
		b.Queue(s.SQL, s.Args...)
	}
	br := c.Conn().SendBatch(ctx, b)
	var n int64
	for i, s := range stmts {
		var err error
		if s.Row == nil {
			var tag pgconn.CommandTag
			tag, err = br.Exec()
			n = tag.RowsAffected()
		} else {
			err = rows(br, s.Row)
		}
		if err != nil {
			return 0, i, errors.Join(err, br.Close())
		}
	}
	return n, len(stmts) - 1, br.Close()
}

// unavailable: the connection failed, the server is short of resources
// or shutting down, or a transaction lost a deadlock or serialization
// race. A retry may succeed for all of them.
func unavailable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		for _, class := range []string{"08", "53", "57P", "40"} {
			if strings.HasPrefix(pe.Code, class) {
				return true
			}
		}
		return false
	}
	var ne net.Error
	return errors.Is(err, driver.ErrBadConn) || errors.As(err, &ne) || pgconn.Timeout(err)
}

// rows calls row for each row of the batch's next result.
func rows(br pgx.BatchResults, row func(scan func(...any) error) error) error {
	rs, err := br.Query()
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		if err := row(rs.Scan); err != nil {
			return err
		}
	}
	return rs.Err()
}
