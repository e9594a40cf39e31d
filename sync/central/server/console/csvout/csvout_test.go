package csvout

import (
	"strings"
	"testing"
)

func TestBOMAndNeutralising(t *testing.T) {
	var b strings.Builder
	w := New(&b)
	for _, row := range [][]string{{"楼栋", "数量"}, {"=HYPERLINK(\"x\")", "+1"}, {"-2", "@SUM(A1)"}, {"\tcmd", "a,b"}, {"plain", "3"}} {
		if err := w.Row(row...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := "\ufeff楼栋,数量\n\"'=HYPERLINK(\"\"x\"\")\",'+1\n'-2,'@SUM(A1)\n'\tcmd,\"a,b\"\nplain,3\n"
	if b.String() != want {
		t.Fatalf("got %q\nwant %q", b.String(), want)
	}
}
