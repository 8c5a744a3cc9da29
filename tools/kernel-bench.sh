#!/bin/sh
# Kernel figures for `make bench`: the size of the kernel image by section
# (text, data, bss), the instructions retired from reset to the first
# user instruction, and the root task's "bench NAME: N instructions" lines
# (IPC, signal, map, retype; user/root/bench.c), all read with rdinstret
# under QEMU -icount shift=0 (exact, independent of host load).
# Usage: kernel-bench.sh KERNEL_ELF QEMU_CMD...
elf=$1
shift
echo "kernel: size of $elf (bytes)"
riscv64-unknown-elf-size -A "$elf" | awk '
    $1 == ".text" { t = $2 } $1 == ".rodata" { r = $2 } $1 == ".data" { d = $2 } $1 == ".bss" { b = $2 }
    END { printf "  .text %d  .rodata %d  .data %d  .bss %d  text+data+bss %d\n", t, r, d, b, t + d + b }'
out=$(timeout 60 "$@" 2>&1 </dev/null)
line=$(echo "$out" | grep 'starting the root task')
k=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) instructions since kernel entry.*/\1/p')
n=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) since reset.*/\1/p')
if [ -z "$k" ] || [ -z "$n" ]; then
    echo "kernel: no boot count in the output"
    exit 1
fi
echo "kernel: boot to the root task's first instruction: $k instructions in the kernel," \
    "$n since reset (OpenSBI included; QEMU -icount shift=0)"
if ! echo "$out" | grep -q '^bench '; then
    echo "kernel: no bench lines in the output"
    exit 1
fi
echo "$out" | grep '^bench ' | sed 's/^bench /kernel: /'
