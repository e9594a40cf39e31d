// Package admincli is `central admin`: the admin operations run on the
// database directly, without a running server.
package admincli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/admin"
)

// Usage documents `central admin`.
const Usage = `usage: central admin [--data DIR | --pg DSN] COMMAND [ARGS]

  set-password NAME            create an admin or change their password
                               (from $ONESTOP_ADMIN_PASSWORD, else stdin)
  set-role NAME ROLE [--hall HALL]
                               the admin's console role: campus (every hall),
                               hall (one, with --hall) or viewer (dashboards)
  enroll-code HALL             a one-time code that enrolls one kiosk (24 h)
  halls                        list halls
  kiosks                       list kiosks with their last heartbeat
  revoke-kiosk ID              stop a lost or replaced kiosk's token working
  put KIND ID [--hall HALL] [--file F]
                               add or replace from JSON (stdin without --file);
                               KIND: halls buildings rooms mentors mentor-slots
                               announcements events
  delete KIND ID               KIND as above, or students
  get KIND ID                  current state as kiosks see it
  settings HALL [KEY=VALUE …]  show, or change (empty value: back to default)
  import-roster FILE           FILE.csv or FILE.xlsx ("-" reads CSV on stdin);
                               columns: number,name,building,floor,card,role,pin
                               (or 学号,姓名,楼栋,楼层,卡号,角色)
  request-status ID STATUS [--note TEXT] [--due RFC3339]
  backup FILE                  an online, checked copy of the SQLite
                               database (the server may keep running)
  restore FILE                 put a backup in place of the database; the
                               server must be stopped
  release publish --manifest M [--sig M.minisig] FILE…
                               publish a signed kiosk release to every hall:
                               the manifest as signed, its minisign signature
                               and each package it lists (named as it lists it)
  release rollout --channel C --stage canary|all [--canary K1,K2] [--pin K=1.4.0 …]
                               the rollout of the channel's latest release; it
                               replaces the ring and the pins, which carry over
                               to the channel's next release
  release list                 the published releases, the latest first
`

// CLI runs `central admin` commands on a store directly, without a
// running server: the same operations as the admin API.
type CLI struct {
	Store central.Store
	Admin *admin.Admin
	In    io.Reader
	Out   io.Writer
}

// cliFlags are the options commands take.
type cliFlags struct{ hall, file, note, due string }

// cliCommands maps a command to its argument count and its action.
var cliCommands = map[string]struct {
	args int // -1: any
	// raw commands parse their own flags: pos is every argument.
	raw bool
	run func(c *CLI, ctx context.Context, pos []string, f cliFlags) error
}{
	"release":      {-1, true, func(c *CLI, ctx context.Context, pos []string, _ cliFlags) error { return c.release(ctx, pos) }},
	"set-password": {1, false, func(c *CLI, ctx context.Context, pos []string, _ cliFlags) error { return c.setPassword(ctx, pos[0]) }},
	"revoke-kiosk": {1, false, func(c *CLI, ctx context.Context, pos []string, _ cliFlags) error {
		return c.Store.RevokeKiosk(ctx, pos[0])
	}},
	"set-role": {2, false, func(c *CLI, ctx context.Context, pos []string, f cliFlags) error {
		return c.Store.SetAdminRole(ctx, pos[0], pos[1], f.hall)
	}},
	"enroll-code": {1, false, func(c *CLI, ctx context.Context, pos []string, _ cliFlags) error {
		code, exp, err := c.Admin.EnrollCode(ctx, pos[0])
		return c.print(admin.EnrollCodeResponse{Code: code, HallID: pos[0], ExpiresAt: exp}, err)
	}},
	"halls": {0, false, func(c *CLI, ctx context.Context, _ []string, _ cliFlags) error {
		hs, err := c.Store.Halls(ctx)
		return c.print(hs, err)
	}},
	"kiosks": {0, false, func(c *CLI, ctx context.Context, _ []string, _ cliFlags) error {
		ks, err := c.Store.Kiosks(ctx)
		return c.print(ks, err)
	}},
	"put": {2, false, func(c *CLI, ctx context.Context, pos []string, f cliFlags) error {
		b, err := c.read(f.file)
		if err != nil {
			return err
		}
		b, hall := unwrapGot(b, f.hall)
		return c.Admin.Put(ctx, pos[0], hall, pos[1], b)
	}},
	"delete": {2, false, func(c *CLI, ctx context.Context, pos []string, _ cliFlags) error {
		return c.Admin.Delete(ctx, pos[0], pos[1])
	}},
	"get":           {2, false, func(c *CLI, ctx context.Context, pos []string, _ cliFlags) error { return c.get(ctx, pos[0], pos[1]) }},
	"settings":      {-1, false, func(c *CLI, ctx context.Context, pos []string, _ cliFlags) error { return c.settings(ctx, pos) }},
	"import-roster": {1, false, func(c *CLI, ctx context.Context, pos []string, _ cliFlags) error { return c.importRoster(ctx, pos[0]) }},
	"request-status": {2, false, func(c *CLI, ctx context.Context, pos []string, f cliFlags) error {
		return c.requestStatus(ctx, pos[0], pos[1], f.note, f.due)
	}},
}

// Known reports whether args name a command, before any database is
// opened: a typo must not create one as a side effect.
func Known(args []string) error {
	if len(args) == 0 {
		return errors.New(Usage)
	}
	if _, ok := cliCommands[args[0]]; !ok && !FileCommand(args) {
		return fmt.Errorf("unknown command %q\n%s", args[0], Usage)
	}
	return nil
}

// Run runs one command.
func (c *CLI) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New(Usage)
	}
	cmd, ok := cliCommands[args[0]]
	if !ok {
		return fmt.Errorf("unknown command %q\n%s", args[0], Usage)
	}
	if cmd.raw {
		return cmd.run(c, central.WithActor(ctx, "cli:"+operator()), args[1:], cliFlags{})
	}
	var f cliFlags
	fs := flag.NewFlagSet("central admin "+args[0], flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&f.hall, "hall", "", "hall id")
	fs.StringVar(&f.file, "file", "", "JSON file")
	fs.StringVar(&f.note, "note", "", "note shown to the student")
	fs.StringVar(&f.due, "due", "", "new deadline, RFC 3339")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return fmt.Errorf("%v\n%s", err, Usage)
	}
	if cmd.args >= 0 && len(pos) != cmd.args {
		return fmt.Errorf("%s takes %d arguments\n%s", args[0], cmd.args, Usage)
	}
	// The audit log names the operating-system account that ran it.
	return cmd.run(c, central.WithActor(ctx, "cli:"+operator()), pos, f)
}

// operator is the account running the command, "unknown" if none.
func operator() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

// parseInterleaved lets flags come before, between or after arguments.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos, args = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
}

func (c *CLI) print(v any, err error) error {
	if err != nil {
		return err
	}
	e := json.NewEncoder(c.Out)
	e.SetIndent("", "  ")
	e.SetEscapeHTML(false)
	return e.Encode(v)
}

func (c *CLI) read(file string) ([]byte, error) {
	if file == "" || file == "-" {
		return io.ReadAll(c.In)
	}
	return os.ReadFile(file)
}

func (c *CLI) setPassword(ctx context.Context, name string) error {
	pw := os.Getenv("ONESTOP_ADMIN_PASSWORD")
	if pw == "" {
		line, err := bufio.NewReader(c.In).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	return c.Admin.SetPassword(ctx, name, pw)
}

// unwrapGot takes back what get prints, {"hall_id": …, "data": {…}}, as
// the entity and its hall, so get → edit → put works; anything else is
// the entity itself. A --hall given wins.
func unwrapGot(b []byte, hall string) ([]byte, string) {
	var got map[string]json.RawMessage
	if json.Unmarshal(b, &got) != nil || len(got) != 2 || len(got["data"]) == 0 || got["data"][0] != '{' {
		return b, hall
	}
	var h string
	if json.Unmarshal(got["hall_id"], &h) != nil {
		return b, hall
	}
	if hall == "" {
		hall = h
	}
	return got["data"], hall
}

func (c *CLI) get(ctx context.Context, kind, id string) error {
	entity, ok := admin.FeedEntity(kind)
	if !ok {
		return fmt.Errorf("no kind %q", kind)
	}
	hall, data, err := c.Store.Entity(ctx, entity, id)
	return c.print(map[string]any{"hall_id": hall, "data": data}, err)
}

func (c *CLI) settings(ctx context.Context, pos []string) error {
	if len(pos) == 0 {
		return errors.New("settings needs a hall")
	}
	if len(pos) > 1 {
		kv := map[string]string{}
		for _, p := range pos[1:] {
			k, v, ok := strings.Cut(p, "=")
			if !ok {
				return fmt.Errorf("%q is not KEY=VALUE", p)
			}
			kv[k] = v
		}
		if err := c.Store.SetSettings(ctx, pos[0], kv); err != nil {
			return err
		}
	}
	kv, err := c.Store.Settings(ctx, pos[0])
	delete(kv, "roster.salt")
	return c.print(kv, err)
}

func (c *CLI) importRoster(ctx context.Context, file string) error {
	r := c.In
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	n, _, err := c.Admin.ImportRosterFile(ctx, file, r)
	if err != nil {
		return c.print(nil, err)
	}
	// The PIN column is hashed in the background; this process is the
	// only one that holds the plain PINs, so it stays until they are done.
	err = c.Admin.WaitPINs(ctx, func(p admin.PINProgress) {
		if p.Total > 0 {
			fmt.Fprintf(c.Out, "PINs hashed: %d of %d\n", p.Done, p.Total)
		}
	})
	return c.print(map[string]int{"imported": n}, err)
}

func (c *CLI) requestStatus(ctx context.Context, id, status, note, due string) error {
	u := central.RequestUpdate{Status: kiosk.RequestStatus(status), Note: note}
	if due != "" {
		t, err := time.Parse(time.RFC3339, due)
		if err != nil {
			return fmt.Errorf("--due: %w", err)
		}
		u.DueAt = t
	}
	r, err := c.Store.UpdateRequest(ctx, id, u)
	return c.print(r, err)
}
