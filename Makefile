# OneStop Hall Kiosk. Quick start: `make demo`, `make test` (see README.md).

GO      ?= go
TAGS    := migrated_fynedo
BIN     := bin
OUT     := build
# One session bus per virtual display, ended with it: otherwise every Fyne
# start under Xvfb autolaunches a bus that outlives the display, and a
# benchmark's hundreds of starts exhaust the inotify instances.
XVFB    := xvfb-run -a -s "-screen 0 1920x1080x24" dbus-run-session --
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The version every binary reports (--version, the kiosk's heartbeats),
# compiled in: the nearest tag, commits since it, the commit and a dirty
# mark; outside a git checkout, dev as in a plain go build.
# Expanded once: a package run briefly dirties the tree (fyne package
# rewrites FyneApp.toml) and must not change its own version midway.
ifeq ($(origin VERSION),undefined)
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
endif
LDFLAGS := -X onestop/version.Version=$(VERSION)

# The packaging tools, pinned with Go's tool directive in their own module
# (packaging/tools/go.mod): in the main go.mod their requirements would
# raise the kiosk's own Fyne and other libraries by minimum version
# selection. They need no cgo; built without it they ignore CC, which
# the Windows package points at mingw-w64 for the kiosk's own build.
TOOLS := CGO_ENABLED=0 $(GO) tool -modfile=$(CURDIR)/packaging/tools/go.mod
FYNE  := $(TOOLS) fyne
NFPM  := $(TOOLS) nfpm

# Fyne logs an error at start-up when it cannot parse the locale, which
# happens for C.UTF-8 (plain C is fine); the kiosk picks its own language.
ifneq ($(filter C.UTF-8 C.utf8,$(LANG)),)
export LANG := C
endif

# make package and its tests: the Windows cross compiler, xz for fyne's
# tarball, dpkg-deb and systemd-analyze to check the .deb files, and the
# X session's programs that systemd-analyze verify finds at their paths.
PACKAGE_DEB_PKGS := gcc-mingw-w64-x86-64 xz-utils dpkg systemd xinit xserver-xorg-core

# Debian 12 packages: the cgo toolchain and GL/X11 headers Fyne builds
# against, the X server, screenshot, OCR and input tools the
# real-window tests use, and the headless Chromium that tests central's
# phone pages, and minisign, which signs releases on the admin's machine
# (the tests check it interoperates). No CJK system font on purpose: the kiosk must render
# Chinese with the font it bundles.
DEB_PKGS := gcc pkg-config libgl1-mesa-dev xorg-dev libxxf86vm-dev \
            xvfb xauth x11-utils dbus-x11 imagemagick xdotool \
            tesseract-ocr tesseract-ocr-chi-sim zbar-tools \
            chromium minisign \
            $(PACKAGE_DEB_PKGS)

.PHONY: all deps services build demo test test-unit test-xvfb package bench fuzz vendor-js clean

all: build

# Installs only what is missing, so a second run does nothing.
deps:
	@command -v $(GO) >/dev/null || { echo "Go 1.26 or newer is needed: https://go.dev/doc/install"; exit 1; }
	@missing=$$(for p in $(DEB_PKGS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "Installing missing packages:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The central server's PostgreSQL tests need the local cluster; start it
# when it is installed but down. Without one those tests skip loudly
# (and fail under CI=true).
services:
	@if command -v pg_ctlcluster >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then \
		echo "Starting PostgreSQL"; \
		$(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -n 1) main start; \
	fi

build: deps
	@mkdir -p $(BIN)
	$(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $(BIN)/ ./kiosk/cmd/... ./sync/cmd/...

demo: build
	$(BIN)/kiosk --demo

# Packages, in build/package/: the kiosk's tar.xz (fyne package), its .deb
# and central's (nfpm, configs in packaging/), and the kiosk's Windows
# .exe cross-built with mingw-w64. Debian versions start with a digit and
# sort by commit: v1.2.0-3-gabc1234-dirty becomes 1.2.0+3.gabc1234.dirty;
# before the first tag, 0.0.0+<commits>.<hash>.
PKG         := $(CURDIR)/$(OUT)/package
PKG_ARCH    := amd64
PKG_VERSION := $(shell v='$(VERSION)'; case "$$v" in (v[0-9]*|[0-9]*.*) echo "$$v" | sed 's/^v//; s/-/+/; s/-/./g' ;; \
                 (*) echo "0.0.0+$$(git rev-list --count HEAD 2>/dev/null || echo 0).$$v" | sed 's/-/./g' ;; esac)
APP_VERSION := $(firstword $(subst +, ,$(PKG_VERSION)))
APP_BUILD   := $(shell git rev-list --count HEAD 2>/dev/null || echo 1)
KIOSK_SRC   := $(CURDIR)/kiosk/cmd/kiosk
# nfpm stamps files with this time: the commit's, so a rebuild is the same.
export SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null)

# fyne package ARGS, ENV, THEN, FIRST: fyne builds the release kiosk and
# packs it; the version goes in through GOFLAGS, the only ldflags fyne
# passes on. It rewrites FyneApp.toml (Build + 1, comments dropped) and
# leaves build files in the source directory: both are undone whatever
# the outcome, so a package run leaves the tree as it found it.
define fyne_package
	@cp $(KIOSK_SRC)/FyneApp.toml $(PKG)/FyneApp.toml.orig; \
	restore() { cp $(PKG)/FyneApp.toml.orig $(KIOSK_SRC)/FyneApp.toml; rm -f $(PKG)/FyneApp.toml.orig \
		"$(KIOSK_SRC)/OneStop Hall Kiosk.exe" $(KIOSK_SRC)/kiosk.exe $(KIOSK_SRC)/kiosk \
		$(KIOSK_SRC)/fyne.syso $(KIOSK_SRC)/fyne_metadata_init.go; }; \
	trap restore EXIT; trap 'exit 1' INT TERM; \
	echo "fyne package $(1)"; $(4) \
	cd $(PKG) && $(2) GOFLAGS=-ldflags=-X=onestop/version.Version=$(VERSION) \
		$(FYNE) package $(1) -release -src $(KIOSK_SRC) -tags $(TAGS) \
		-app-version $(APP_VERSION) -app-build $(APP_BUILD) && $(3)
endef

package: deps
	rm -rf $(PKG) && mkdir -p $(PKG)/stage
	$(call fyne_package,-os linux,,mv "OneStop Hall Kiosk.tar.xz" onestop-kiosk_$(PKG_VERSION)_linux_$(PKG_ARCH).tar.xz)
	@# The .deb ships the very binary of the tarball.
	tar -xJOf $(PKG)/onestop-kiosk_$(PKG_VERSION)_linux_$(PKG_ARCH).tar.xz --wildcards '*/bin/kiosk' >$(PKG)/stage/onestop-kiosk
	$(GO) build -trimpath -tags $(TAGS) -ldflags "$(LDFLAGS) -s -w" -o $(PKG)/stage/onestop-central ./sync/cmd/central
	PKG_VERSION=$(PKG_VERSION) PKG_STAGE=$(PKG)/stage $(NFPM) package -f packaging/kiosk/nfpm.yaml -p deb -t $(PKG)/
	PKG_VERSION=$(PKG_VERSION) PKG_STAGE=$(PKG)/stage $(NFPM) package -f packaging/central/nfpm.yaml -p deb -t $(PKG)/
	@# For Windows fyne builds twice, and the first build takes -ldflags out
	@# of GOFLAGS: the second, shipped one would say dev. Given an
	@# -executable that exists, it skips the first and overwrites the file.
	$(call fyne_package,-os windows -executable $(KIOSK_SRC)/kiosk.exe,CC=x86_64-w64-mingw32-gcc,\
		mv "$(KIOSK_SRC)/OneStop Hall Kiosk.exe" onestop-kiosk_$(PKG_VERSION)_windows_$(PKG_ARCH).exe,\
		: >$(KIOSK_SRC)/kiosk.exe;)
	@ls -l $(PKG)

test: test-unit test-xvfb

# package first: packaging/'s tests check its artefacts (and fail under
# CI=true without them). With a warm build cache it adds under a minute.
test-unit: deps services package
	$(GO) vet -tags $(TAGS) ./...
	$(GO) test -tags $(TAGS) -count=1 ./...

# The real binary in a real X server: screenshot, OCR, a scanned check-in.
test-xvfb: build
	@mkdir -p $(OUT)/screenshots
	KIOSK_BIN=$(CURDIR)/$(BIN)/kiosk SCREENSHOT_DIR=$(CURDIR)/$(OUT)/screenshots \
		$(XVFB) $(GO) test -tags "xvfb $(TAGS)" -count=1 -run Xvfb -v ./kiosk/cmd/kiosk/

# The cold start is measured on the production path: a kiosk with its
# own store (a 50,000-student roster, synced once from the demo central)
# and no central in the process. Go benchmarks run one package at a
# time (-p 1): in parallel they would share the two cores and measure
# each other.
bench: build services
	@mkdir -p $(OUT)
	$(GO) test -p 1 -tags $(TAGS) -run '^$$' -bench . -benchmem ./... | tee $(OUT)/bench.txt
	@rm -rf $(OUT)/coldstart && $(XVFB) $(BIN)/kiosk --demo --data $(OUT)/coldstart --demo-students 50000 --exit-after-start >/dev/null 2>&1
	$(XVFB) $(BIN)/coldstart -n 15 \
		"$(BIN)/fynehello -exit-after-start" \
		"$(BIN)/kiosk --data $(OUT)/coldstart/demo --exit-after-start" | tee $(OUT)/coldstart.md

# Fuzz targets, as package:name, one per untrusted input. `make test`
# runs their seeds and the inputs kept in testdata/fuzz/; `make fuzz`
# fuzzes each in turn for FUZZTIME (`make fuzz FUZZTIME=10s`; FUZZFLAGS
# for more, e.g. -parallel 1). A crasher is written to the package's
# testdata/fuzz/<name>/: fix the fault and keep the file. Go 1.26 can
# fail a timed run with a bare "context deadline exceeded" as the time
# runs out (golang/go#75804, fixed in 1.27); that wrote no input and is
# not counted.
FUZZTIME  ?= 1m
FUZZFLAGS ?= -fuzzminimizetime 10s
FUZZ := ./kiosk:FuzzSettings \
        ./kiosk/ui:FuzzWedge \
        ./sync/central:FuzzDecodeCursor \
        ./sync/central:FuzzEncodeCursor \
        ./sync/central/admin:FuzzRoster \
        ./sync/central/server:FuzzPush \
        ./sync/central/server:FuzzChanges \
        ./sync/central/server/public:FuzzRequestForm

fuzz: deps
	@mkdir -p $(OUT); failed=; \
	for t in $(FUZZ); do \
		pkg=$${t%%:*}; name=$${t#*:}; log=$(OUT)/fuzz-$$name.log; \
		echo "== $$name ($$pkg) for $(FUZZTIME)"; \
		{ $(GO) test -tags $(TAGS) -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $(FUZZFLAGS) $$pkg; \
		  echo $$? >$$log.rc; } 2>&1 | tee $$log; \
		if [ "$$(cat $$log.rc)" != 0 ]; then \
			if grep -q '^    context deadline exceeded$$' $$log && ! grep -q 'Failing input written' $$log; then \
				echo "(golang/go#75804 at the deadline, not a crasher)"; \
			else failed="$$failed $$name"; fi; \
		fi; \
		rm -f $$log.rc; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzzing failed:$$failed (see $(OUT)/fuzz-*.log)"; exit 1; fi

# The vendored JavaScript (third_party/), refreshed from the exact
# versions package-lock.json pins; the copies are committed, so building
# and testing need no npm.
vendor-js:
	cd third_party && npm ci --ignore-scripts --no-audit --no-fund
	cp third_party/node_modules/axe-core/axe.min.js third_party/node_modules/axe-core/LICENSE third_party/axe-core/

clean:
	rm -rf $(BIN) $(OUT)
