package admincli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"onestop/sync/central"
	"onestop/update"
)

// release runs `central admin release publish|rollout|list`.
func (c *CLI) release(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("release needs publish, rollout or list\n%s", Usage)
	}
	fs := flag.NewFlagSet("central admin release "+args[0], flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	switch args[0] {
	case "publish":
		manifest := fs.String("manifest", "", "the signed manifest")
		sig := fs.String("sig", "", "its minisign signature (default: the manifest's name + .minisig)")
		files, err := parseInterleaved(fs, args[1:])
		if err != nil {
			return fmt.Errorf("%v\n%s", err, Usage)
		}
		if *manifest == "" {
			return fmt.Errorf("release publish needs --manifest\n%s", Usage)
		}
		if *sig == "" {
			*sig = *manifest + ".minisig"
		}
		return c.publish(ctx, *manifest, *sig, files)
	case "rollout":
		var channel, stage, canary string
		var pins pinFlag
		fs.StringVar(&channel, "channel", "", "the release channel")
		fs.StringVar(&stage, "stage", "", "canary or all")
		fs.StringVar(&canary, "canary", "", "the canary ring: kiosk ids, comma-separated")
		fs.Var(&pins, "pin", "KIOSK=VERSION, repeatable")
		pos, err := parseInterleaved(fs, args[1:])
		if err != nil {
			return fmt.Errorf("%v\n%s", err, Usage)
		}
		if len(pos) > 0 || channel == "" || stage == "" {
			return fmt.Errorf("release rollout takes --channel and --stage, and no arguments\n%s", Usage)
		}
		var ring []string
		for k := range strings.SplitSeq(canary, ",") {
			if k = strings.TrimSpace(k); k != "" {
				ring = append(ring, k)
			}
		}
		if err := c.Store.SetRollout(ctx, channel, stage, ring, pins.m); err != nil {
			return err
		}
		return c.listReleases(ctx, channel, 1)
	case "list":
		if len(args) > 1 {
			return fmt.Errorf("release list takes no arguments\n%s", Usage)
		}
		return c.listReleases(ctx, "", 0)
	}
	return fmt.Errorf("unknown release command %q\n%s", args[0], Usage)
}

// publish reads the manifest, its signature and the packages, each
// under its file name, which is the name the manifest gives it.
func (c *CLI) publish(ctx context.Context, manifest, sig string, files []string) error {
	m, err := os.ReadFile(manifest)
	if err != nil {
		return err
	}
	s, err := os.ReadFile(sig)
	if err != nil {
		return fmt.Errorf("signature: %w", err)
	}
	pkgs := map[string][]byte{}
	for _, f := range files {
		name := filepath.Base(f)
		if _, ok := pkgs[name]; ok {
			return fmt.Errorf("two packages named %s", name)
		}
		b, err := readCapped(f, update.MaxPackage)
		if err != nil {
			return err
		}
		pkgs[name] = b
	}
	rel, err := c.Store.PublishRelease(ctx, m, s, pkgs)
	if err != nil {
		return err
	}
	return c.print(releaseLine(rel), nil)
}

// readCapped reads a package file, refusing one larger than any
// manifest may declare before reading it all.
func readCapped(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, limit)
	}
	return b, nil
}

// listReleases prints the releases, of one channel when given, at most
// n of them when n > 0.
func (c *CLI) listReleases(ctx context.Context, channel string, n int) error {
	rs, err := c.Store.Releases(ctx)
	if err != nil {
		return err
	}
	out := []releaseOut{}
	for _, r := range rs {
		if channel != "" && r.Channel != channel {
			continue
		}
		out = append(out, releaseLine(r))
		if n > 0 && len(out) == n {
			break
		}
	}
	if n == 1 && len(out) == 1 {
		return c.print(out[0], nil)
	}
	return c.print(out, nil)
}

// releaseOut is a release as the CLI prints it.
type releaseOut struct {
	Channel     string                    `json:"channel"`
	Seq         int64                     `json:"seq"`
	PublishedAt time.Time                 `json:"published_at"`
	Expires     time.Time                 `json:"expires"`
	Stage       string                    `json:"stage"`
	Canary      []string                  `json:"canary,omitempty"`
	Pins        map[string]string         `json:"pins,omitempty"`
	Packages    map[string]update.Package `json:"packages"`
}

func releaseLine(r central.Release) releaseOut {
	return releaseOut{Channel: r.Channel, Seq: r.Seq, PublishedAt: r.PublishedAt, Expires: r.Manifest.Expires, Stage: r.Stage,
		Canary: r.Canary, Pins: r.Pins, Packages: r.Manifest.Packages}
}

// pinFlag collects --pin KIOSK=VERSION.
type pinFlag struct{ m map[string]string }

func (p *pinFlag) String() string { return fmt.Sprint(p.m) }

func (p *pinFlag) Set(v string) error {
	k, ver, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(ver) == "" {
		return errors.New("--pin wants KIOSK=VERSION")
	}
	if p.m == nil {
		p.m = map[string]string{}
	}
	p.m[strings.TrimSpace(k)] = strings.TrimSpace(ver)
	return nil
}
