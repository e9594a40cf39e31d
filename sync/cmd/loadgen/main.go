// Command loadgen sends GET requests to one URL from a few connections
// and prints, as one JSON line, how many it sent, how many failed, the
// rate and latency percentiles. The central benchmarks run it as a
// separate process so the load does not share the server's runtime.
//
//	loadgen -url http://127.0.0.1:8080/api/v1/changes?cursor=x -token T -n 50000 -d 5s -c 32
//
// It stops at -n requests or after -d, whichever comes first, and only
// talks to loopback addresses.
//
// With -hold it stands for -c kiosks long-polling: one request on each
// of -c connections at once (up to 20,000), each held by central until
// it answers or -d is over, and it prints when the answers arrived
// (Unix nanoseconds, so that the caller can subtract the moment it made
// the change that wakes them).
//
//	loadgen -hold -url 'http://127.0.0.1:8080/api/v1/changes?cursor=x&wait=30' -token T -c 5000 -d 60s
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"onestop/sync/wire"
)

// Result is what loadgen prints.
type Result struct {
	Requests int64   `json:"requests"`
	Errors   int64   `json:"errors"`
	Seconds  float64 `json:"seconds"`
	RPS      float64 `json:"rps"`
	P50ms    float64 `json:"p50_ms"`
	P99ms    float64 `json:"p99_ms"`
	Maxms    float64 `json:"max_ms"`
	FirstErr string  `json:"first_error,omitempty"`
	// -hold: when the answers arrived, as Unix nanoseconds.
	ArrivedP50 int64 `json:"arrived_p50_unix_ns,omitempty"`
	ArrivedP99 int64 `json:"arrived_p99_unix_ns,omitempty"`
	ArrivedMax int64 `json:"arrived_max_unix_ns,omitempty"`
}

func main() {
	target := flag.String("url", "", "URL to GET (loopback only)")
	token := flag.String("token", "", "bearer token, if any")
	n := flag.Int64("n", 50_000, "stop after this many requests")
	d := flag.Duration("d", 5*time.Second, "stop after this long")
	c := flag.Int("c", 32, "concurrent connections")
	held := flag.Bool("hold", false, "one long-held request per connection; print when the answers arrived")
	flag.Parse()
	var res Result
	var err error
	if *held {
		res, err = hold(*target, *token, *d, *c)
	} else {
		res, err = run(*target, *token, *n, *d, *c)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(2)
	}
	json.NewEncoder(os.Stdout).Encode(res)
}

func loopback(u *url.URL) bool {
	if u.Hostname() == "localhost" {
		return true
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}

// requestTimeout bounds one request, as a client's timeout would.
const requestTimeout = 10 * time.Second

// rawRequest is the GET for u as bytes: every request is the same, so
// it is built once. The load generator speaks HTTP/1.1 on plain
// keep-alive connections, one request in flight on each, instead of
// using net/http's client: that client's per-request cost (goroutines,
// channels, header maps) made the generator, not the server, the limit
// on these two cores.
func rawRequest(u *url.URL, token string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "GET %s HTTP/1.1\r\nHost: %s\r\n%s: %s\r\n", u.RequestURI(), u.Host, wire.HeaderVersion, wire.Version)
	if token != "" {
		fmt.Fprintf(&b, "Authorization: Bearer %s\r\n", token)
	}
	b.WriteString("\r\n")
	return b.Bytes()
}

// conn is one keep-alive connection.
type conn struct {
	c  net.Conn
	br *bufio.Reader
}

func dial(host string) (*conn, error) {
	c, err := net.DialTimeout("tcp", host, requestTimeout)
	if err != nil {
		return nil, err
	}
	return &conn{c: c, br: bufio.NewReaderSize(c, 16<<10)}, nil
}

func (c *conn) close() {
	if c != nil {
		c.c.Close()
	}
}

// roundTrip sends req and reads the whole answer; keep says the
// connection may carry the next request.
func (c *conn) roundTrip(req []byte, deadline time.Time) (status int, keep bool, err error) {
	if err := c.c.SetDeadline(deadline); err != nil {
		return 0, false, err
	}
	if _, err := c.c.Write(req); err != nil {
		return 0, false, err
	}
	resp, err := http.ReadResponse(c.br, nil)
	if err != nil {
		return 0, false, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, err == nil && !resp.Close, err
}

func run(target, token string, n int64, d time.Duration, c int) (Result, error) {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http") || !loopback(u) {
		return Result{}, fmt.Errorf("-url %q: want an http URL on a loopback address", target)
	}
	if n <= 0 || d <= 0 || c <= 0 || c > 1024 {
		return Result{}, errors.New("-n, -d and -c must be positive (-c at most 1024)")
	}
	req := rawRequest(u, token)
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var sent, failed atomic.Int64
	var firstErr atomic.Value
	fail := func(err error) {
		failed.Add(1)
		firstErr.CompareAndSwap(nil, err.Error())
	}
	lat := make([][]time.Duration, c)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var cn *conn
			defer func() { cn.close() }()
			for ctx.Err() == nil && sent.Add(1) <= n {
				t := time.Now()
				if cn == nil {
					var err error
					if cn, err = dial(u.Host); err != nil {
						fail(err)
						continue
					}
				}
				status, keep, err := cn.roundTrip(req, t.Add(requestTimeout))
				if err == nil && status != http.StatusOK {
					err = fmt.Errorf("status %d", status)
				}
				if err != nil || !keep {
					cn.close()
					cn = nil
				}
				if err != nil {
					if ctx.Err() != nil { // cut by the time bound: not counted
						return
					}
					fail(err)
					continue
				}
				lat[w] = append(lat[w], time.Since(t))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	all := slices.Concat(lat...)
	slices.Sort(all)
	r := Result{Requests: int64(len(all)), Errors: failed.Load(), Seconds: elapsed.Seconds()}
	r.RPS = float64(len(all)) / elapsed.Seconds()
	if len(all) > 0 {
		ms := func(q float64) float64 { return float64(all[int(q*float64(len(all)-1))]) / 1e6 }
		r.P50ms, r.P99ms, r.Maxms = ms(0.50), ms(0.99), ms(1)
	}
	if e, ok := firstErr.Load().(string); ok {
		r.FirstErr = e
	}
	return r, nil
}

// maxHeld bounds -hold's connections.
const maxHeld = 20_000

// hold sends one request on each of c connections at once and waits for
// every answer (until d), noting when each arrived.
func hold(target, token string, d time.Duration, c int) (Result, error) {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http") || !loopback(u) {
		return Result{}, fmt.Errorf("-url %q: want an http URL on a loopback address", target)
	}
	if d <= 0 || c <= 0 || c > maxHeld {
		return Result{}, fmt.Errorf("-d and -c must be positive (-c at most %d)", maxHeld)
	}
	req := rawRequest(u, token)
	deadline := time.Now().Add(d)
	arrived := make([]int64, c)
	var failed atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	for i := range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cn, err := dial(u.Host)
			if err == nil {
				defer cn.close()
				var status int
				status, _, err = cn.roundTrip(req, deadline)
				if err == nil && status != http.StatusOK {
					err = fmt.Errorf("status %d", status)
				}
			}
			if err != nil {
				failed.Add(1)
				firstErr.CompareAndSwap(nil, err.Error())
				return
			}
			arrived[i] = time.Now().UnixNano()
		}()
	}
	wg.Wait()
	var all []int64
	for _, a := range arrived {
		if a != 0 {
			all = append(all, a)
		}
	}
	slices.Sort(all)
	r := Result{Requests: int64(len(all)), Errors: failed.Load(), Seconds: time.Since(start).Seconds()}
	if len(all) > 0 {
		at := func(q float64) int64 { return all[int(q*float64(len(all)-1))] }
		r.ArrivedP50, r.ArrivedP99, r.ArrivedMax = at(0.5), at(0.99), at(1)
	}
	if e, ok := firstErr.Load().(string); ok {
		r.FirstErr = e
	}
	return r, nil
}
