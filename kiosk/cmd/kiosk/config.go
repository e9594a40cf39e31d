package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// config is everything the command line and environment decide.
type config struct {
	DataDir        string
	Demo           bool
	DemoStudents   int
	Fullscreen     bool
	Width, Height  float32
	ExitAfterStart bool
	// Server is central's URL; empty: the one stored at enrollment.
	Server string
	// Enroll is a one-time enrollment code, used when not enrolled yet.
	Enroll    string
	Reenroll  bool   // enroll with Enroll even when enrolled already
	Name      string // shown in central's kiosk list
	SyncEvery time.Duration
	Version   bool // print the build's version and quit
}

// envPrefix names the environment variables that stand in for flags, so
// a systemd unit can configure the kiosk without editing its command.
const envPrefix = "ONESTOP_KIOSK_"

func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	c := config{}
	fs := flag.NewFlagSet("kiosk", flag.ContinueOnError)
	fs.SetOutput(stderr)
	env := func(name, def string) string {
		if v := getenv(envPrefix + name); v != "" {
			return v
		}
		return def
	}
	envBool := func(name string) bool { b, _ := strconv.ParseBool(getenv(envPrefix + name)); return b }
	fs.StringVar(&c.DataDir, "data", env("DATA", defaultDataDir(getenv)), "directory for the local database (env "+envPrefix+"DATA)")
	fs.BoolVar(&c.Demo, "demo", envBool("DEMO"), "run on a demo campus: an in-process central server with the demo data, kept in <data>/demo, that the kiosk syncs with (env "+envPrefix+"DEMO)")
	fs.IntVar(&c.DemoStudents, "demo-students", 200, "number of students in a newly seeded demo roster")
	fs.BoolVar(&c.Fullscreen, "fullscreen", envBool("FULLSCREEN"), "full screen, close intercepted, screen blanking off (env "+envPrefix+"FULLSCREEN)")
	size := fs.String("size", env("SIZE", "1280x800"), "window size WxH when not full screen (env "+envPrefix+"SIZE)")
	fs.BoolVar(&c.ExitAfterStart, "exit-after-start", false, "quit as soon as the app has started (start-up benchmarks)")
	fs.StringVar(&c.Server, "server", env("SERVER", ""), "central server URL; once enrolled the stored one is used when empty (env "+envPrefix+"SERVER)")
	fs.StringVar(&c.Enroll, "enroll", env("ENROLL", ""), "one-time enrollment code from central's admin; ignored once enrolled (env "+envPrefix+"ENROLL)")
	fs.BoolVar(&c.Reenroll, "reenroll", false, "enroll anew with -enroll although enrolled (a replaced or moved kiosk)")
	fs.StringVar(&c.Name, "name", env("NAME", ""), "this kiosk's name in central's kiosk list, e.g. \"North hall lobby\" (env "+envPrefix+"NAME; default: host name)")
	fs.BoolVar(&c.Version, "version", false, "print this build's version and quit")
	every := fs.String("sync-every", env("SYNC_EVERY", "10s"), "pause between syncs with central (env "+envPrefix+"SYNC_EVERY)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: kiosk [flags]\n\nThe OneStop Hall touchscreen kiosk.\n\n"+
			"  kiosk --demo                          demo campus with its own central server\n"+
			"  kiosk --server URL --enroll CODE      enroll with central once, then sync\n"+
			"  kiosk                                 later starts: the stored server and token\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.Version {
		return c, nil // the checks below are for running, and could refuse it (no HOME)
	}
	w, h, ok := strings.Cut(*size, "x")
	wi, err1 := strconv.Atoi(w)
	hi, err2 := strconv.Atoi(h)
	if !ok || err1 != nil || err2 != nil || wi < 640 || hi < 480 {
		return c, fmt.Errorf("bad -size %q: want WxH, at least 640x480", *size)
	}
	c.Width, c.Height = float32(wi), float32(hi)
	if c.SyncEvery, err1 = time.ParseDuration(*every); err1 != nil || c.SyncEvery < time.Second {
		return c, fmt.Errorf("bad -sync-every %q: want a duration of at least 1s", *every)
	}
	if err := c.checkSync(); err != nil {
		return c, err
	}
	if c.DemoStudents < 1 {
		return c, errors.New("-demo-students must be at least 1")
	}
	if c.DataDir == "" {
		return c, errors.New("no data directory: set -data or HOME")
	}
	if c.Demo {
		c.DataDir = filepath.Join(c.DataDir, "demo")
	}
	return c, nil
}

// checkSync refuses sync flags that contradict each other.
func (c config) checkSync() error {
	switch {
	case c.Demo && (c.Server != "" || c.Enroll != ""):
		return errors.New("-demo runs its own central server: drop -server and -enroll")
	case c.Reenroll && c.Enroll == "":
		return errors.New("-reenroll needs -enroll CODE")
	case c.Enroll != "" && c.Server == "":
		return errors.New("-enroll needs -server: the URL of the central server that made the code")
	}
	return nil
}

// defaultDataDir follows the XDG base directory convention.
func defaultDataDir(getenv func(string) string) string {
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "onestop-kiosk")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "onestop-kiosk")
	}
	return ""
}
