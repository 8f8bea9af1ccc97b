# BitLab: the README's commands. `make run` and `make test` install what is missing,
# configure, build into build/ and then start the app or run every test.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
CTEST_FLAGS ?=

.PHONY: all deps configure build run test clean bench format

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

format:
	@find app core ui tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
