package admincli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"onestop/sync/central/backup"
)

// fileCommands work on the SQLite file itself, never through the store:
// opening the store would migrate the database or a restored copy.
var fileCommands = map[string]func(ctx context.Context, db, file string, out io.Writer) error{
	"backup": func(ctx context.Context, db, file string, out io.Writer) error {
		r, err := backup.Copy(ctx, db, file)
		if err != nil {
			return err
		}
		var n int64
		for _, c := range r.Rows {
			n += c
		}
		fmt.Fprintf(out, "backed up to %s: integrity ok, %d tables, %d rows\n", r.Path, len(r.Rows), n)
		return nil
	},
	"restore": func(ctx context.Context, db, file string, out io.Writer) error {
		if err := backup.Restore(ctx, file, db); err != nil {
			return err
		}
		fmt.Fprintf(out, "restored %s from %s; kiosks re-send what the copy lacks at their next sync\n", db, file)
		return nil
	},
}

// FileCommand reports whether args is a command that runs on the
// database file rather than on an opened store.
func FileCommand(args []string) bool {
	_, ok := fileCommands[firstArg(args)]
	return ok
}

// RunFile runs a file command on the SQLite database at db; pg is true
// when central is configured for PostgreSQL, which has its own tools.
func RunFile(ctx context.Context, args []string, db string, pg bool, out io.Writer) error {
	run, ok := fileCommands[firstArg(args)]
	if !ok {
		return fmt.Errorf("unknown command %q\n%s", firstArg(args), Usage)
	}
	if len(args) != 2 {
		return fmt.Errorf("%s takes 1 argument\n%s", args[0], Usage)
	}
	if pg {
		return errors.New(args[0] + " copies central's SQLite file; with PostgreSQL use pg_dump or pg_backupcluster (docs/operations-backup.md)")
	}
	return run(ctx, db, args[1], out)
}

func firstArg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}
