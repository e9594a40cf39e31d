package server_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central/server"
	"onestop/sync/central/storetest"
)

// wakeKiosks is how many kiosks wait in BenchmarkWakeAll.
const wakeKiosks = 5000

// holdResult is what loadgen -hold prints.
type holdResult struct {
	loadgenResult
	ArrivedP50 int64 `json:"arrived_p50_unix_ns"`
	ArrivedP99 int64 `json:"arrived_p99_unix_ns"`
	ArrivedMax int64 `json:"arrived_max_unix_ns"`
}

// rssBytes is this process's resident set (VmRSS).
func rssBytes(b *testing.B) float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, l := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(l); len(f) == 3 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb * 1024
		}
	}
	b.Fatal("no VmRSS")
	return 0
}

// liveBytes is what the process holds after a collection: the live
// heap and the goroutine stacks (a freed heap the runtime has not yet
// handed back to the OS still counts in the RSS).
func liveBytes() float64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/stacks:bytes"}}
	metrics.Read(s)
	return float64(s[0].Value.Uint64() + s[1].Value.Uint64())
}

// stackBytes is what the goroutine stacks take now.
func stackBytes() float64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/stacks:bytes"}}
	metrics.Read(s)
	return float64(s[0].Value.Uint64())
}

// BenchmarkWakeAll (issue 11, goals: central holds 5,000 waiting kiosks
// in under 300 MiB and one change wakes all of them within 1 s p99):
// loadgen -hold, a second process, keeps wakeKiosks long polls (wait=30)
// of one hall waiting at central (SQLite, real HTTP over loopback); once
// every one waits, central's memory is read (the peak RSS of the whole
// process, which holds the store and the test too, and the live heap
// plus stacks after a collection), an admin puts an
// announcement in the hall and loadgen reports when the answers came.
// The kiosks share one token: what a waiter costs does not depend on it.
func BenchmarkWakeAll(b *testing.B) {
	bin := buildLoadgen(b)
	b.Run("sqlite", func(b *testing.B) { benchWakeAll(b, bin, newBenchEnv(b)) })
	b.Run("postgres", func(b *testing.B) {
		f := storetest.NewFixture(b, pgFresh)
		e := serve(b, f, f.S)
		e.srv.KioskLimit = server.RateLimit{}
		benchWakeAll(b, bin, e)
	})
}

func benchWakeAll(b *testing.B, bin string, e *env) {
	var waiting atomic.Int64
	all := make(chan struct{}, 1)
	e.srv.WaitTimer = func(d time.Duration) (<-chan time.Time, func()) {
		if waiting.Add(1) == wakeKiosks {
			all <- struct{}{}
		}
		t := time.NewTimer(d)
		return t.C, func() { t.Stop() }
	}
	live0 := liveBytes()
	var wakeP50, wakeP99, wakeMax, rss, live, stacks float64
	b.ResetTimer()
	for i := range b.N {
		waiting.Store(0)
		cursor := e.upToDate(tokK1)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, bin, "-hold", "-c", strconv.Itoa(wakeKiosks), "-d", "60s", "-token", tokK1,
			"-url", e.url+"/api/v1/changes?wait=30&cursor="+cursor)
		var out strings.Builder
		cmd.Stdout = &out
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		select {
		case <-all:
		case <-time.After(time.Minute):
			b.Fatalf("only %d of %d kiosks waiting after a minute", waiting.Load(), wakeKiosks)
		}
		rss, live = max(rss, rssBytes(b)), max(live, liveBytes())
		stacks = max(stacks, stackBytes())
		t0 := time.Now()
		e.Must(e.S.PutAnnouncement(e.Ctx, storetest.HallA, kiosk.Announcement{ID: "ann-wake-" + strconv.Itoa(i),
			Title: kiosk.LocalName{Zh: "停水通知"}}))
		err := cmd.Wait()
		cancel()
		var r holdResult
		if err != nil || json.Unmarshal([]byte(out.String()), &r) != nil || r.Errors > 0 || r.Requests != wakeKiosks {
			b.Fatalf("loadgen: %v %s", err, out.String())
		}
		ms := func(at int64) float64 { return float64(at-t0.UnixNano()) / 1e6 }
		wakeP50, wakeP99, wakeMax = max(wakeP50, ms(r.ArrivedP50)), max(wakeP99, ms(r.ArrivedP99)), max(wakeMax, ms(r.ArrivedMax))
	}
	b.ReportMetric(wakeP50, "wake-p50-ms")
	b.ReportMetric(wakeP99, "wake-p99-ms")
	b.ReportMetric(wakeMax, "wake-max-ms")
	b.ReportMetric(rss/(1<<20), "rss-MiB")
	b.ReportMetric(live/(1<<20), "live-MiB")
	b.ReportMetric(stacks/(1<<20), "stacks-MiB")
	b.ReportMetric((live-live0)/wakeKiosks/1024, "live-KiB/waiter")
}
