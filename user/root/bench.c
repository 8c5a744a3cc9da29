/*
 * Kernel benchmarks, measured from the root task with rdinstret (exact
 * and repeatable under QEMU -icount shift=0, as `make bench` runs it):
 * the IPC round trip between two address spaces, a signal to a waiting
 * thread, mapping and unmapping a page, and retyping one object. Each
 * figure is instructions per operation, averaged over many, after a
 * warm-up. It only measures and prints; nothing here passes or fails.
 */
#include "bench.h"

#include "lx/print.h"
#include "lx/syscall.h"
#include "rtest.h"

#define N 1000
#define SERVER_CODE 0x10000ul
#define SCRATCH_VA 0x7ff00000ul     /* a free page beside the root's IPC buffer */

/* The other address space's programs, position independent; a0 = the
 * capability they serve. The echo server answers every Call with an empty
 * reply; the waiter waits on a notification for ever. */
__asm__(".section .text.bench, \"ax\"\n"
        ".balign 4\n"
        ".option push\n"
        ".option norvc\n"
        ".globl bench_server_start\n"
        "bench_server_start:\n"
        "  mv s0, a0\n"
        "  li a7, 4\n"              /* LX_SYS_RECV */
        "  ecall\n"
        "1:\n"
        "  mv a0, s0\n"
        "  li a1, 0\n"              /* reply: label 0, no MRs */
        "  li a7, 1\n"              /* LX_SYS_REPLY_RECV */
        "  ecall\n"
        "  j 1b\n"
        ".globl bench_server_end\n"
        "bench_server_end:\n"
        ".globl bench_waiter_start\n"
        "bench_waiter_start:\n"
        "  mv s0, a0\n"
        "1:\n"
        "  mv a0, s0\n"
        "  li a7, 4\n"              /* LX_SYS_RECV on a notification: Wait */
        "  ecall\n"
        "  j 1b\n"
        ".globl bench_waiter_end\n"
        "bench_waiter_end:\n"
        ".option pop\n"
        ".text\n");
extern const char bench_server_start[], bench_server_end[];
extern const char bench_waiter_start[], bench_waiter_end[];

static uint64_t instret(void)
{
    uint64_t n;

    __asm__ volatile("rdinstret %0" : "=r"(n));
    return n;
}

static void report(const char *name, uint64_t total, uint64_t count, const char *what)
{
    lx_puts("bench ");
    lx_puts(name);
    lx_puts(": ");
    lx_put_dec(total / count);
    lx_puts(" instructions (");
    lx_puts(what);
    lx_puts(")\n");
}

/* A thread running [start, end) in an address space of its own, at prio,
 * started with a0 = arg; its TCB slot, or 0. */
static uint64_t start_program(struct rtest *c, const char *start, const char *end, uint64_t arg,
                              uint64_t prio)
{
    uint64_t vs = rtest_new_vspace(c), tcb = rtest_make(c, LX_OBJ_TCB), d;
    uint64_t regs[LX_REG_A0 + 1] = { 0 };

    if (!vs || !tcb || !rtest_load_code(c, vs, SERVER_CODE, SCRATCH_VA, start, end) ||
        lx_tcb_configure(tcb, 0, CN, vs, 0, 0, prio, prio, &d) != 0)
        return 0;
    regs[LX_REG_PC] = SERVER_CODE;
    regs[LX_REG_A0] = arg;
    if (lx_tcb_write_registers(tcb, LX_WRITE_REGS_RESUME, LX_REG_A0 + 1, regs) != 0)
        return 0;
    return tcb;
}

static int bench_ipc(struct rtest *c)
{
    uint64_t ep = rtest_make(c, LX_OBJ_ENDPOINT), t0, t1;
    struct lx_msg m;

    if (!ep || !start_program(c, bench_server_start, bench_server_end, ep, LX_MAX_PRIO))
        return 1;
    for (int round = 0; round < 2; round++) {       /* the first is the warm-up */
        t0 = instret();
        for (int i = 0; i < N; i++) {
            m = (struct lx_msg){ LX_MSGINFO(1, 1), { 1, 0, 0, 0 }, 0 };
            lx_call_ep(ep, &m);
        }
        t1 = instret();
    }
    report("ipc_roundtrip", t1 - t0, N,
           "Call + ReplyRecv between two address spaces, 1 MR, both at priority 255");
    return 0;
}

static int bench_signal(struct rtest *c)
{
    uint64_t n = rtest_make(c, LX_OBJ_NOTIFICATION), t0, t1;

    /* The waiter above us: each signal runs it until it waits again. */
    lx_tcb_set_priority(SELF, LX_MAX_PRIO - 1);
    if (!n || !start_program(c, bench_waiter_start, bench_waiter_end, n, LX_MAX_PRIO))
        return 1;
    for (int round = 0; round < 2; round++) {
        t0 = instret();
        for (int i = 0; i < N; i++)
            lx_signal(n);
        t1 = instret();
    }
    lx_tcb_set_priority(SELF, LX_MAX_PRIO);
    report("ntfn_signal_wakeup", t1 - t0, N,
           "Signal to a higher-priority thread waiting in another address space, until it "
           "waits again");
    return 0;
}

static int bench_map(struct rtest *c)
{
    uint64_t f = rtest_make(c, LX_OBJ_FRAME), t0, t1, d;

    if (!f)
        return 1;
    for (int round = 0; round < 2; round++) {
        t0 = instret();
        for (int i = 0; i < N; i++) {
            lx_frame_map(f, LX_SLOT_VSPACE, SCRATCH_VA, LX_VM_READ | LX_VM_WRITE, &d);
            lx_frame_unmap(f);
        }
        t1 = instret();
    }
    report("frame_map_unmap", t1 - t0, N, "Frame_Map + Frame_Unmap of one 4 KiB page");
    return 0;
}

static int bench_retype(struct rtest *c)
{
    enum { R = 64 };
    uint64_t first = c->next, t0, t1;

    if (c->bi->empty_end - first < R)
        return 1;
    t0 = instret();
    for (uint64_t i = 0; i < R; i++)
        lx_untyped_retype(c->ut, LX_OBJ_ENDPOINT, 0, first + i, 1);
    t1 = instret();
    c->next += R;
    report("retype_endpoint", t1 - t0, R, "Untyped_Retype of one endpoint, object zeroed");
    return 0;
}

int kernel_bench(const struct lx_bootinfo *bi, uint64_t ut)
{
    struct rtest c = { bi, ut, bi->empty_first + 8, 0, 0 };
    int failed = bench_ipc(&c) + bench_signal(&c) + bench_map(&c) + bench_retype(&c);

    lx_cnode_revoke(CN, ut);
    if (failed)
        lx_puts("bench: some measurements could not be set up\n");
    return failed;
}
