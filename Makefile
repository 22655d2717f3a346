# Tessel: the targets users type. `make help` lists them.
#
#   make run                 the demo on the default configuration (installs dependencies)
#   make test                every test for the tiny and small configurations, through CTest
#   make test CONFIG=tiny    the tests of one configuration
#   make lint                Verilator -Wall lint of every RTL top in every configuration

SHELL       := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CONFIG      ?=
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
TRACE       ?= 0
CTEST_ARGS  ?=
DEMO_ARGS   ?=

# `make test` covers tiny and small unless CONFIG names one; `make run` uses the default (small).
TEST_CONFIGS := $(if $(CONFIG),$(CONFIG),tiny small)
RUN_CONFIG   := $(if $(CONFIG),$(CONFIG),small)
LINT_CONFIGS := tiny small trn

# One build tree per set of configurations, so `make test CONFIG=tiny` never rebuilds small.
build_dir = build/$(subst $(eval) ,-,$(strip $(1)))
TEST_BUILD := $(call build_dir,$(TEST_CONFIGS))
RUN_BUILD  := $(call build_dir,$(RUN_CONFIG))

# ccache keys on relative paths, so a fresh clone in another folder still hits the cache.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: help deps check-config build test run lint bench clean

help:
	@echo "Tessel make targets:"
	@echo "  make run [CONFIG=small] [TRACE=1]   demo on one configuration (default small)"
	@echo "  make test [CONFIG=tiny|small]       build and run the tests (default: tiny and small)"
	@echo "  make lint                           verilator --lint-only -Wall, all configurations"
	@echo "  make bench [CONFIG=trn]             build time, peak memory, simulation speed"
	@echo "  make build [CONFIG=...]             build without running"
	@echo "  make deps                           install the Debian 12 packages we need"
	@echo "  make clean                          remove build/"
	@echo "Options: JOBS=N, CTEST_ARGS='-R name', DEMO_ARGS='--help'"

deps:
	@scripts/install-deps.sh

# An unknown configuration name is an error here, before anything builds.
check-config: deps
	@for c in $(TEST_CONFIGS) $(RUN_CONFIG); do python3 scripts/gen_config.py --check $$c; done

define configure_and_build
	cmake -S . -B $(1) -DCMAKE_BUILD_TYPE=Release \
	  -DTESSEL_CONFIGS="$(subst $(eval) ,;,$(strip $(2)))" > $(1).configure.log \
	  || { cat $(1).configure.log; exit 1; }
	cmake --build $(1) -j $(JOBS) $(3)
endef

build: check-config
	@mkdir -p build
	$(call configure_and_build,$(TEST_BUILD),$(TEST_CONFIGS))

test: build
	ctest --test-dir $(TEST_BUILD) -j $(JOBS) --output-on-failure \
	  --output-junit junit.xml $(CTEST_ARGS)
	@echo "JUnit report: $(TEST_BUILD)/junit.xml"

run: check-config
	@if [ "$(RUN_CONFIG)" = trn ]; then \
	  echo "make run: the core demo is built for tiny and small; trn is for 'make bench' and 'make lint'" >&2; \
	  exit 2; fi
	@mkdir -p build
	$(call configure_and_build,$(RUN_BUILD),$(RUN_CONFIG),--target tessel_core_demo_$(RUN_CONFIG))
	$(RUN_BUILD)/verif/core/tessel_core_demo_$(RUN_CONFIG) \
	  $(if $(filter 1,$(TRACE)),--trace=$(RUN_BUILD)/demo.fst) $(DEMO_ARGS)

lint: deps
	@scripts/lint.sh $(LINT_CONFIGS)

# Build time, peak memory and simulation speed of one configuration (default trn).
bench: deps
	scripts/bench.sh $(if $(CONFIG),$(CONFIG),trn) $(DEMO_ARGS)

clean:
	rm -rf build
