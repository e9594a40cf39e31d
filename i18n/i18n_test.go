package i18n_test

import (
	"sort"
	"testing"

	"onestop/i18n"
	"onestop/kiosk"
)

// Every id must exist in every language: a gap would show a raw key on
// the kiosk screen.
func TestLanguagesHaveSameIDs(t *testing.T) {
	all := map[string]map[string]bool{}
	for _, lang := range i18n.Languages {
		ids, err := i18n.IDs(lang)
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) == 0 {
			t.Fatalf("%s has no messages", lang)
		}
		all[lang] = ids
	}
	for _, a := range i18n.Languages {
		for _, b := range i18n.Languages {
			var missing []string
			for id := range all[a] {
				if !all[b][id] {
					missing = append(missing, id)
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				t.Errorf("in %s but not in %s: %v", a, b, missing)
			}
		}
	}
}

func TestDomainMessagesTranslated(t *testing.T) {
	for _, lang := range i18n.Languages {
		l := i18n.MustNew(lang)
		for _, id := range kiosk.MessageIDs {
			if got := l.T(id); got == id || got == "" {
				t.Errorf("%s: %s not translated", lang, id)
			}
		}
	}
}

func TestTranslateDiffersByLanguage(t *testing.T) {
	zh := i18n.MustNew("zh-Hans").T(kiosk.MsgErrUnknownStudent)
	en := i18n.MustNew("en").T(kiosk.MsgErrUnknownStudent)
	if zh == en {
		t.Fatalf("zh and en agree: %q", zh)
	}
	if got := i18n.MustNew("en").T("NoSuchMessageID"); got != "NoSuchMessageID" {
		t.Fatalf("missing id rendered as %q", got)
	}
}
