# LX-OS: the one Makefile. `make run` boots the system (once the kernel
# exists), `make test` runs every test tier and prints "N passed, N failed".
# Build products go to build/<variant>/:
#   host  - host compiler, -O2 (host tests, benchmarks)
#   asan  - host compiler with ASan+UBSan (the same host tests)
#   rv64  - riscv64-unknown-elf-gcc; lib/ freestanding, tests on picolibc
#           semihosting, run under qemu-system-riscv64
#   fuzz  - clang libFuzzer targets

.DEFAULT_GOAL := all
.SUFFIXES:
MAKEFLAGS += --no-print-directory
ifeq ($(MAKELEVEL),0)
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
endif
.SECONDARY:

SHARED ?= $(abspath $(CURDIR)/../shared)
B := build
HOST_ARCH := $(shell uname -m)

HOST_CC ?= gcc
FUZZ_CC ?= clang
RV_CC ?= riscv64-unknown-elf-gcc
RV_NM ?= riscv64-unknown-elf-nm
RV_LD ?= riscv64-unknown-elf-ld
RV_OBJCOPY ?= riscv64-unknown-elf-objcopy
QEMU_RV ?= qemu-system-riscv64

FUZZ_SMOKE_SECONDS ?= 4
FUZZ_SECONDS ?= 600
TEST_TIMEOUT ?= 900

# ---- flags ----------------------------------------------------------------

WARN := -std=c11 -Wall -Wextra -Werror
INC := -Ilib
# lib/ is freestanding: no libc headers beyond the compiler's own, and GCC
# must not turn its loops into calls to memcpy/memset.
LIB_GCC := -ffreestanding -fno-tree-loop-distribute-patterns
TEST_DEFS := -Itests/common -Itests/host/common -Ihost/common -DLX_SHARED_DIR='"$(SHARED)"' \
             -D_DEFAULT_SOURCE $(shell xml2-config --cflags)

RV_ARCH := -march=rv64gc -mabi=lp64d -mcmodel=medany
RV_PICO := --specs=picolibc.specs --oslib=semihost --crt0=semihost
# QEMU virt RAM starts at 0x80000000; -m 256M below.
RV_LINK := -Wl,--defsym=__flash=0x80000000 -Wl,--defsym=__flash_size=0x400000 \
           -Wl,--defsym=__ram=0x80400000 -Wl,--defsym=__ram_size=0xfc00000 \
           -Wl,--defsym=__stack_size=0x100000
QEMU_RV_SEMI := $(QEMU_RV) -machine virt -m 256M -bios none -nographic -monitor none \
           -semihosting-config enable=on,target=native

host_CC := $(HOST_CC)
host_OPT := -O2 -g
host_LIB := $(LIB_GCC)
asan_CC := $(HOST_CC)
asan_OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
asan_LIB := $(LIB_GCC)
rv64_CC := $(RV_CC)
rv64_OPT := -O2 -g $(RV_ARCH)
rv64_LIB := $(LIB_GCC)
fuzz_CC := $(FUZZ_CC)
fuzz_OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined
fuzz_LIB := -ffreestanding

# ---- sources --------------------------------------------------------------

LIB_SRCS := $(sort $(wildcard lib/*/*.c))
LIB_ARCH_SRCS_x86_64 := $(sort $(wildcard lib/*/arch/x86_64/*.c))
HOST_LIB_SRCS := $(LIB_SRCS) $(LIB_ARCH_SRCS_$(HOST_ARCH))
TEST_COMMON := tests/common/vec.c
HOST_TEST_COMMON := $(sort $(wildcard tests/host/common/*.c))
# Host-only code (OpenSSL, files, terminals): host/common is a library shared
# by the lx tool and the host tests; host/lx is the tool.
HOSTLIB_SRCS := $(sort $(wildcard host/common/*.c))
LX_SRCS := $(sort $(wildcard host/lx/*.c))
HOST_LIBS := -lcrypto -largon2 -lxml2

LIB_TESTS := $(sort $(basename $(notdir $(wildcard tests/lib/test_*.c))))
HOST_TESTS := $(sort $(basename $(notdir $(wildcard tests/host/test_*.c))))
FUZZ_TARGETS := $(sort $(basename $(notdir $(wildcard fuzz/fuzz_*.c))))
HOST_BENCHES := $(sort $(basename $(notdir $(wildcard bench/bench_*.c))))
RV64_BENCHES := $(sort $(basename $(notdir $(wildcard bench/rv64/bench_*.c))))

objs = $(patsubst %.c,$(B)/$(1)/obj/%.o,$(2))
lib_objs = $(call objs,$(1),$(if $(filter rv64,$(1)),$(LIB_SRCS),$(HOST_LIB_SRCS)))

# ---- compile rules, one set per variant ----------------------------------

define variant_rules
$(B)/$(1)/obj/lib/%.o: lib/%.c
	@mkdir -p $$(@D)
	$$($(1)_CC) $(WARN) $$($(1)_OPT) $$($(1)_LIB) $(INC) -MMD -MP -c $$< -o $$@

$(B)/$(1)/obj/%.o: %.c
	@mkdir -p $$(@D)
	$$($(1)_CC) $(WARN) $$($(1)_OPT) $(INC) $(TEST_DEFS) $$($(1)_TESTFLAGS) -MMD -MP -c $$< -o $$@

$(B)/$(1)/liblx.a: $$(call lib_objs,$(1))
	@rm -f $$@
	$$(if $$(filter rv64,$(1)),riscv64-unknown-elf-ar,ar) rcs $$@ $$^
endef

rv64_TESTFLAGS := $(RV_PICO) -DLX_RV64_SHIM -Itests/rv64
$(foreach v,host asan rv64 fuzz,$(eval $(call variant_rules,$(v))))

# ---- host and asan test programs ------------------------------------------

define host_test_rules
$(B)/$(1)/tests/%: $(B)/$(1)/obj/tests/lib/%.o $(call objs,$(1),$(TEST_COMMON)) $(B)/$(1)/liblx.a
	@mkdir -p $$(@D)
	$$($(1)_CC) $$($(1)_OPT) $$^ -lcmocka -o $$@

# Host tests may run the variant's own lx tool (found beside the test as
# ../bin/lx) or the interface generator (../../tools), so they are built
# after them.
$(B)/$(1)/tests/host_%: $(B)/$(1)/obj/tests/host/%.o $(call objs,$(1),$(TEST_COMMON) $(HOST_TEST_COMMON)) $(B)/$(1)/libhost.a $(B)/$(1)/liblx.a | $(B)/$(1)/bin/lx $(B)/tools/geninterface
	@mkdir -p $$(@D)
	$$($(1)_CC) $$($(1)_OPT) $$^ -lcmocka $(HOST_LIBS) -o $$@

$(B)/$(1)/libhost.a: $(call objs,$(1),$(HOSTLIB_SRCS))
	@rm -f $$@
	ar rcs $$@ $$^

$(B)/$(1)/bin/lx: $(call objs,$(1),$(LX_SRCS)) $(B)/$(1)/libhost.a $(B)/$(1)/liblx.a
	@mkdir -p $$(@D)
	$$($(1)_CC) $$($(1)_OPT) $$^ $(HOST_LIBS) -o $$@

$(B)/results/$(1)/%.log: $(B)/$(1)/tests/% FORCE
	@mkdir -p $$(@D)
	@tools/run-test.sh $$@ timeout $(TEST_TIMEOUT) $$<

$(1)_PROGS := $(LIB_TESTS) $(addprefix host_,$(HOST_TESTS))
endef
$(foreach v,host asan,$(eval $(call host_test_rules,$(v))))

# ---- rv64 test programs (picolibc semihosting under QEMU) -----------------

$(B)/rv64/tests/%.elf: $(B)/rv64/obj/tests/lib/%.o $(call objs,rv64,$(TEST_COMMON) tests/rv64/cmocka_shim.c) $(B)/rv64/liblx.a
	@mkdir -p $(@D)
	$(RV_CC) $(rv64_OPT) $(RV_PICO) $(RV_LINK) $^ -o $@

$(B)/results/rv64/%.log: $(B)/rv64/tests/%.elf FORCE
	@mkdir -p $(@D)
	@tools/run-test.sh $@ timeout $(TEST_TIMEOUT) $(QEMU_RV_SEMI) -kernel $<

# lib/ must be self-contained: the relocatable link of all rv64 lib objects
# may not leave a single undefined symbol (no libc, no compiler runtime).
$(B)/rv64/lib-freestanding.ok: $(call lib_objs,rv64)
	$(RV_LD) -r -o $(B)/rv64/lib-all.o $^
	@undef=$$($(RV_NM) -u $(B)/rv64/lib-all.o); \
	if [ -n "$$undef" ]; then echo "lib/ is not freestanding; undefined symbols:"; echo "$$undef"; exit 1; fi
	@touch $@

# ---- fuzz targets ----------------------------------------------------------

$(B)/fuzz/bin/%: $(B)/fuzz/obj/fuzz/%.o $(B)/fuzz/liblx.a
	@mkdir -p $(@D)
	$(FUZZ_CC) $(fuzz_OPT) -fsanitize=fuzzer $^ $(FUZZ_LDLIBS) -o $@

# The system-description fuzzer drives the host loader and checker.
$(B)/fuzz/bin/fuzz_sysdesc: $(call objs,fuzz,host/common/sysdesc.c host/common/syscheck.c)
$(B)/fuzz/bin/fuzz_sysdesc: FUZZ_LDLIBS := $(B)/fuzz/liblx.a -lxml2

$(B)/results/fuzz/%.log: $(B)/fuzz/bin/% FORCE
	@mkdir -p $(@D) $(B)/fuzz-corpus/$*
	@tools/run-test.sh --single $@ timeout 120 $< -max_total_time=$(FUZZ_SMOKE_SECONDS) \
	    -print_final_stats=1 $(B)/fuzz-corpus/$* $(wildcard fuzz/corpus/$*)

# ---- the kernel interface, generated from kernel/interface.list -----------

# Labels, argument positions, the kernel's table and the user stubs: made
# at build time (tools/geninterface.c), never checked in.
GEN := $(B)/gen
GEN_HEADERS := $(GEN)/lx/interface.h $(GEN)/lx/interface_stubs.h $(GEN)/interface_table.h

$(B)/tools/geninterface: tools/geninterface.c
	@mkdir -p $(@D)
	$(HOST_CC) $(WARN) -O2 -D_DEFAULT_SOURCE $< -o $@

$(GEN_HEADERS) &: kernel/interface.list $(B)/tools/geninterface
	$(B)/tools/geninterface kernel/interface.list $(GEN)

# ---- kernel (rv64, runs under OpenSBI on QEMU virt) ------------------------

KERNEL_SRCS := $(sort $(wildcard kernel/*.c kernel/arch/riscv64/*.c kernel/arch/riscv64/*.S))
KERNEL_OBJS := $(patsubst %,$(B)/kernel/obj/%.o,$(basename $(KERNEL_SRCS)))
KERNEL_LD := kernel/arch/riscv64/kernel.ld
KERNEL_CFLAGS := $(WARN) -O2 -g $(RV_ARCH) $(LIB_GCC) -fno-pic -fno-stack-protector \
    -Ikernel/include -Ikernel/arch/riscv64/include -Iuser/include -I$(GEN) $(INC)
QEMU_VIRT := $(QEMU_RV) -machine virt -m 256M -nographic -bios default

$(B)/kernel/obj/%.o: %.c | $(GEN_HEADERS)
	@mkdir -p $(@D)
	$(RV_CC) $(KERNEL_CFLAGS) -MMD -MP -c $< -o $@

$(B)/kernel/obj/%.o: %.S | $(GEN_HEADERS)
	@mkdir -p $(@D)
	$(RV_CC) $(KERNEL_CFLAGS) -MMD -MP -c $< -o $@

$(B)/kernel/kernel.elf: $(KERNEL_OBJS) $(B)/rv64/liblx.a $(KERNEL_LD)
	$(RV_CC) $(RV_ARCH) -nostdlib -static -Wl,-T,$(KERNEL_LD) $(KERNEL_OBJS) $(B)/rv64/liblx.a -o $@

# The root task's ELF is linked into the kernel image (root_image.S).
$(B)/kernel/obj/kernel/arch/riscv64/root_image.o: $(B)/user/root.elf
$(B)/kernel/obj/kernel/arch/riscv64/root_image.o: KERNEL_CFLAGS += -Wa,-I$(B)/user

# OpenSBI jumps to a flat image at 0x80200000.
$(B)/kernel/kernel.bin: $(B)/kernel/kernel.elf
	$(RV_OBJCOPY) -O binary $< $@

$(B)/results/kernel/selftest.log: $(B)/kernel/kernel.bin FORCE
	@mkdir -p $(@D)
	@tools/run-kernel-test.sh $@ timeout 120 $(QEMU_VIRT) -monitor none -kernel $< -append selftest

# The root task stores into its own text: the kernel must report the fault.
$(B)/results/kernel/userfault.log: $(B)/kernel/kernel.bin FORCE
	@mkdir -p $(@D)
	@tools/run-kernel-test.sh $@ timeout 120 $(QEMU_VIRT) -monitor none -kernel $< \
	    -append "selftest userfault"

# The in-image kernel fuzzer: 200,000 random calls from an unprivileged
# thread; the kernel must survive and leave a check thread undisturbed.
$(B)/results/kernel/kfuzz.log: $(B)/kernel/kernel.bin FORCE
	@mkdir -p $(@D)
	@tools/run-kernel-test.sh $@ timeout 600 $(QEMU_VIRT) -monitor none -kernel $< \
	    -append "selftest kfuzz"

# ---- user level (rv64 programs started by the kernel) -----------------------

USER_LIB_SRCS := $(sort $(wildcard user/lib/*.c user/lib/*.S))
USER_CFLAGS := $(WARN) -O2 -g $(RV_ARCH) $(LIB_GCC) -fno-pic -fno-stack-protector \
    -Iuser/include -I$(GEN) $(INC)
user_objs = $(patsubst %,$(B)/user/obj/%.o,$(basename $(1)))

$(B)/user/obj/%.o: %.c | $(GEN_HEADERS)
	@mkdir -p $(@D)
	$(RV_CC) $(USER_CFLAGS) -MMD -MP -c $< -o $@

$(B)/user/obj/%.o: %.S | $(GEN_HEADERS)
	@mkdir -p $(@D)
	$(RV_CC) $(USER_CFLAGS) -MMD -MP -c $< -o $@

$(B)/user/root.elf: $(call user_objs,$(sort $(wildcard user/root/*.c)) $(USER_LIB_SRCS)) \
        $(B)/rv64/liblx.a user/root/root.ld
	$(RV_CC) $(RV_ARCH) -nostdlib -static -Wl,-T,user/root/root.ld \
	    $(filter %.o %.a,$^) -o $@

# ---- benchmarks ------------------------------------------------------------

$(B)/host/bench/%: $(B)/host/obj/bench/%.o $(B)/host/libhost.a $(B)/host/liblx.a
	@mkdir -p $(@D)
	$(HOST_CC) $(host_OPT) $^ $(HOST_LIBS) -o $@

# bench_ledger reads the Nexus fixtures with the tests' JSON reader.
$(B)/host/bench/bench_ledger: $(call objs,host,$(TEST_COMMON))

$(B)/rv64/bench/%.elf: $(B)/rv64/obj/bench/rv64/%.o $(B)/rv64/liblx.a
	@mkdir -p $(@D)
	$(RV_CC) $(rv64_OPT) $(RV_PICO) $(RV_LINK) $^ -o $@

# ---- top-level targets -----------------------------------------------------

.PHONY: all deps lib kernel debug test test-host test-asan test-rv64 test-kernel test-fuzz bench fuzz run clean FORCE
FORCE:

deps:
	@tools/deps.sh

all: deps
	@$(MAKE) lib $(B)/host/bin/lx $(addprefix $(B)/host/tests/,$(host_PROGS))

lib: $(B)/host/liblx.a $(B)/rv64/liblx.a $(B)/rv64/lib-freestanding.ok

kernel: $(B)/kernel/kernel.bin

TIERS := host asan rv64 kernel fuzz

# Each tier builds, then runs its programs; a tier whose build fails is
# recorded and the others still run, so the summary is always printed.
test-host test-asan: test-%: deps
	@rm -rf $(B)/results/$* $(B)/results/$*.build-failed; mkdir -p $(B)/results
	@$(MAKE) $(addprefix $(B)/$*/tests/,$($*_PROGS)) || touch $(B)/results/$*.build-failed
	@$(MAKE) -k $(addprefix $(B)/results/$*/,$(addsuffix .log,$($*_PROGS))) || true

test-rv64: deps
	@rm -rf $(B)/results/rv64 $(B)/results/rv64.build-failed; mkdir -p $(B)/results
	@$(MAKE) $(B)/rv64/lib-freestanding.ok $(addprefix $(B)/rv64/tests/,$(addsuffix .elf,$(LIB_TESTS))) \
	    || touch $(B)/results/rv64.build-failed
	@$(MAKE) -k $(addprefix $(B)/results/rv64/,$(addsuffix .log,$(LIB_TESTS))) || true

# The kernel boots under QEMU with "selftest" on its command line, prints
# one line per case and powers off; tools/run-kernel-test.sh reads it.
test-kernel: deps
	@rm -rf $(B)/results/kernel $(B)/results/kernel.build-failed; mkdir -p $(B)/results
	@$(MAKE) $(B)/kernel/kernel.bin || touch $(B)/results/kernel.build-failed
	@$(MAKE) -k $(B)/results/kernel/selftest.log $(B)/results/kernel/userfault.log \
	    $(B)/results/kernel/kfuzz.log || true

test-fuzz: deps
	@rm -rf $(B)/results/fuzz $(B)/results/fuzz.build-failed; mkdir -p $(B)/results
	@$(MAKE) $(addprefix $(B)/fuzz/bin/,$(FUZZ_TARGETS)) || touch $(B)/results/fuzz.build-failed
	@$(MAKE) -j1 -k $(addprefix $(B)/results/fuzz/,$(addsuffix .log,$(FUZZ_TARGETS))) || true

test: deps
	@$(MAKE) test-host
	@$(MAKE) test-asan
	@$(MAKE) test-rv64
	@$(MAKE) test-kernel
	@$(MAKE) test-fuzz
	@tools/test-summary.sh $(B)/results $(TIERS)

bench: deps
	@$(MAKE) $(B)/host/bin/lx $(addprefix $(B)/host/bench/,$(HOST_BENCHES)) $(addprefix $(B)/rv64/bench/,$(addsuffix .elf,$(RV64_BENCHES)))
	@for b in $(HOST_BENCHES); do $(B)/host/bench/$$b || exit 1; done
	@for b in $(RV64_BENCHES); do \
	    $(QEMU_RV_SEMI) -icount shift=0 -kernel $(B)/rv64/bench/$$b.elf || exit 1; done
	@$(MAKE) $(B)/kernel/kernel.bin
	@tools/kernel-bench.sh $(B)/kernel/kernel.elf $(QEMU_VIRT) -icount shift=0 -monitor none \
	    -kernel $(B)/kernel/kernel.bin -append "bench poweroff"

# Long fuzz runs: FUZZ_SECONDS per target, corpora kept in build/fuzz-corpus.
fuzz: deps
	@$(MAKE) $(addprefix $(B)/fuzz/bin/,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do mkdir -p $(B)/fuzz-corpus/$$t; \
	    $(B)/fuzz/bin/$$t -max_total_time=$(FUZZ_SECONDS) $(B)/fuzz-corpus/$$t || exit 1; done

# QEMU halted at reset with its GDB stub on localhost:1234, and gdb-multiarch
# attached with the kernel's symbols (quit gdb to stop QEMU).
debug: deps
	@tools/deps.sh tools/deps-debug.list
	@$(MAKE) $(B)/kernel/kernel.bin
	@$(QEMU_VIRT) -monitor none -serial file:$(B)/kernel/debug-serial.log \
	    -kernel $(B)/kernel/kernel.bin -S -gdb tcp:localhost:1234 & \
	qemu=$$!; \
	echo "debug: QEMU pid $$qemu; serial output goes to $(B)/kernel/debug-serial.log"; \
	gdb-multiarch -q $(B)/kernel/kernel.elf -ex 'set architecture riscv:rv64' \
	    -ex 'target remote localhost:1234'; \
	kill $$qemu 2>/dev/null; true

# Boots the kernel under OpenSBI in QEMU; Ctrl-A X quits.
run: deps
	@$(MAKE) $(B)/kernel/kernel.bin
	$(QEMU_VIRT) -kernel $(B)/kernel/kernel.bin

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
