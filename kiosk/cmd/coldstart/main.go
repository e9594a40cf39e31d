// Command coldstart measures how long binaries take from exec until they
// have started and quit (their -exit-after-start flag), and their peak
// memory. It runs each command in turn, alternating, so drift on the
// machine touches both equally, and prints a markdown table.
//
// Run it under a display, e.g. xvfb-run -a go run ./kiosk/cmd/coldstart.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

type sample struct {
	wall   time.Duration
	maxRSS int64 // KiB
}

func main() {
	n := flag.Int("n", 15, "runs per command")
	flag.Parse()
	cmds := flag.Args() // each a quoted command line
	if len(cmds) == 0 {
		fmt.Fprintln(os.Stderr, `usage: coldstart [-n N] "bin/fynehello -exit-after-start" "bin/kiosk -exit-after-start ..."`)
		os.Exit(2)
	}
	results := make([][]sample, len(cmds))
	for i := 0; i < *n+1; i++ {
		for j, c := range cmds {
			s, err := runOnce(c)
			if err != nil {
				fmt.Fprintf(os.Stderr, "coldstart: %s: %v\n", c, err)
				os.Exit(1)
			}
			if i > 0 { // the first round warms the page cache
				results[j] = append(results[j], s)
			}
		}
	}
	fmt.Println("| command | median start+quit | p90 | median peak RSS |")
	fmt.Println("|---|---|---|---|")
	for j, c := range cmds {
		med, p90, rss := summarize(results[j])
		fmt.Printf("| `%s` | %.0f ms | %.0f ms | %.1f MiB |\n", c, ms(med), ms(p90), float64(rss)/1024)
	}
}

func runOnce(cmdline string) (sample, error) {
	f := strings.Fields(cmdline)
	cmd := exec.Command(f[0], f[1:]...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return sample{}, err
	}
	wall := time.Since(start)
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	var rss int64
	if ru != nil {
		rss = ru.Maxrss
	}
	return sample{wall: wall, maxRSS: rss}, nil
}

func summarize(s []sample) (med, p90 time.Duration, rss int64) {
	walls := make([]time.Duration, len(s))
	rsss := make([]int64, len(s))
	for i, x := range s {
		walls[i], rsss[i] = x.wall, x.maxRSS
	}
	slices.Sort(walls)
	slices.Sort(rsss)
	return walls[len(walls)/2], walls[len(walls)*9/10], rsss[len(rsss)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
