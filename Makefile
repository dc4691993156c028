# The commands of the README and ARCHITECTURE §1. Each installs what is
# missing (scripts/setup), configures with CMake presets (Ninja, ccache) and builds.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 60
APP ?= app
SANDBOX_ARGS ?=

.PHONY: setup build sandbox test test-unit test-asan test-tsan fuzz bench format check-format tidy clean

setup:
	@scripts/setup

build/release/build.ninja: CMakeLists.txt CMakePresets.json
	cmake --preset release >/dev/null

build: setup build/release/build.ninja
	cmake --build build/release --target gloss -j $(JOBS)

sandbox: build
	build/release/bin/gloss sandbox --dir $(APP) $(SANDBOX_ARGS)

test: setup build/release/build.ninja
	cmake --build build/release -j $(JOBS)
	ctest --test-dir build/release --output-on-failure -j $(JOBS)

test-unit: setup build/release/build.ninja
	cmake --build build/release -j $(JOBS)
	ctest --test-dir build/release --output-on-failure -j $(JOBS) -L unit

# Unit and integration tests under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: setup
	cmake --preset asan >/dev/null
	cmake --build build/asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan-suppressions.txt \
	  ctest --test-dir build/asan --output-on-failure -j $(JOBS)

test-tsan: setup
	cmake --preset tsan >/dev/null
	cmake --build build/tsan -j $(JOBS)
	TSAN_OPTIONS=halt_on_error=1 ctest --test-dir build/tsan --output-on-failure -j $(JOBS)

# Every libFuzzer target for FUZZ_SECONDS on its seed corpus (clang).
fuzz: setup
	cmake --preset fuzz >/dev/null
	cmake --build build/fuzz -j $(JOBS) --target gloss_fuzzers
	scripts/run-fuzzers build/fuzz $(FUZZ_SECONDS)

bench: setup build/release/build.ninja
	cmake --build build/release -j $(JOBS)
	bench/startup.sh build/release/bin/gloss
	bench/jwt_verify.sh build/release
	bench/signin.sh build/release/bin/gloss
	bench/graphql/run.sh build/release/bin/gloss
	bench/s3/run.sh build/release/bin/gloss
	bench/functions/run.sh build/release/bin/gloss
	bench/queue/run.sh build/release/bin/gloss
	bench/images/run.sh build/release
	bench/annotate/run.sh build/release

format:
	git ls-files '*.h' '*.cc' | xargs clang-format -i

check-format:
	git ls-files '*.h' '*.cc' | xargs clang-format --dry-run --Werror

# The curated .clang-tidy checks over the non-test, non-benchmark sources (uses the release
# compile commands).
tidy: setup build/release/build.ninja
	git ls-files 'src/*.cc' 'sdk/*.cc' 'functions/*.cc' | grep -v -e '_test\.cc$$' -e '_bench\.cc$$' | \
	  xargs -P $(JOBS) -n 4 clang-tidy -p build/release --quiet

clean:
	rm -rf build
