package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/admin"
	"onestop/sync/central/pgstore"
	"onestop/sync/central/pgstore/pgtest"
	"onestop/sync/wire"
)

// TestTwoProcessesOneDatabase runs two central processes on one
// PostgreSQL database. Four kiosks push through both while an admin
// writes through one, and a fifth kiosk pulls from both in turn. The
// puller must end with every change of the log exactly once, in order:
// a change one process commits late is never skipped.
func TestTwoProcessesOneDatabase(t *testing.T) {
	dsn := pgtest.Schema(t)
	seedTwoProcess(t, dsn)
	bin := filepath.Join(t.TempDir(), "central")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	urls := []string{startCentral(t, bin, dsn), startCentral(t, bin, dsn)}

	tokens := make([]string, 5)
	ids := make([]string, 5)
	for i := range tokens {
		var res wire.EnrollResponse
		call(t, urls[i%2], "POST", "/api/v1/enroll", "", wire.EnrollRequest{Code: fmt.Sprint("CODE", i)}, &res)
		tokens[i], ids[i] = res.Token, res.KioskID
	}
	var login admin.LoginResponse
	call(t, urls[1], "POST", "/api/v1/admin/login", "", admin.LoginRequest{Name: "root", Password: "two processes, one db"}, &login)
	var start wire.PullResponse
	call(t, urls[0], "GET", "/api/v1/changes", tokens[4], nil, &start)

	const batches, perBatch, notices = 4, 100, 40
	var wg sync.WaitGroup
	for k := range 4 {
		wg.Go(func() {
			for b := range batches {
				req := wire.PushRequest{KioskID: ids[k]}
				for j := range perBatch {
					seq := int64(b*perBatch + j + 1)
					id := fmt.Sprintf("v-%d-%d", k, seq)
					p, _ := json.Marshal(kiosk.Visit{ID: id, StudentKey: "s1", Purpose: kiosk.PurposeStudy, At: time.Now()})
					req.Mutations = append(req.Mutations, wire.Mutation{Seq: seq, ID: id, Kind: kiosk.KindVisitCheckin, Payload: p})
				}
				call(t, urls[(k+b)%2], "POST", "/api/v1/push", tokens[k], req, nil)
			}
		})
	}
	wg.Go(func() {
		for i := range notices {
			a := kiosk.Announcement{ID: fmt.Sprint("n", i), Title: kiosk.LocalName{Zh: "通知"}, StartsAt: time.Now()}
			call(t, urls[0], "PUT", "/api/v1/admin/halls/h/announcements/"+a.ID, login.Token, a, nil)
		}
	})
	done := make(chan struct{})
	var pulled []wire.Change
	var pw sync.WaitGroup
	pw.Go(func() {
		cursor := start.NextCursor
		for i := 0; ; i++ {
			finished := closed(done)
			var p wire.PullResponse
			call(t, urls[i%2], "GET", "/api/v1/changes?limit=37&cursor="+cursor, tokens[4], nil, &p)
			if p.Reset {
				t.Error("reset during the run")
				return
			}
			pulled, cursor = append(pulled, p.Changes...), p.NextCursor
			if finished && !p.HasMore {
				return
			}
		}
	})
	wg.Wait()
	close(done)
	pw.Wait()

	var truth []wire.Change
	for cursor := start.NextCursor; ; {
		var p wire.PullResponse
		call(t, urls[1], "GET", "/api/v1/changes?cursor="+cursor, tokens[4], nil, &p)
		truth, cursor = append(truth, p.Changes...), p.NextCursor
		if !p.HasMore {
			break
		}
	}
	if want := 4*batches*perBatch + notices; len(truth) != want {
		t.Fatalf("log has %d changes, want %d", len(truth), want)
	}
	if len(pulled) != len(truth) {
		t.Fatalf("puller saw %d of %d changes: a late commit was skipped", len(pulled), len(truth))
	}
	for i := range truth {
		if pulled[i].ID != truth[i].ID || pulled[i].Entity != truth[i].Entity {
			t.Fatalf("change %d: puller %s %s, log %s %s", i, pulled[i].Entity, pulled[i].ID, truth[i].Entity, truth[i].ID)
		}
	}
}

// seedTwoProcess makes hall h with a student, five enrollment codes and
// an admin, straight in the database.
func seedTwoProcess(t *testing.T, dsn string) {
	ctx := context.Background()
	s, err := pgstore.Open(ctx, dsn, kiosk.SystemClock{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.PutHall(ctx, central.Hall{ID: "h", Name: kiosk.LocalName{Zh: "大厅"}}))
	must(s.PutBuilding(ctx, "h", kiosk.Building{ID: "b", Floors: 3}))
	must(s.PutStudents(ctx, []central.Student{{Key: "s1", MaskedName: "张*", BuildingID: "b", Floor: 1}}))
	for i := range 5 {
		must(s.CreateEnrollCode(ctx, central.HashSecret(fmt.Sprint("CODE", i)), "h", time.Now().Add(time.Hour)))
	}
	must(admin.New(s, kiosk.SystemClock{}, nil).SetPassword(ctx, "root", "two processes, one db"))
}

// startCentral runs the binary on a free port and returns its URL; the
// process is stopped when the test ends.
func startCentral(t *testing.T, bin, dsn string) string {
	cmd := exec.Command(bin, "--pg", dsn, "--addr", "127.0.0.1:0", "--kiosk-rate", "0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		if t.Failed() {
			t.Logf("central %d stderr:\n%s", cmd.Process.Pid, stderr.String())
		}
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("central did not start: %v\n%s", err, stderr.String())
	}
	go io.Copy(io.Discard, out)
	f := strings.Fields(line)
	return f[len(f)-1]
}

// call sends a JSON request and decodes a 200 answer into out.
func call(t *testing.T, url, method, path, token string, body, out any) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url+path, r)
	req.Header.Set(wire.HeaderVersion, wire.Version)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Errorf("%s %s: %d %s", method, path, res.StatusCode, b)
		return
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Error(err)
		}
	}
}

func closed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
