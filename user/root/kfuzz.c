/*
 * The kernel fuzzer, run in the image ("selftest kfuzz"): an unprivileged
 * thread makes KFUZZ_CALLS random system calls with random capability
 * addresses, labels, lengths and arguments into a CSpace of its own
 * holding one or two capabilities of every kind (its CNode, endpoints,
 * notifications, an untyped, frames, a page table, a VSpace, a TCB, an
 * IRQ handler, a second CNode). The kernel must never panic or hang, and
 * must not disturb a check thread beside it, which keeps a register
 * pattern and a counter and verifies them all along. The root task,
 * below both, restarts the fuzzer whenever a call of its blocks, gives it
 * a fresh set of capabilities every REFILL_EVERY calls (it deletes what
 * it holds), and at the end checks the check thread and takes every
 * object back.
 */
#include "kfuzz.h"

#include "lx/print.h"
#include "lx/syscall.h"
#include "rtest.h"

#define KFUZZ_CALLS 200000
#define FUZZ_RADIX 6
#define FUZZ_SLOTS (1u << FUZZ_RADIX)
#define FUZZ_PRIO 100
#define CHECK_PRIO 50               /* the root's while the fuzzer runs */
#define STACK_WORDS 2048
#define BUFFER_PART 3               /* of the root's IPC buffer frame */
#define RESULT_KINDS 16
#define FILLED 13                   /* slots fill_cspace uses */
#define REFILL_EVERY 4000

struct fuzz_state {
    uint64_t rng;
    uint64_t done;                  /* calls made (counted before each) */
    uint64_t finished;
    uint64_t refill_wanted, refilled_at;
    uint64_t result[RESULT_KINDS];  /* a0 after each call: error code counts */
};

struct check_state {
    uint64_t rounds;                /* verified rounds */
    uint64_t corrupted;             /* rounds that found a register changed */
};

static volatile struct fuzz_state fz;
static volatile struct check_state chk;
static uint64_t fuzz_stack[STACK_WORDS] __attribute__((aligned(16)));

/*
 * The check thread: s2..s11 hold a pattern derived from s1 (the address
 * of chk); each round it recomputes the pattern and compares, counts the
 * round, and yields. Only the kernel's saving and restoring of its
 * registers keeps the pattern; it never writes them again.
 */
__asm__(".text\n"
        ".balign 4\n"
        ".globl check_thread_entry\n"
        "check_thread_entry:\n"
        "  mv s1, a0\n"
        "  li t0, 0x5bd1e995\n"
        "  xor s2, s1, t0\n"
        "  slli s3, s2, 1\n"
        "  slli s4, s2, 2\n"
        "  slli s5, s2, 3\n"
        "  slli s6, s2, 4\n"
        "  slli s7, s2, 5\n"
        "  slli s8, s2, 6\n"
        "  slli s9, s2, 7\n"
        "  slli s10, s2, 8\n"
        "  slli s11, s2, 9\n"
        "1:\n"
        "  li t0, 0x5bd1e995\n"
        "  xor t1, s1, t0\n"
        "  li t2, 0\n"              /* t2: any mismatch */
        "  xor t0, t1, s2\n  or t2, t2, t0\n"
        "  slli t0, t1, 1\n  xor t0, t0, s3\n  or t2, t2, t0\n"
        "  slli t0, t1, 2\n  xor t0, t0, s4\n  or t2, t2, t0\n"
        "  slli t0, t1, 3\n  xor t0, t0, s5\n  or t2, t2, t0\n"
        "  slli t0, t1, 4\n  xor t0, t0, s6\n  or t2, t2, t0\n"
        "  slli t0, t1, 5\n  xor t0, t0, s7\n  or t2, t2, t0\n"
        "  slli t0, t1, 6\n  xor t0, t0, s8\n  or t2, t2, t0\n"
        "  slli t0, t1, 7\n  xor t0, t0, s9\n  or t2, t2, t0\n"
        "  slli t0, t1, 8\n  xor t0, t0, s10\n  or t2, t2, t0\n"
        "  slli t0, t1, 9\n  xor t0, t0, s11\n  or t2, t2, t0\n"
        "  beqz t2, 2f\n"
        "  ld t0, 8(s1)\n  addi t0, t0, 1\n  sd t0, 8(s1)\n"
        "2:\n"
        "  ld t0, 0(s1)\n  addi t0, t0, 1\n  sd t0, 0(s1)\n"
        "  li a7, 7\n"              /* LX_SYS_YIELD */
        "  ecall\n"
        "  j 1b\n");
extern const char check_thread_entry[];

static uint64_t next(void)
{
    /* xorshift64*: fast, good enough to pick arguments. */
    uint64_t x = fz.rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    fz.rng = x;
    return x * 0x2545f4914f6cdd1dull;
}

/* An argument: mostly values the kernel will look at closely (slots,
 * types, rights, radixes, addresses near mappings), sometimes anything. */
static uint64_t argument(void)
{
    uint64_t r = next();

    switch (r % 8) {
    case 0: return (r >> 8) % (FUZZ_SLOTS + 4);
    case 1: return (r >> 8) % 12;
    case 2: return (r >> 8) & 15;
    case 3: return ((r >> 8) % 0x800) << 12;            /* [0, 8 MiB) pages */
    case 4: return ((r >> 8) % 4) << 21;                /* 2 MiB boundaries */
    case 5: return (r >> 8) % 300;
    case 6: return 0;
    default: return next();
    }
}

static uint64_t syscall_number(uint64_t r)
{
    static const uint8_t nrs[] = {
        LX_SYS_CALL, LX_SYS_CALL, LX_SYS_CALL, LX_SYS_CALL, LX_SYS_CALL, LX_SYS_CALL,
        LX_SYS_CALL, LX_SYS_CALL, LX_SYS_NB_SEND, LX_SYS_NB_RECV, LX_SYS_REPLY,
        LX_SYS_SEND, LX_SYS_RECV, LX_SYS_REPLY_RECV, LX_SYS_YIELD, 12,
    };
    return nrs[r % sizeof(nrs)];
}

/* Mostly the slots that hold something (1..FILLED and what the fuzzer
 * made there), then any slot, then anything at all. */
static uint64_t capability_address(uint64_t r)
{
    switch ((r >> 8) % 8) {
    case 0: return next();
    case 1: case 2: return (r >> 12) % (FUZZ_SLOTS + 2);
    default: return (r >> 12) % (FILLED + 1);
    }
}

static void one_call(struct lx_ipc_buffer *buf)
{
    uint64_t r = next();
    uint64_t nr = syscall_number(r);
    uint64_t cptr = capability_address(r);
    uint64_t label = (r >> 20) % 32 == 0 ? next() >> 40 : (r >> 25) % (LX_CNODE_MUTATE + 2);
    uint64_t len = (r >> 30) % 16 == 0 ? (r >> 34) % 100 : (r >> 34) % 9;
    struct lx_msg m = { (label << 12) | ((r >> 40) & 3) << 7 | (len & 0x7f),
                        { argument(), argument(), argument(), argument() }, 0 };

    for (unsigned i = 4; i < 12; i++)
        buf->msg[i] = argument();
    buf->caps[0] = argument();
    buf->receive_slot = argument();
    long e = lx_ipc((long)nr, cptr, &m);
    fz.result[(uint64_t)e < RESULT_KINDS ? (uint64_t)e : RESULT_KINDS - 1]++;
}

static void fuzz_entry(uint64_t buffer)
{
    struct lx_ipc_buffer *buf = (struct lx_ipc_buffer *)(uintptr_t)buffer;

    while (fz.done < KFUZZ_CALLS) {
        /* Every so often, stop for the root to refill our CSpace. */
        if (fz.done % REFILL_EVERY == 0 && fz.refilled_at != fz.done) {
            fz.refill_wanted = 1;
            lx_debug_halt(0);
        }
        fz.done++;
        one_call(buf);
    }
    fz.finished = 1;
    lx_debug_halt(0);
}

/* Start (or restart) a thread of ours at fn(arg) on stack top sp, with
 * tp = its IPC buffer. */
static long start_at(struct rtest *c, uint64_t tcb, uint64_t fn, uint64_t sp, uint64_t arg,
                     uint64_t buffer)
{
    uint64_t regs[LX_REG_A0 + 1] = { 0 };

    regs[LX_REG_PC] = fn;
    regs[LX_REG_SP] = sp;
    regs[LX_REG_GP] = c->gp;
    regs[LX_REG_TP] = buffer;
    regs[LX_REG_A0] = arg;
    lx_tcb_suspend(tcb);
    return lx_tcb_write_registers(tcb, LX_WRITE_REGS_RESUME, LX_REG_A0 + 1, regs);
}

/* Slot s of the fuzzer's CNode f gets a copy (or, move, the very cap) of
 * the root's slot src. */
static long give(uint64_t f, uint64_t s, uint64_t src, int move)
{
    return lx_cnode_op_from(f, move ? LX_CNODE_MOVE : LX_CNODE_COPY, s, src, LX_RIGHTS_ALL, 0,
                            CN, 0);
}

/* The fuzzer's CSpace: one or two capabilities of every kind, made in
 * the root's slots from c->next (the caller's scratch range). */
static long fill_cspace(struct rtest *c, uint64_t f, uint64_t irq)
{
    uint64_t ep = rtest_make(c, LX_OBJ_ENDPOINT), n = rtest_make(c, LX_OBJ_NOTIFICATION);
    uint64_t ut = rtest_slot(c), irqh = rtest_slot(c), cn2 = rtest_slot(c);
    long e = lx_untyped_retype(c->ut, LX_OBJ_UNTYPED, 16, ut, 1);

    e |= lx_untyped_retype(c->ut, LX_OBJ_CNODE, 2, cn2, 1);
    e |= give(f, 1, f, 0);
    e |= give(f, 2, ep, 0);
    e |= lx_cnode_op_from(f, LX_CNODE_MINT, 3, ep, LX_RIGHTS_ALL, 0x11, CN, 0);
    e |= give(f, 4, n, 0);
    e |= lx_cnode_op_from(f, LX_CNODE_MINT, 5, n, LX_RIGHTS_ALL, 0x22, CN, 0);
    e |= give(f, 6, ut, 1);
    e |= give(f, 7, rtest_make(c, LX_OBJ_FRAME), 1);
    e |= give(f, 8, rtest_make(c, LX_OBJ_FRAME), 1);
    e |= give(f, 9, rtest_make(c, LX_OBJ_PAGE_TABLE), 1);
    e |= give(f, 10, rtest_new_vspace(c), 1);
    e |= give(f, 11, rtest_make(c, LX_OBJ_TCB), 1);
    if (irq && lx_irq_control_get(LX_SLOT_IRQ_CONTROL, irq, irqh) == 0)
        e |= give(f, 12, irqh, 1);
    e |= give(f, 13, cn2, 1);
    return e;
}

/* Everything in the fuzzer's CNode and the scratch slots goes (revoked
 * first, so nothing derived survives), and a fresh set is made: the
 * fuzzer deletes and moves what it holds, and would soon have nothing
 * left to fuzz with. */
static long refill(struct rtest *c, uint64_t f, uint64_t scratch, uint64_t irq)
{
    for (uint64_t s = 0; s < FUZZ_SLOTS; s++) {
        lx_cnode_revoke(f, s);
        lx_cnode_delete(f, s);
    }
    for (uint64_t s = scratch; s < c->next; s++) {
        lx_cnode_revoke(CN, s);
        lx_cnode_delete(CN, s);
    }
    c->next = scratch;
    return fill_cspace(c, f, irq);
}

static void report(void)
{
    lx_puts("kfuzz: ");
    lx_put_dec(fz.done);
    lx_puts(" calls; results by error code:");
    for (int i = 0; i < RESULT_KINDS; i++) {
        lx_puts(" ");
        lx_put_dec(fz.result[i]);
    }
    lx_puts("; check thread ");
    lx_put_dec(chk.rounds);
    lx_puts(" rounds\n");
}

/* A virtio slot's interrupt: no device is attached, so it never fires. */
static uint64_t quiet_irq(const struct lx_bootinfo *bi)
{
    for (uint64_t i = 0; i < bi->n_regions && i < LX_BOOTINFO_MAX_REGIONS; i++) {
        if (bi->region[i].kind == LX_DEVICE_VIRTIO_MMIO)
            return bi->region[i].irq;
    }
    return 0;
}

static int check_registers_intact(uint64_t tcb)
{
    uint64_t regs[28], p = (uint64_t)(uintptr_t)&chk ^ 0x5bd1e995;

    if (lx_tcb_read_registers(tcb, 28, regs) != 0 || regs[9] != (uint64_t)(uintptr_t)&chk)
        return 0;
    for (int i = 0; i < 10; i++) {
        if (regs[18 + i] != p << i)
            return 0;
    }
    return 1;
}

int kfuzz_run(const struct lx_bootinfo *bi, uint64_t ut)
{
    struct rtest c = { bi, ut, bi->empty_first + 8, 0, 0 };
    uint64_t f = rtest_slot(&c), cc = rtest_slot(&c), d = 0, kicks = 0;
    uint64_t fuzzer = rtest_make(&c, LX_OBJ_TCB), checker = rtest_make(&c, LX_OBJ_TCB);
    uint64_t buffer = LX_ROOT_IPC_BUFFER_VADDR + BUFFER_PART * LX_IPC_BUFFER_ALIGN;

    __asm__("mv %0, gp" : "=r"(c.gp));
    fz.rng = 0x9e3779b97f4a7c15ull ^ bi->timebase_hz;
    uint64_t irq = quiet_irq(bi), scratch = c.next, refills = 0;
    long e = lx_untyped_retype(ut, LX_OBJ_CNODE, FUZZ_RADIX, f, 1);
    e |= lx_untyped_retype(ut, LX_OBJ_CNODE, 1, cc, 1);
    e |= fill_cspace(&c, f, irq);
    e |= lx_tcb_configure(fuzzer, 0, f, LX_SLOT_VSPACE, buffer, LX_SLOT_IPC_BUFFER, FUZZ_PRIO,
                          FUZZ_PRIO, &d);
    e |= lx_tcb_configure(checker, 0, cc, LX_SLOT_VSPACE, 0, 0, CHECK_PRIO, CHECK_PRIO, &d);
    rtest_check(&c, e == 0 && fuzzer && checker, "kfuzz_setup");
    if (e != 0)
        return c.failed;

    start_at(&c, checker, (uint64_t)(uintptr_t)check_thread_entry, 0, (uint64_t)(uintptr_t)&chk,
             0);
    /* From here on we run only when the fuzzer is blocked or stopped:
     * start it again where its counter left off. */
    lx_tcb_set_priority(SELF, CHECK_PRIO);
    while (!fz.finished) {
        kicks++;
        if (fz.refill_wanted) {
            e |= refill(&c, f, scratch, irq);
            fz.refilled_at = fz.done;
            fz.refill_wanted = 0;
            refills++;
        }
        start_at(&c, fuzzer, (uint64_t)(uintptr_t)fuzz_entry,
                 (uint64_t)(uintptr_t)&fuzz_stack[STACK_WORDS], buffer, buffer);
        lx_yield();
    }
    lx_tcb_suspend(checker);
    lx_tcb_set_priority(SELF, LX_MAX_PRIO);
    report();
    lx_puts("kfuzz: fuzzer restarted ");
    lx_put_dec(kicks);
    lx_puts(" times, its CSpace refilled ");
    lx_put_dec(refills);
    lx_puts(" times\n");
    rtest_check(&c, e == 0, "kfuzz_refills");
    rtest_check(&c, fz.done >= KFUZZ_CALLS, "kfuzz_200000_calls");
    rtest_check(&c, fz.result[LX_NO_ERROR] > 0 && fz.result[LX_FAILED_LOOKUP] > 0 &&
                    fz.result[LX_ILLEGAL_OPERATION] > 0 && fz.result[LX_INVALID_ARGUMENT] > 0,
                "kfuzz_reached_decoders");
    rtest_check(&c, chk.rounds > 50 && chk.corrupted == 0, "kfuzz_check_thread_undisturbed");
    rtest_check(&c, check_registers_intact(checker), "kfuzz_check_registers_intact");
    rtest_check(&c, lx_cnode_revoke(CN, ut) == 0 && lx_cnode_revoke(CN, LX_SLOT_IRQ_CONTROL) == 0,
                "kfuzz_everything_revoked");
    rtest_check(&c, rtest_make(&c, LX_OBJ_ENDPOINT) != 0, "kfuzz_root_still_works");
    return c.failed;
}
