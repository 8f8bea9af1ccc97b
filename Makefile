# BitLab: the README's commands. `make run` and `make test` install what is missing,
# configure, build into build/ and then start the app or run every test.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
CTEST_FLAGS ?=

PREFIX ?= /usr/local

.PHONY: all deps configure build run test test-slow test-asan test-tsan test-sanitizers fuzz fuzz-run clean bench format check-format install package check-deps

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) > /dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	./$(BUILD_DIR)/bin/bitlab

test: build
	cd $(BUILD_DIR) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS) -LE slow $(CTEST_FLAGS)

# Installs bitlab, bitlab-cli, the desktop entry, the icon and the AppStream metainfo under
# $(PREFIX) (DESTDIR is honoured): `make install PREFIX=$$HOME/.local`.
install: build
	cmake --install $(BUILD_DIR) --prefix $(PREFIX)

# A .deb (build/bitlab_VERSION_ARCH.deb) whose Depends dpkg-shlibdeps computes:
# `sudo apt install ./build/bitlab_*.deb`.
package: build
	cd $(BUILD_DIR) && cpack -G DEB

# The dependency guard (scripts/check-deps.sh): everything the build used from the system
# comes from a package scripts/install-deps.sh installs (or a hard dependency of one).
check-deps: build
	@bash scripts/check-deps.sh $(BUILD_DIR)

# The slow load tests (label "slow", docs/reliability.md): a minute of 10^5 records a second
# through the worker, a 2,000,000-row CSV loaded and cancelled in the GUI. One at a time, so
# their timings are not disturbed by each other.
test-slow: build
	cd $(BUILD_DIR) && QT_QPA_PLATFORM=offscreen BITLAB_SLOW=1 ctest --output-on-failure -V -L slow $(CTEST_FLAGS)

# Benchmarks (docs/performance.md): data once, engine, PyTorch, comparison.
# BENCH_REPS=5 BENCH_ONLY=W1,W3 BENCH_SKIP_PYTORCH=1 narrow it.
bench: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target gen_data bitlab_bench
	@BUILD_DIR=$(BUILD_DIR) bash bench/run_all.sh

# The sanitizer trees build only what the tests need (the test executables and bitlab-cli,
# not the GUI app nor the benches), at -O1, in the Debug configuration so Q_ASSERT and assert
# (e.g. the UI-thread checks in ui/) are live. ccache is used when installed.
CCACHE := $(shell command -v ccache 2>/dev/null)
SAN_LAUNCHER = $(if $(CCACHE),-DCMAKE_CXX_COMPILER_LAUNCHER=$(CCACHE))
ALL_TEST_TARGETS = $(foreach f,$(wildcard tests/*/tst_*.cpp),$(word 2,$(subst /, ,$(f)))_$(basename $(notdir $(f))))
TEST_TARGETS = bitlab-cli $(foreach t,$(ALL_TEST_TARGETS),$(if $(findstring _tst_slow_,$(t)),,$(t)))
CORE_TEST_TARGETS = $(foreach f,$(wildcard tests/core/tst_*.cpp),core_$(basename $(notdir $(f))))

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer (errors are fatal), but
# the install test.
ASAN_FLAGS = -fsanitize=address,undefined -fsanitize=float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer
test-asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug $(SAN_LAUNCHER) -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
		-DCMAKE_CXX_FLAGS="$(ASAN_FLAGS)" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" > /dev/null
	@cmake --build build-asan -j $(JOBS) --target $(TEST_TARGETS)
	cd build-asan && QT_QPA_PLATFORM=offscreen ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS) -LE 'slow|install' $(CTEST_FLAGS)

# ThreadSanitizer on the Qt-free core suites only (Debian's Qt is not instrumented).
test-tsan: deps
	@cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug $(SAN_LAUNCHER) -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
		-DBITLAB_BUILD_GUI=OFF -DCMAKE_CXX_FLAGS="-fsanitize=thread" \
		-DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" > /dev/null
	@cmake --build build-tsan -j $(JOBS) --target $(CORE_TEST_TARGETS)
	cd build-tsan && TSAN_OPTIONS=halt_on_error=1:suppressions=$(CURDIR)/tests/tsan.supp ctest --output-on-failure -j $(JOBS) -R '^core_' -LE slow $(CTEST_FLAGS)

# Both sanitizer suites (what .ci/run runs after `make test`).
test-sanitizers: test-asan test-tsan

# libFuzzer targets (clang, ASan + UBSan), off by default: build-fuzz/fuzz_csv, fuzz_experiment, fuzz_weights.
# Run e.g. build-fuzz/fuzz_csv -max_total_time=600 build-fuzz/corpus-csv tests/fuzz/corpus/csv
fuzz:
	@bash scripts/install-deps.sh clang libclang-rt-14-dev
	@cmake -S fuzz -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ > /dev/null
	@cmake --build build-fuzz -j $(JOBS)

# One fuzzing pass per target, one after the other, FUZZ_SECONDS each (docs/reliability.md):
# each starts from the committed seeds and grows its own corpus in build-fuzz/corpus-<name>.
FUZZ_SECONDS ?= 600
fuzz-run: fuzz
	@for t in csv experiment weights; do \
		seeds=tests/fuzz/corpus/$$t; dict=-dict=fuzz/json.dict; \
		[ $$t = experiment ] && seeds=tests/fuzz/corpus/json; [ $$t = csv ] && dict=; \
		mkdir -p build-fuzz/corpus-$$t; \
		echo "== fuzz_$$t, $(FUZZ_SECONDS) s (log: build-fuzz/fuzz_$$t.log)"; \
		build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=5 $$dict \
			-print_final_stats=1 build-fuzz/corpus-$$t $$seeds > build-fuzz/fuzz_$$t.log 2>&1; \
		rc=$$?; grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|stat::(number_of_executed_units|peak_rss_mb)|SUMMARY)' \
			build-fuzz/fuzz_$$t.log; \
		[ $$rc = 0 ] || { echo "fuzz_$$t found a bug (exit $$rc): see build-fuzz/fuzz_$$t.log"; exit 1; }; \
	done

format: deps
	@bash scripts/check-format.sh --fix

# Fails naming each C++ file that clang-format (the root .clang-format) would change.
check-format: deps
	@bash scripts/check-format.sh

clean:
	rm -rf $(BUILD_DIR)
