// Package pgtest finds the PostgreSQL the tests use and gives each test
// its own schema. Without a server the tests skip loudly; with CI=true
// they fail instead, because CI must run them.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
)

// DSNEnv names the PostgreSQL the tests use; unset, they try the local
// server with trust auth as postgres, then as root.
const DSNEnv = "ONESTOP_TEST_PG_DSN"

var candidates = []string{
	"postgres://postgres@127.0.0.1:5432/test?sslmode=disable",
	"postgres://root@127.0.0.1:5432/test?sslmode=disable",
}

var (
	dsnOnce sync.Once
	dsn     string
	dsnErr  error
)

// DSN finds a reachable server once per test binary. Without one the
// tests skip loudly, except in CI (CI=true) where they must run.
func DSN(t testing.TB) string {
	t.Helper()
	dsnOnce.Do(func() {
		list := candidates
		if v := os.Getenv(DSNEnv); v != "" {
			list = []string{v}
		}
		for _, c := range list {
			db, err := sql.Open("pgx", c)
			if err != nil {
				dsnErr = err
				continue
			}
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			dsnErr = db.PingContext(ctx)
			cancel()
			db.Close()
			if dsnErr == nil {
				dsn = c
				return
			}
		}
	})
	if dsn == "" {
		msg := "\n" + strings.Repeat("*", 72) + "\n*** PostgreSQL NOT REACHABLE: pgstore tests SKIPPED (" + DSNEnv + ")\n*** " +
			dsnErr.Error() + "\n" + strings.Repeat("*", 72)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "\nCI=true: PostgreSQL tests must run")
		}
		t.Log(msg)
		t.Skip("no PostgreSQL")
	}
	return dsn
}

// Schema creates an empty schema for one test, dropped at its end,
// and returns a DSN whose search_path points there.
func Schema(t testing.TB) string {
	t.Helper()
	base := DSN(t)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Error(err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	// Tests need no durability, only PostgreSQL's visibility rules,
	// which this does not change; it saves an fsync per commit.
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}
