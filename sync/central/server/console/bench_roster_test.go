package console_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"onestop/sync/central/campusyear"
)

// BenchmarkRosterPreview uploads a whole hall's roster (2,500 students,
// a campus-year hall's share) to the preview as the campus admin: the
// file is parsed, every line hashed, checked against the other halls'
// rosters and compared with the hall's. Its students are not the
// generated ones, so every one is new and the hall's are all removed:
// the most a preview does.
func BenchmarkRosterPreview(b *testing.B) {
	var csv strings.Builder
	csv.WriteString("学号,姓名,楼栋,楼层,角色\n")
	for i := range 2500 {
		fmt.Fprintf(&csv, "20269%05d,学生%d,%s,%d,学生\n", i, i, campusyear.BuildingID(0, i%campusyear.BuildingsPerHall), 1+i%campusyear.FloorsPerBuilding)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "h00.csv")
	fw.Write([]byte(csv.String()))
	mw.Close()
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			c := openCampus(b, backend)
			var times []time.Duration
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/admin/roster/preview?hall=h00", bytes.NewReader(body.Bytes()))
				req.Header.Set("Content-Type", mw.FormDataContentType())
				req.AddCookie(c.cookie)
				rec := httptest.NewRecorder()
				start := time.Now()
				c.h.ServeHTTP(rec, req)
				times = append(times, time.Since(start))
				if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `name="token"`) {
					b.Fatalf("preview %d:\n%s", rec.Code, rec.Body.String())
				}
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)*95/100])/1e6, "p95-ms")
		})
	}
}
