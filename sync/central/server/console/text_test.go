package console

import "testing"

func TestTextParity(t *testing.T) {
	for k := range text["zh"] {
		if text["en"][k] == "" {
			t.Errorf("%q has no English", k)
		}
	}
	for k := range text["en"] {
		if text["zh"][k] == "" {
			t.Errorf("%q has no Chinese", k)
		}
	}
}
