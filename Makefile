# voicegate: `make run` starts the gateway on the offline default engines, `make test` runs every test.
# Both install the Debian and npm packages they need first (on a fresh Debian machine, as root or with sudo).

DEB_PACKAGES := espeak-ng libespeak-ng-dev flite flite1-dev pocketsphinx pocketsphinx-en-us \
	libpocketsphinx-dev libsphinxbase-dev libopus-dev libopusfile-dev pkg-config gcc sox sqlite3 \
	chromium sip-tester
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
GO ?= go
CONFIG ?= configs/voicegate.yaml
E2E_DIR := telephony/webrtc/e2e

.PHONY: deps run build test bench vet fmt-check

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y $$missing; \
	fi
	@# Node may come from another source than Debian (whose npm package then conflicts): check the commands.
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y nodejs npm; fi
	@if [ -f $(E2E_DIR)/package.json ] && [ ! -d $(E2E_DIR)/node_modules/playwright-core ]; then \
		cd $(E2E_DIR) && npm ci --no-audit --no-fund; fi

build: deps
	$(GO) build -o bin/voicegate ./cmd/voicegate

run: build
	./bin/voicegate serve --config $(CONFIG)

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# Every package under the race detector; then the dataset-scale accuracy checks, which the race detector
# slows tenfold and which therefore skip themselves under -race, once without it.
test: deps fmt-check vet
	$(GO) test -race -count=1 -timeout 80m ./...
	$(GO) test -count=1 -timeout 20m -run 'TestCLINC150Goals|TestDevSplitAccuracy' ./dialog/intent/

bench: deps
	$(GO) test -run '^$$' -bench . -benchtime 2x ./...
