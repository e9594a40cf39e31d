package public_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"onestop/sync/central/server/public"
	"onestop/sync/central/sqlitestore/sqlitetest"
	"onestop/sync/central/storetest"
)

// env is the fixture campus with the public pages on a real HTTP
// server. What the pages show is pushed straight into the store: the
// kiosk API's part is tested in server.
type env struct {
	*storetest.Fixture
	url string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	f := storetest.NewFixture(t, sqlitetest.Fresh)
	mux := http.NewServeMux()
	public.New(f.S, f.Clock, nil).Routes(mux)
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return &env{Fixture: f, url: ts.URL}
}
