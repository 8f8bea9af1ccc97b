# BitLab: the README's commands. `make run` and `make test` install what is missing,
# configure, build into build/ and then start the app or run every test.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
CTEST_FLAGS ?=

.PHONY: all deps configure build run test test-asan test-tsan fuzz clean bench format

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
	cd $(BUILD_DIR) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS) $(CTEST_FLAGS)

# Benchmarks (issue 6, docs/performance.md): data once, engine, PyTorch, comparison.
# BENCH_REPS=5 BENCH_ONLY=W1,W3 BENCH_SKIP_PYTORCH=1 narrow it.
bench: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target gen_data bitlab_bench
	@BUILD_DIR=$(BUILD_DIR) bash bench/run_all.sh

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer (errors are fatal).
ASAN_FLAGS = -fsanitize=address,undefined -fsanitize=float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer -g
test-asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DCMAKE_CXX_FLAGS="$(ASAN_FLAGS)" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" > /dev/null
	@cmake --build build-asan -j $(JOBS)
	cd build-asan && QT_QPA_PLATFORM=offscreen ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS) $(CTEST_FLAGS)

# ThreadSanitizer on the Qt-free core suites only (Debian's Qt is not instrumented).
test-tsan: deps
	@cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBITLAB_BUILD_GUI=OFF \
		-DCMAKE_CXX_FLAGS="-fsanitize=thread -g" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" > /dev/null
	@cmake --build build-tsan -j $(JOBS) --target $$(cd tests/core && ls tst_*.cpp | sed 's/^/core_/; s/\.cpp$$//')
	cd build-tsan && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -j $(JOBS) -R '^core_' $(CTEST_FLAGS)

# libFuzzer targets (clang, ASan + UBSan), off by default: build-fuzz/fuzz_csv, build-fuzz/fuzz_json.
# Run e.g. build-fuzz/fuzz_csv -max_total_time=600 build-fuzz/corpus-csv tests/fuzz/corpus/csv
fuzz:
	@bash scripts/install-deps.sh clang libclang-rt-14-dev
	@cmake -S fuzz -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ > /dev/null
	@cmake --build build-fuzz -j $(JOBS)

format:
	@find app core ui tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
