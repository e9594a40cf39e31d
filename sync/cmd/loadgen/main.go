// Command loadgen sends GET requests to one URL from a few connections
// and prints, as one JSON line, how many it sent, how many failed, the
// rate and latency percentiles. The central benchmarks run it as a
// separate process so the load does not share the server's runtime.
//
//	loadgen -url http://127.0.0.1:8080/api/v1/changes?cursor=x -token T -n 50000 -d 5s -c 32
//
// It stops at -n requests or after -d, whichever comes first, and only
// talks to loopback addresses.
package main

import (
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
}

func main() {
	target := flag.String("url", "", "URL to GET (loopback only)")
	token := flag.String("token", "", "bearer token, if any")
	n := flag.Int64("n", 50_000, "stop after this many requests")
	d := flag.Duration("d", 5*time.Second, "stop after this long")
	c := flag.Int("c", 32, "concurrent connections")
	flag.Parse()
	res, err := run(*target, *token, *n, *d, *c)
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

func run(target, token string, n int64, d time.Duration, c int) (Result, error) {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http") || !loopback(u) {
		return Result{}, fmt.Errorf("-url %q: want an http URL on a loopback address", target)
	}
	if n <= 0 || d <= 0 || c <= 0 || c > 1024 {
		return Result{}, errors.New("-n, -d and -c must be positive (-c at most 1024)")
	}
	client := &http.Client{Timeout: 10 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: c, MaxConnsPerHost: c, DisableCompression: true}}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var sent, failed atomic.Int64
	var firstErr atomic.Value
	lat := make([][]time.Duration, c)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
			req.Header.Set(wire.HeaderVersion, wire.Version)
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			for ctx.Err() == nil && sent.Add(1) <= n {
				t := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				if err != nil {
					if ctx.Err() != nil { // cut by the time bound: not counted
						return
					}
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
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
