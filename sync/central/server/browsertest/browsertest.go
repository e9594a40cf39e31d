// Package browsertest is what central's real-browser tests share: finding
// Debian's Chromium (a loud skip without one, a failure under CI=true),
// where screenshots go, the kiosk's bundled CJK face for pages on a
// machine without one, and axe-core's accessibility check.
package browsertest

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"onestop/assets"
)

// Chromium finds the browser; without one the test skips loudly, or
// fails under CI=true, which must run it.
func Chromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	line := strings.Repeat("*", 72)
	banner := func(what string) string {
		return "\n" + line + "\n*** NO CHROMIUM: this browser test " + what + ".\n" +
			"*** Run `make deps`: it installs Debian's chromium.\n" + line
	}
	if os.Getenv("CI") == "true" {
		t.Fatal(banner("must run under CI=true"))
	}
	t.Log(banner("is SKIPPED"))
	t.Skip("no chromium")
	return ""
}

// Root is the module's root directory.
func Root(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			return root
		}
		up := filepath.Dir(root)
		if up == root {
			t.Fatal("no go.mod above the test's directory")
		}
		root = up
	}
}

// ScreenshotDir is SCREENSHOT_DIR or build/screenshots at the module
// root, with sub appended, created.
func ScreenshotDir(t testing.TB, sub string) string {
	t.Helper()
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		dir = filepath.Join(Root(t), "build", "screenshots")
	}
	dir = filepath.Join(dir, sub)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// CJKFont is a script (run with chromedp.EvalAwaitPromise) that gives
// the page the kiosk's bundled face, first in every element's stack. A
// phone or an admin's PC has a CJK font; this machine need not, and what
// is checked and looked at must be real Chinese text, not empty boxes.
// The bytes go in with the script, not by URL, so a page's CSP that
// allows no font source stays in force.
func CJKFont() string {
	return `(async () => {
		const bin = atob("` + base64.StdEncoding.EncodeToString(assets.FontRegular) + `");
		const buf = new Uint8Array(bin.length);
		for (let i = 0; i < bin.length; i++) buf[i] = bin.charCodeAt(i);
		// First in the stack: a generic family ahead of it claims the
		// Han code points and draws them as empty boxes. The regular face
		// only; Chromium synthesizes the bold.
		document.fonts.add(await new FontFace("BundledCJK", buf.buffer).load());
		const st = document.createElement("style");
		st.textContent = "body, body * { font-family: BundledCJK, " + getComputedStyle(document.body).fontFamily + " !important; }";
		document.head.append(st);
		await document.fonts.ready;
		return true;
	})()`
}

var (
	axeOnce sync.Once
	axeJS   string
	axeErr  error
)

// AxeViolation is one rule axe-core found broken, with where.
type AxeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

func (v AxeViolation) String() string {
	var where []string
	for _, n := range v.Nodes {
		where = append(where, fmt.Sprint(n.Target)+" "+n.HTML)
	}
	return fmt.Sprintf("%s (%s): %s\n\t%s", v.ID, v.Impact, v.Help, strings.Join(where, "\n\t"))
}

// Axe runs axe-core (vendored in third_party/axe-core, pinned by
// third_party/package-lock.json) on the page in ctx against WCAG 2.2
// level A and AA and returns what it finds.
func Axe(t testing.TB, ctx context.Context) []AxeViolation {
	t.Helper()
	axeOnce.Do(func() {
		var b []byte
		b, axeErr = os.ReadFile(filepath.Join(Root(t), "third_party", "axe-core", "axe.min.js"))
		axeJS = string(b)
	})
	if axeErr != nil {
		t.Fatalf("axe-core: %v", axeErr)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeJS+";true")); err != nil {
		t.Fatalf("load axe-core: %v", err)
	}
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]AxeViolation](`axe.run(document, {
		runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
		resultTypes: ["violations"]
	}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe-core run: %v", err)
	}
	return vs
}
