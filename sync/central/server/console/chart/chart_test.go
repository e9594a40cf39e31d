package chart

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestBarsSVG(t *testing.T) {
	b := Bars{ID: "v", Title: `Visits <by> "hour"`, Labels: []string{"0", "1", "2"},
		Series: []Series{{Name: "study", Values: []float64{1, 0, 3}}, {Name: "a&b", Values: []float64{1, 2, 1}}}}
	s := string(b.SVG())
	// Well-formed XML: every label is escaped.
	if err := xml.Unmarshal([]byte(s), new(struct{ XMLName xml.Name })); err != nil {
		t.Fatalf("not XML: %v\n%s", err, s)
	}
	for _, want := range []string{`role="img"`, `aria-labelledby="v-t"`, `<title id="v-t">Visits &lt;by&gt; &#34;hour&#34;</title>`, "a&amp;b"} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %s in\n%s", want, s)
		}
	}
	// Five non-zero values, five rectangles besides the legend's two.
	if n := strings.Count(s, "<rect"); n != 7 {
		t.Errorf("%d rects, want 7", n)
	}
	// The tallest stack (4) reaches the plot's top.
	if !strings.Contains(s, `height="160.0"`) && !strings.Contains(s, `y="12.0"`) {
		t.Errorf("the tallest stack does not reach the top:\n%s", s)
	}
}

func TestBarsEmpty(t *testing.T) {
	s := string(Bars{ID: "e", Title: "none"}.SVG())
	if !strings.Contains(s, "<title") || strings.Contains(s, "<rect") {
		t.Fatalf("empty chart: %s", s)
	}
}
