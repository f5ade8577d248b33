# Lookout — make run | make test | make bench
GO       ?= go
BIN      := bin
# A Debian-valid version from git describe (scripts/version.sh).
VERSION  ?= $(shell scripts/version.sh)
# Worked out once: the binaries and the packages must carry the same one.
VERSION  := $(VERSION)
LDFLAGS  := -X lookout/app.Version=$(VERSION) -X main.version=$(VERSION)
DIST     := dist
PREFIX   ?= /usr/local
# Packages carry the last commit's time, not the build's.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || date +%s)
SOURCE_DATE_EPOCH := $(SOURCE_DATE_EPOCH)
export SOURCE_DATE_EPOCH
# Tests run with these helpers from Debian's packages (scripts/deps.sh test).
TESTENV  := LANG=en_US.UTF-8 LOOKOUT_TEST_ALL=1
GOTEST_FLAGS ?= -count=1 -timeout 25m

.PHONY: run build lookoutd deps test-deps test bench vet clean package package-bin install test-package screenshots windows test-windows

run: deps build
	./$(BIN)/lookout

build: deps
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/lookout .

lookoutd:
	CGO_ENABLED=0 $(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/lookoutd ./cmd/lookoutd

deps:
	@scripts/deps.sh build

test-deps:
	@scripts/deps.sh test

# Everything runs inside one session D-Bus and one Xvfb display, so the
# window, tray and notification tests talk to real servers.
# The packages without Fyne run under the race detector; the window's
# (cgo, OpenGL) run without it, inside Xvfb and a session bus.
RACE_PKGS = $(shell $(GO) list ./... | grep -v -e '^lookout$$' -e '^lookout/app' -e '^lookout/views' -e '^lookout/scripts')
UI_PKGS   = lookout lookout/app lookout/views lookout/scripts/...

test: test-deps build lookoutd
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt: the files above are not formatted"; exit 1; }
	$(GO) mod tidy -diff
	$(TESTENV) LOOKOUT_BIN=$(CURDIR)/$(BIN)/lookout LOOKOUTD_BIN=$(CURDIR)/$(BIN)/lookoutd \
		$(GO) test -race $(GOTEST_FLAGS) $(RACE_PKGS)
	$(TESTENV) LOOKOUT_BIN=$(CURDIR)/$(BIN)/lookout LOOKOUTD_BIN=$(CURDIR)/$(BIN)/lookoutd \
		dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
		$(GO) test $(GOTEST_FLAGS) $(UI_PKGS)
	# The window's goroutines (polling callbacks beside Settings → Save) under
	# the race detector too. Only this test: in Fyne's test driver fyne.Do
	# runs on the caller's goroutine, so tests that read widgets while a
	# callback writes them race in the driver, not in Lookout.
	$(TESTENV) dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
		$(GO) test -race $(GOTEST_FLAGS) -run 'TestSaveOffTheUIGoroutine' ./app
	$(MAKE) test-windows
	$(MAKE) test-package

# The packages: lookout_$(VERSION)_amd64.deb, lookoutd_$(VERSION)_amd64.deb and
# lookout-$(VERSION)-linux-amd64.tar.xz in $(DIST)/ (packaging/cmd/mkpkg, nfpm).
# The binaries are linked again without symbol tables (-s -w: a link, not a
# rebuild); man pages and completions come from their _docs command.
package: package-bin
	$(GO) run ./packaging/cmd/mkpkg -version $(VERSION) -bin $(DIST)/bin -out $(DIST)

package-bin: deps
	$(GO) build -ldflags "$(LDFLAGS) -s -w" -o $(DIST)/bin/lookout .
	CGO_ENABLED=0 $(GO) build -ldflags "$(LDFLAGS) -s -w" -o $(DIST)/bin/lookoutd ./cmd/lookoutd

# The same files as the packages, under $(DESTDIR)$(PREFIX) (and the daemon's
# example configuration under $(SYSCONFDIR), default /etc), through the
# Makefile of the tar.xz's tree.
install: package-bin
	$(GO) run ./packaging/cmd/mkpkg -tree-only -version $(VERSION) -bin $(DIST)/bin -out $(DIST)
	$(MAKE) -C $(DIST)/lookout-$(VERSION) install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

# Builds the packages, validates them (lintian, desktop-file-validate,
# appstreamcli, systemd-analyze), installs them with dpkg on this machine,
# runs the binaries as installed (lookoutd as its unit runs it) and removes
# them again (scripts/test-package.sh). Needs root.
# The .debs only: xz-compressing the tar.xz takes minutes on a busy machine.
test-package: test-deps package-bin
	$(GO) run ./packaging/cmd/mkpkg -tar=false -version $(VERSION) -bin $(DIST)/bin -out $(DIST)
	$(TESTENV) scripts/test-package.sh $(DIST) $(VERSION)

# Windows: lookout.exe (Fyne, cgo through mingw-w64) and lookoutd.exe in
# $(BIN)/windows, and the zip with both (scripts/windows/build.sh).
windows:
	@scripts/deps.sh windows
	GO="$(GO)" BIN="$(BIN)" VERSION="$(VERSION)" LDFLAGS="$(LDFLAGS)" scripts/windows/build.sh

# Both binaries under Wine (a fresh prefix; the window on its own Xvfb):
# snapshots, lookoutd with a real sshd and a strict WeCom fake, the window
# (scripts/wintest). Wine 8 lacks bcryptprimitives.dll, which Go needs: the
# stub is built here.
test-windows: test-deps windows
	x86_64-w64-mingw32-gcc -shared -O2 -o $(BIN)/windows/wine-bcryptprimitives.dll \
		scripts/windows/bcryptprimitives.c scripts/windows/bcryptprimitives.def -ladvapi32
	$(TESTENV) LOOKOUT_WINDOWS_DIR=$(CURDIR)/$(BIN)/windows \
		$(GO) test -tags wine $(GOTEST_FLAGS) -v ./scripts/wintest

# Everything the benchmarks and bench scripts print goes to bench/output.txt
# and, gathered with the machine and its load, to bench/results.json
# (scripts/benchjson), which the README's performance table quotes.
bench: test-deps build lookoutd
	@mkdir -p bench
	bash -o pipefail -c '{ $(TESTENV) $(GO) test -run "^$$" -bench . -benchmem -count=1 -timeout 30m ./... && \
		dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" scripts/bench-window.sh && \
		scripts/bench-daemon.sh; } 2>&1 | tee bench/output.txt | $(GO) run ./scripts/benchjson -o bench/results.json'

vet:
	$(GO) vet ./...

# The README's pictures (docs/img): the overview, the table view and a
# report, drawn from a made-up fleet by Fyne's software painter (no display).
screenshots:
	LANG=en_US.UTF-8 $(GO) run ./scripts/screenshots -out docs/img

clean:
	rm -rf $(BIN) $(DIST)
