# Lookout — make run | make test | make bench
GO       ?= go
BIN      := bin
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X lookout/app.Version=$(VERSION) -X main.version=$(VERSION)
# Tests run with these helpers from Debian's packages (scripts/deps.sh test).
TESTENV  := LANG=en_US.UTF-8 LOOKOUT_TEST_ALL=1
GOTEST_FLAGS ?= -count=1 -timeout 25m

.PHONY: run build lookoutd deps test-deps test bench vet clean

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

clean:
	rm -rf $(BIN)
