# ksim: plain GNU make, one build directory per variant.
#   make            build/ksim
#   make run        build, then open the dashboard on the built-in demo
#   make test       unit, headless, demo and dashboard tests (and compiles the fuzz targets)
#   make check      the same suite on an ASan+UBSan build (build/asan)
#   make tsan       the suite on a ThreadSanitizer build (build/tsan)
#   make valgrind   unit and headless tests under valgrind (build/vg)
#   make bench      benchmark figures (asserts nothing)
#   make fuzz       every libFuzzer target for FUZZ_SECONDS (60) each (build/fuzz, clang)

VARIANT ?= release
PREFIX  ?= /usr/local
DESTDIR ?=

CC      ?= cc
PKGS    := ncursesw yaml-0.1
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ifeq ($(PKG_LIBS),)
PKG_LIBS := -lncursesw -ltinfo -lyaml
endif

WARN    := -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes \
           -Wshadow -Wformat=2 -Wno-format-nonliteral
CFLAGS_BASE := -std=c17 $(WARN) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
               -Iinclude $(PKG_CFLAGS) -pthread -MMD -MP

ifeq ($(VARIANT),release)
BUILD   := build
OPT     := -O2 -g
else ifeq ($(VARIANT),asan)
# KSIM_COLLECT_STRESS: strings are collected at every instant and swept ids never reused,
# so an id held somewhere the collector does not mark fails an assertion.
BUILD   := build/asan
OPT     := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
           -fno-sanitize-recover=all -DKSIM_COLLECT_STRESS
else ifeq ($(VARIANT),tsan)
# gcc's truncation guesses change with TSan's instrumentation; snprintf truncates on purpose here.
BUILD   := build/tsan
OPT     := -O1 -g -fsanitize=thread -Wno-format-truncation
else ifeq ($(VARIANT),vg)
BUILD   := build/vg
OPT     := -O0 -g
else ifeq ($(VARIANT),fuzz)
# clang warns about positional partial initializers ({ -1 }) that gcc accepts.
BUILD   := build/fuzz
CC      := clang
OPT     := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
           -fno-sanitize-recover=all -Wno-missing-field-initializers
else
$(error unknown VARIANT '$(VARIANT)': use release, asan, tsan, vg or fuzz)
endif

CFLAGS  ?=
LDFLAGS ?=
ALL_CFLAGS  := $(CFLAGS_BASE) $(OPT) $(CFLAGS)
ALL_LDFLAGS := $(OPT) -pthread $(LDFLAGS)
LIBS    := $(PKG_LIBS) -lm

LIB_SRC   := $(sort $(wildcard src/*/*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/default_demo.o
MAIN_OBJ  := $(BUILD)/obj/src/main.o
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_SRC := $(sort $(wildcard bench/*.c))
BENCH_OBJ := $(BENCH_SRC:%.c=$(BUILD)/obj/%.o)
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN  := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/%)
FUZZ_SECONDS ?= 60

.PHONY: all run test check tsan valgrind bench fuzz fuzzers install uninstall clean format deps units
all: deps $(BUILD)/ksim

# The Debian packages the build and the tests need (scripts/deps checks them;
# `make run` and `make test` install the missing ones, plain `make` only names them).
BUILD_DEBS := libncurses-dev libyaml-dev pkg-config
TEST_DEBS  := libcmocka-dev tmux asciinema procps tzdata

deps:
	@scripts/deps $(BUILD_DEBS)
	@pkg-config --exists $(PKGS) 2>/dev/null || { \
	  echo "ksim needs ncursesw and libyaml: apt-get install -y $(BUILD_DEBS)" >&2; exit 2; }

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The demo `make run` opens, compiled in as a C string (scenario_builtin_default()).
$(BUILD)/gen/default_demo.c: demos/default.yaml
	@mkdir -p $(@D)
	{ echo '/* Generated from $< by the Makefile. */'; \
	  echo 'extern const char scenario_default_yaml[];'; \
	  echo 'const char scenario_default_yaml[] ='; \
	  sed -e 's/[\\"?]/\\&/g' -e 's/^/\t"/' -e 's/$$/\\n"/' $<; \
	  echo ';'; } >$@

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libksim.a: $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/ksim: $(MAIN_OBJ) $(BUILD)/libksim.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(BUILD)/libksim.a
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS) -lcmocka

$(BUILD)/ksim-bench: $(BENCH_OBJ) $(BUILD)/libksim.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/fuzz_%: $(BUILD)/obj/tests/fuzz/fuzz_%.o $(BUILD)/libksim.a
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS)

FUZZ_OBJ := $(FUZZ_SRC:%.c=$(BUILD)/obj/%.o)
units: $(UNIT_BIN) $(FUZZ_OBJ)
fuzzers: $(FUZZ_BIN)
.SECONDARY: $(FUZZ_OBJ)

# A second make, so that pkg-config's answer is read after the install.
run:
	@scripts/deps --install $(BUILD_DEBS)
	@$(MAKE) --no-print-directory all
	./$(BUILD)/ksim

# tests/run prints the closing "N passed, N failed" line.
test:
	@scripts/deps --install $(BUILD_DEBS) $(TEST_DEBS)
	@$(MAKE) --no-print-directory all units
	@tests/run $(BUILD)

check:
	LSAN_OPTIONS="suppressions=$(CURDIR)/tests/lsan.supp print_suppressions=0" $(MAKE) VARIANT=asan test

tsan:
	$(MAKE) VARIANT=tsan all units
	@KSIM_TSAN=1 TSAN_OPTIONS="suppressions=$(CURDIR)/tests/tsan.supp" tests/run build/tsan

valgrind:
	$(MAKE) VARIANT=vg all units
	@KSIM_VALGRIND=1 tests/run build/vg

bench: $(BUILD)/ksim-bench $(BUILD)/ksim
	./$(BUILD)/ksim-bench

# tests/fuzz/run prints exec/s and libFuzzer's cov:/ft: per target; exit 1 on a crash.
fuzz:
	@command -v clang >/dev/null || { echo "make fuzz needs clang with libFuzzer: apt-get install -y clang" >&2; exit 2; }
	$(MAKE) VARIANT=fuzz deps fuzzers
	@tests/fuzz/run build/fuzz $(FUZZ_SECONDS)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/ksim/themes \
	           $(DESTDIR)$(PREFIX)/share/ksim/demos $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/ksim $(DESTDIR)$(PREFIX)/bin/ksim
	install -m 644 man/ksim.1 $(DESTDIR)$(PREFIX)/share/man/man1/ksim.1
	for f in themes/*.yaml; do [ -e "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(PREFIX)/share/ksim/themes/; done; true
	for f in demos/*.yaml; do [ -e "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(PREFIX)/share/ksim/demos/; done; true

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ksim $(DESTDIR)$(PREFIX)/share/man/man1/ksim.1
	rm -rf $(DESTDIR)$(PREFIX)/share/ksim

clean:
	rm -rf build

format:
	clang-format -i $$(find src include tests bench -name '*.[ch]')

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
