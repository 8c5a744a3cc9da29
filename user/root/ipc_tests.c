/*
 * Root-task self-test of threads, scheduling and IPC through real system
 * calls: TCB objects and every TCB invocation with its errors, priority
 * order and preemption, yield and round robin by the timer, endpoint IPC
 * (Call/ReplyRecv, badges, MRs in registers and in the IPC buffer,
 * non-blocking variants, one capability through IPC), notifications, and
 * what deleting a TCB or an endpoint does to the threads involved.
 *
 * The threads run in the root task's own address space and CSpace, each
 * on a static stack, with a 1 KiB IPC buffer inside the root's IPC buffer
 * frame (the root's own buffer is its first 1 KiB). The root runs at
 * priority 255; it lets the others run by dropping to 0 for a moment.
 */
#include "ipc_tests.h"

#include "lx/abi.h"
#include "lx/print.h"
#include "lx/syscall.h"
#include "rtest.h"

#define SPIN_LIMIT 100000000ul

/* What the threads report; volatile: another thread writes them. */
static volatile uint64_t g_log[16];
static volatile unsigned g_nlog;
static volatile uint64_t g_count[2];
static volatile uint64_t g_badge, g_info, g_calls;
static volatile long g_err[4];
static volatile uint64_t g_ep, g_ntfn, g_slot, g_target;

static void log_put(uint64_t v)
{
    if (g_nlog < 16)
        g_log[g_nlog++] = v;
}

static void log_reset(void)
{
    g_nlog = 0;
    for (int i = 0; i < 16; i++)
        g_log[i] = 0;
}


static int words_equal(const uint64_t *a, const uint64_t *b, int n)
{
    for (int i = 0; i < n; i++) {
        if (a[i] != b[i])
            return 0;
    }
    return 1;
}

/* ---- TCB invocations and their errors ------------------------------------ */

static void test_tcb_errors(struct rtest *c)
{
    uint64_t t = rtest_make(c, LX_OBJ_TCB), ep = rtest_make(c, LX_OBJ_ENDPOINT), d = 0, regs[4];
    uint64_t ro_frame = rtest_derive(c, LX_SLOT_IPC_BUFFER, LX_RIGHT_READ, 0);
    uint64_t buf = rtest_buffer_vaddr(0);
    struct lx_msg m = { LX_MSGINFO(LX_TCB_CONFIGURE, 4), { 0, CN, LX_SLOT_VSPACE, 0 }, 0 };

    rtest_check(c, t != 0 && ep != 0 && ro_frame != 0, "tcb_retype");
    rtest_check(c, lx_ipc(LX_SYS_CALL, t, &m) == LX_TRUNCATED_MESSAGE, "tcb_configure_truncated");
    rtest_check(c, lx_tcb_configure(t, 0, ep, LX_SLOT_VSPACE, 0, 0, 10, 10, &d) ==
                 LX_INVALID_CAPABILITY && d == 1, "tcb_configure_cspace_not_cnode");
    rtest_check(c, lx_tcb_configure(t, 0, c->bi->empty_end - 3, LX_SLOT_VSPACE, 0, 0, 10, 10, &d) ==
                 LX_FAILED_LOOKUP && d == 1, "tcb_configure_cspace_empty");
    rtest_check(c, lx_tcb_configure(t, 0, CN, CN, 0, 0, 10, 10, &d) == LX_INVALID_CAPABILITY && d == 2,
          "tcb_configure_vspace_not_vspace");
    rtest_check(c, lx_tcb_configure(t, 0, CN, LX_SLOT_VSPACE, buf, ep, 10, 10, &d) ==
                 LX_INVALID_CAPABILITY && d == 4, "tcb_configure_buffer_not_frame");
    rtest_check(c, lx_tcb_configure(t, 0, CN, LX_SLOT_VSPACE, buf, ro_frame, 10, 10, &d) ==
                 LX_INVALID_CAPABILITY && d == 4, "tcb_configure_buffer_needs_write");
    rtest_check(c, lx_tcb_configure(t, 0, CN, LX_SLOT_VSPACE, buf + 8, LX_SLOT_IPC_BUFFER, 10, 10, &d) ==
                 LX_ALIGNMENT_ERROR && d == 3, "tcb_configure_buffer_misaligned");
    rtest_check(c, lx_tcb_configure(t, 0, CN, LX_SLOT_VSPACE, buf, LX_SLOT_IPC_BUFFER, 256, 10, &d) ==
                 LX_RANGE_ERROR && d == 5, "tcb_configure_prio_range");
    rtest_check(c, lx_tcb_configure(t, 0, CN, LX_SLOT_VSPACE, buf, LX_SLOT_IPC_BUFFER, 10, 256, &d) ==
                 LX_RANGE_ERROR && d == 6, "tcb_configure_mcp_range");
    rtest_check(c, lx_tcb_resume(t) == LX_ILLEGAL_OPERATION, "tcb_resume_unconfigured");
    rtest_check(c, lx_call(t, LX_UNTYPED_RETYPE, 0, 0, 0, 0, 0) == LX_ILLEGAL_OPERATION,
          "tcb_wrong_label");
    rtest_check(c, lx_tcb_set_priority(t, 256) == LX_RANGE_ERROR, "tcb_set_priority_range");
    rtest_check(c, lx_tcb_set_mc_priority(t, 300) == LX_RANGE_ERROR, "tcb_set_mcp_range");
    rtest_check(c, lx_tcb_read_registers(SELF, 4, regs) == LX_ILLEGAL_OPERATION, "tcb_read_self_refused");
    rtest_check(c, lx_tcb_read_registers(t, 0, regs) == LX_RANGE_ERROR &&
                 lx_tcb_read_registers(t, 33, regs) == LX_RANGE_ERROR, "tcb_read_count_range");
    m = (struct lx_msg){ LX_MSGINFO(LX_TCB_WRITE_REGISTERS, 4), { 0, 5, 1, 2 }, 0 };
    rtest_check(c, lx_ipc(LX_SYS_CALL, t, &m) == LX_TRUNCATED_MESSAGE, "tcb_write_truncated");
    rtest_check(c, lx_tcb_write_registers(t, 2, 1, regs) == LX_INVALID_ARGUMENT, "tcb_write_bad_flags");
    rtest_check(c, lx_tcb_write_registers(SELF, 0, 1, regs) == LX_ILLEGAL_OPERATION,
          "tcb_write_self_refused");
    rtest_check(c, lx_tcb_write_registers(t, LX_WRITE_REGS_RESUME, 1, regs) == LX_ILLEGAL_OPERATION,
          "tcb_write_resume_unconfigured");
    rtest_check(c, lx_tcb_configure(t, 0, CN, LX_SLOT_VSPACE, buf, LX_SLOT_IPC_BUFFER, 10, 10, &d) ==
                 LX_NO_ERROR, "tcb_configure");
}

static void test_registers(struct rtest *c)
{
    uint64_t t = rtest_make(c, LX_OBJ_TCB), in[18], out[18] = { 0 };

    for (int i = 0; i < 18; i++)
        in[i] = 0x1000 + (uint64_t)i * 0x11;
    rtest_check(c, lx_tcb_write_registers(t, 0, 18, in) == LX_NO_ERROR &&
                 lx_tcb_read_registers(t, 18, out) == LX_NO_ERROR &&
                 words_equal(in, out, 18), "tcb_registers_round_trip");
    lx_cnode_delete(CN, t);
}

/* ---- scheduling ------------------------------------------------------------ */

static void log_thread(uint64_t id)
{
    log_put(id);
}

static void test_priorities(struct rtest *c)
{
    uint64_t lo, hi;

    log_reset();
    lo = rtest_spawn(c, 0, log_thread, 'L', 100, 100);
    hi = rtest_spawn(c, 1, log_thread, 'H', 200, 200);
    rtest_check(c, lo && hi && lx_tcb_resume(lo) == 0 && lx_tcb_resume(hi) == 0 && g_nlog == 0,
          "resume_lower_does_not_preempt");
    rtest_let_others_run();
    rtest_check(c, g_nlog == 2 && g_log[0] == 'H' && g_log[1] == 'L', "priority_order");

    /* At 150, resuming a 200 thread runs it before Resume returns. */
    log_reset();
    lx_tcb_set_priority(SELF, 150);
    hi = rtest_spawn(c, 1, log_thread, 'P', 200, 200);
    lx_tcb_resume(hi);
    log_put('R');
    lx_tcb_set_priority(SELF, LX_MAX_PRIO);
    rtest_check(c, g_nlog == 2 && g_log[0] == 'P' && g_log[1] == 'R', "resume_higher_preempts");
}

static void yield_thread(uint64_t id)
{
    for (int i = 0; i < 3; i++) {
        log_put(id);
        lx_yield();
    }
}

static void test_yield(struct rtest *c)
{
    uint64_t x = rtest_spawn(c, 0, yield_thread, 'x', 100, 100);
    uint64_t y = rtest_spawn(c, 1, yield_thread, 'y', 100, 100);

    log_reset();
    lx_tcb_resume(x);
    lx_tcb_resume(y);
    rtest_let_others_run();
    rtest_check(c, g_nlog == 6 && g_log[0] == 'x' && g_log[1] == 'y' && g_log[2] == 'x' &&
                 g_log[3] == 'y' && g_log[4] == 'x' && g_log[5] == 'y', "yield_alternates");
}

/* Spins without ever entering the kernel: only the timer can switch away.
 * The first to see both counters moving wakes the root. */
static void spin_thread(uint64_t id)
{
    for (uint64_t i = 0; i < SPIN_LIMIT; i++) {
        g_count[id]++;
        if (g_count[0] > 0 && g_count[1] > 0)
            break;
    }
    lx_signal(g_ntfn);
    for (;;)
        g_count[id]++;
}

static void test_round_robin(struct rtest *c)
{
    uint64_t a, b, word = 0, ca, cb;

    g_ntfn = rtest_make(c, LX_OBJ_NOTIFICATION);
    g_count[0] = g_count[1] = 0;
    a = rtest_spawn(c, 0, spin_thread, 0, 100, 100);
    b = rtest_spawn(c, 1, spin_thread, 1, 100, 100);
    lx_tcb_resume(a);
    lx_tcb_resume(b);
    rtest_check(c, lx_wait(g_ntfn, &word) == 0 && g_count[0] > 0 && g_count[1] > 0,
          "round_robin_by_timer");
    rtest_check(c, lx_tcb_suspend(a) == 0 && lx_tcb_suspend(b) == 0, "tcb_suspend");
    ca = g_count[0];
    cb = g_count[1];
    /* At their priority, yielding would hand them the CPU if they could run. */
    lx_tcb_set_priority(SELF, 100);
    for (int i = 0; i < 3; i++)
        lx_yield();
    lx_tcb_set_priority(SELF, LX_MAX_PRIO);
    rtest_check(c, g_count[0] == ca && g_count[1] == cb, "suspend_stops_thread");
    /* Resumed, a runs again (it is still spinning). */
    lx_tcb_resume(a);
    lx_tcb_set_priority(SELF, 100);
    lx_yield();
    lx_tcb_set_priority(SELF, LX_MAX_PRIO);
    rtest_check(c, g_count[0] > ca, "resume_after_suspend");
    lx_cnode_delete(CN, a);
    ca = g_count[0];
    lx_tcb_set_priority(SELF, 100);
    lx_yield();
    lx_tcb_set_priority(SELF, LX_MAX_PRIO);
    rtest_check(c, g_count[0] == ca, "delete_runnable_tcb_stops_it");
    lx_cnode_delete(CN, b);
}

/* A thread with MCP 100 tries to raise another thread above it. */
static void mcp_thread(uint64_t target)
{
    uint64_t d = 0;

    g_err[0] = lx_tcb_set_priority(target, 150);
    g_err[1] = lx_tcb_set_priority(target, 100);
    g_err[2] = lx_tcb_set_mc_priority(target, 101);
    g_err[3] = lx_tcb_configure(target, 0, CN, LX_SLOT_VSPACE, 0, 0, 101, 0, &d);
}

static void test_mcp(struct rtest *c)
{
    uint64_t target = rtest_make(c, LX_OBJ_TCB);
    uint64_t t = rtest_spawn(c, 0, mcp_thread, target, 100, 100);

    lx_tcb_resume(t);
    rtest_let_others_run();
    rtest_check(c, g_err[0] == LX_RANGE_ERROR, "set_priority_above_mcp_refused");
    rtest_check(c, g_err[1] == LX_NO_ERROR, "set_priority_up_to_mcp");
    rtest_check(c, g_err[2] == LX_RANGE_ERROR, "set_mcp_above_own_refused");
    rtest_check(c, g_err[3] == LX_RANGE_ERROR, "configure_prio_above_mcp_refused");
    lx_cnode_delete(CN, t);
}

/* ---- endpoints -------------------------------------------------------------- */

/* Answers every message: label + 1, each MR + 1 (the IPC buffer's too). */
static void echo_server(uint64_t ep)
{
    struct lx_msg m = { 0, { 0, 0, 0, 0 }, 0 };
    long e = lx_recv(ep, &m);

    for (;;) {
        if (e != LX_NO_ERROR) {
            g_err[0] = e;
            return;
        }
        g_badge = m.badge;
        g_info = m.info;
        g_calls++;
        unsigned n = (unsigned)LX_MSGINFO_LENGTH(m.info);
        for (unsigned i = 0; i < n; i++) {
            if (i < 4)
                m.mr[i]++;
            else
                lx_ipc_buffer()->msg[i]++;
        }
        m.info = LX_MSGINFO(LX_MSGINFO_LABEL(m.info) + 1, n);
        e = lx_reply_recv(ep, &m);
    }
}

static void test_call_reply(struct rtest *c)
{
    uint64_t ep = rtest_make(c, LX_OBJ_ENDPOINT), b1 = rtest_derive(c, ep, LX_RIGHTS_ALL, 0x77);
    uint64_t b2 = rtest_derive(c, ep, LX_RIGHTS_ALL, 0x88);
    uint64_t srv = rtest_spawn(c, 0, echo_server, ep, 200, 200);
    struct lx_ipc_buffer *buf = lx_ipc_buffer();
    struct lx_msg m = { LX_MSGINFO(5, 4), { 10, 20, 30, 40 }, 0 };
    int ok;

    g_err[0] = 0;
    g_calls = 0;
    lx_tcb_resume(srv);
    rtest_check(c, lx_call_ep(b1, &m) == 0 && LX_MSGINFO_LABEL(m.info) == 6 &&
                 LX_MSGINFO_LENGTH(m.info) == 4 && m.mr[0] == 11 && m.mr[1] == 21 &&
                 m.mr[2] == 31 && m.mr[3] == 41, "call_reply_4_mrs");
    rtest_check(c, g_badge == 0x77, "call_badge_delivered");
    m = (struct lx_msg){ LX_MSGINFO(1, 0), { 0, 0, 0, 0 }, 0 };
    rtest_check(c, lx_call_ep(b2, &m) == 0 && g_badge == 0x88, "call_second_badge");
    m = (struct lx_msg){ LX_MSGINFO(1, 0), { 0, 0, 0, 0 }, 0 };
    rtest_check(c, lx_call_ep(ep, &m) == 0 && g_badge == 0, "call_unbadged");

    for (unsigned i = 4; i < 12; i++)
        buf->msg[i] = 100 + i;
    m = (struct lx_msg){ LX_MSGINFO(7, 12), { 1, 2, 3, 4 }, 0 };
    ok = lx_call_ep(ep, &m) == 0 && LX_MSGINFO_LENGTH(m.info) == 12 && m.mr[3] == 5;
    for (unsigned i = 4; i < 12; i++)
        ok &= buf->msg[i] == 101 + i;
    rtest_check(c, ok, "call_ipc_buffer_mrs");
    m = (struct lx_msg){ LX_MSGINFO(7, 100), { 0, 0, 0, 0 }, 0 };
    rtest_check(c, lx_call_ep(ep, &m) == 0 && LX_MSGINFO_LENGTH(g_info) == LX_MSG_MAX_LENGTH &&
                 LX_MSGINFO_LENGTH(m.info) == LX_MSG_MAX_LENGTH, "message_length_capped_at_64");

    /* Send to a waiting receiver returns at once; it gets no reply cap. */
    uint64_t calls = g_calls;
    m = (struct lx_msg){ LX_MSGINFO(9, 1), { 5, 0, 0, 0 }, 0 };
    rtest_check(c, lx_send(b1, &m) == 0 && g_calls == calls, "send_to_waiting_receiver");
    rtest_let_others_run();
    rtest_check(c, g_calls == calls + 1 && LX_MSGINFO_LABEL(g_info) == 9 && g_err[0] == 0,
          "send_delivered");
    m = (struct lx_msg){ LX_MSGINFO(9, 1), { 5, 0, 0, 0 }, 0 };
    rtest_check(c, lx_nbsend(b1, &m) == 0, "nbsend_to_waiting_receiver");
    rtest_let_others_run();
    rtest_check(c, g_calls == calls + 2, "nbsend_delivered");
    rtest_check(c, lx_reply(&m) == 0, "reply_without_caller_ignored");

    /* The server's TCB goes: it leaves the endpoint's queue for good. */
    calls = g_calls;
    lx_cnode_delete(CN, srv);
    m = (struct lx_msg){ LX_MSGINFO(9, 1), { 5, 0, 0, 0 }, 0 };
    lx_nbsend(ep, &m);
    rtest_let_others_run();
    rtest_check(c, g_calls == calls, "deleted_tcb_leaves_endpoint");
}

static void test_endpoint_errors(struct rtest *c)
{
    uint64_t ep = rtest_make(c, LX_OBJ_ENDPOINT);
    uint64_t ro = rtest_derive(c, ep, LX_RIGHT_READ, 0), wo = rtest_derive(c, ep, LX_RIGHT_WRITE, 0);
    struct lx_msg m = { LX_MSGINFO(1, 0), { 0, 0, 0, 0 }, 0 };

    rtest_check(c, lx_send(ro, &m) == LX_INVALID_CAPABILITY, "send_needs_write");
    rtest_check(c, lx_call_ep(ro, &m) == LX_INVALID_CAPABILITY, "call_needs_write");
    rtest_check(c, lx_nbrecv(wo, &m) == LX_INVALID_CAPABILITY, "recv_needs_read");
    rtest_check(c, lx_nbrecv(SELF, &m) == LX_INVALID_CAPABILITY, "recv_on_tcb_refused");
    rtest_check(c, lx_nbrecv(c->bi->empty_end - 3, &m) == LX_FAILED_LOOKUP, "recv_empty_slot");
    rtest_check(c, lx_reply_recv(c->bi->empty_end - 3, &m) == LX_FAILED_LOOKUP, "reply_recv_bad_cap");
    m = (struct lx_msg){ LX_MSGINFO(3, 2), { 1, 2, 3, 4 }, 99 };
    rtest_check(c, lx_nbrecv(ep, &m) == 0 && m.info == 0 && m.badge == 0, "nbrecv_nothing_waiting");
    m = (struct lx_msg){ LX_MSGINFO(3, 2), { 1, 2, 0, 0 }, 0 };
    rtest_check(c, lx_nbsend(ep, &m) == 0, "nbsend_no_receiver_returns");
    m = (struct lx_msg){ 0, { 0, 0, 0, 0 }, 99 };
    rtest_check(c, lx_nbrecv(ep, &m) == 0 && m.info == 0, "nbsend_dropped");
}

static void sender_thread(uint64_t ep)
{
    struct lx_msg m = { LX_MSGINFO(4, 2), { 0xaa, 0xbb, 0, 0 }, 0 };

    g_err[1] = lx_send(ep, &m);
}

static void receiver_thread(uint64_t ep)
{
    struct lx_msg m = { 0, { 0, 0, 0, 0 }, 0 };

    g_err[2] = lx_recv(ep, &m);
}

static void test_blocking(struct rtest *c)
{
    uint64_t ep = rtest_make(c, LX_OBJ_ENDPOINT), b = rtest_derive(c, ep, LX_RIGHTS_ALL, 0x42);
    uint64_t s = rtest_spawn(c, 0, sender_thread, b, 100, 100);
    struct lx_msg m = { 0, { 0, 0, 0, 0 }, 0 };

    g_err[1] = -1;
    lx_tcb_resume(s);
    rtest_let_others_run();
    rtest_check(c, g_err[1] == -1, "send_blocks_without_receiver");
    uint64_t pc = 0;
    rtest_check(c, lx_tcb_write_registers(s, 0, 1, &pc) == LX_ILLEGAL_OPERATION,
          "tcb_write_blocked_refused");
    rtest_check(c, lx_nbrecv(ep, &m) == 0 && LX_MSGINFO_LABEL(m.info) == 4 && m.badge == 0x42 &&
                 m.mr[0] == 0xaa && m.mr[1] == 0xbb, "nbrecv_takes_blocked_sender");
    rtest_let_others_run();
    rtest_check(c, g_err[1] == 0, "blocked_sender_released");

    /* A receiver suspended in Recv makes the call again when resumed. */
    uint64_t r = rtest_spawn(c, 1, receiver_thread, ep, 100, 100);
    g_err[2] = -1;
    lx_tcb_resume(r);
    rtest_let_others_run();
    lx_tcb_suspend(r);
    m = (struct lx_msg){ LX_MSGINFO(1, 0), { 0, 0, 0, 0 }, 0 };
    lx_nbsend(ep, &m);                  /* no receiver now: dropped */
    rtest_let_others_run();
    int still = g_err[2] == -1;
    lx_tcb_resume(r);
    rtest_let_others_run();
    m = (struct lx_msg){ LX_MSGINFO(1, 0), { 0, 0, 0, 0 }, 0 };
    lx_nbsend(ep, &m);
    rtest_let_others_run();
    rtest_check(c, still && g_err[2] == 0, "suspended_recv_restarts");

    /* The endpoint's last cap goes: a blocked receiver restarts its Recv,
     * which no longer finds the capability. */
    r = rtest_spawn(c, 1, receiver_thread, ep, 100, 100);
    g_err[2] = -1;
    lx_tcb_resume(r);
    rtest_let_others_run();
    lx_cnode_revoke(CN, ep);
    lx_cnode_delete(CN, ep);
    rtest_let_others_run();
    rtest_check(c, g_err[2] == LX_FAILED_LOOKUP, "endpoint_delete_restarts_waiter");
}

/* Receives one capability into slot g_slot, then signals through it. */
static void cap_receiver(uint64_t ep)
{
    struct lx_msg m = { 0, { 0, 0, 0, 0 }, 0 };

    lx_ipc_buffer()->receive_slot = g_slot;
    g_err[0] = lx_recv(ep, &m);
    g_info = m.info;
    if (LX_MSGINFO_EXTRA_CAPS(m.info) == 1)
        lx_signal(g_slot);
}

static void test_cap_transfer(struct rtest *c)
{
    uint64_t ep = rtest_make(c, LX_OBJ_ENDPOINT), n = rtest_make(c, LX_OBJ_NOTIFICATION);
    uint64_t nb = rtest_derive(c, n, LX_RIGHTS_ALL, 0x5), word = 0;
    uint64_t nogrant = rtest_derive(c, ep, LX_RIGHT_READ | LX_RIGHT_WRITE, 0);
    struct lx_msg m = { LX_MSGINFO_CAPS(1, 1, 0), { 0, 0, 0, 0 }, 0 };

    g_slot = rtest_slot(c);
    uint64_t r = rtest_spawn(c, 0, cap_receiver, ep, 100, 100);
    lx_tcb_resume(r);
    rtest_let_others_run();
    lx_ipc_buffer()->caps[0] = nb;
    rtest_check(c, lx_send(ep, &m) == 0, "send_with_cap");
    rtest_let_others_run();
    rtest_check(c, g_err[0] == 0 && LX_MSGINFO_EXTRA_CAPS(g_info) == 1 && lx_poll(n, &word) == 0 &&
                 word == 0x5, "cap_transferred_with_grant");

    g_slot = rtest_slot(c);
    r = rtest_spawn(c, 1, cap_receiver, ep, 100, 100);
    lx_tcb_resume(r);
    rtest_let_others_run();
    m = (struct lx_msg){ LX_MSGINFO_CAPS(1, 1, 0), { 0, 0, 0, 0 }, 0 };
    lx_send(nogrant, &m);
    rtest_let_others_run();
    rtest_check(c, g_err[0] == 0 && LX_MSGINFO_EXTRA_CAPS(g_info) == 0 &&
                 lx_cnode_copy(CN, rtest_slot(c), g_slot, LX_RIGHTS_ALL) == LX_FAILED_LOOKUP,
          "cap_not_transferred_without_grant");
}

/* ---- notifications -------------------------------------------------------- */

static void signal_thread(uint64_t ntfn)
{
    g_err[3] = lx_signal(ntfn);
}

static void test_notifications(struct rtest *c)
{
    uint64_t n = rtest_make(c, LX_OBJ_NOTIFICATION), w = 99;
    uint64_t b1 = rtest_derive(c, n, LX_RIGHTS_ALL, 1), b2 = rtest_derive(c, n, LX_RIGHTS_ALL, 2);
    uint64_t b8 = rtest_derive(c, n, LX_RIGHTS_ALL, 8);
    uint64_t ro = rtest_derive(c, n, LX_RIGHT_READ, 0), wo = rtest_derive(c, n, LX_RIGHT_WRITE, 0);

    rtest_check(c, lx_poll(n, &w) == 0 && w == 0, "ntfn_poll_empty");
    rtest_check(c, lx_signal(b1) == 0 && lx_signal(b2) == 0 && lx_poll(n, &w) == 0 && w == 3,
          "ntfn_badges_ored");
    rtest_check(c, lx_poll(n, &w) == 0 && w == 0, "ntfn_poll_clears");
    rtest_check(c, lx_signal(b8) == 0 && lx_wait(n, &w) == 0 && w == 8, "ntfn_wait_when_signalled");
    uint64_t t = rtest_spawn(c, 0, signal_thread, b2, 100, 100);
    g_err[3] = -1;
    lx_tcb_resume(t);
    /* The signal wakes us at once: we preempt the signaller. */
    rtest_check(c, lx_wait(n, &w) == 0 && w == 2 && g_err[3] == -1, "ntfn_wait_blocks_until_signal");
    rtest_let_others_run();
    rtest_check(c, g_err[3] == 0, "ntfn_signal_returns");
    struct lx_msg m = { 0, { 0, 0, 0, 0 }, 0 };
    rtest_check(c, lx_call_ep(b8, &m) == 0 && lx_poll(n, &w) == 0 && w == 8, "ntfn_call_signals");
    rtest_check(c, lx_signal(ro) == LX_INVALID_CAPABILITY, "ntfn_signal_needs_write");
    rtest_check(c, lx_wait(wo, &w) == LX_INVALID_CAPABILITY, "ntfn_wait_needs_read");
}

/* A notification bound to a thread reaches it while it waits on an
 * endpoint, and only then instead of a message. */
static void test_bound_notification(struct rtest *c)
{
    uint64_t n = rtest_make(c, LX_OBJ_NOTIFICATION), ep = rtest_make(c, LX_OBJ_ENDPOINT), w = 0;
    uint64_t n4 = rtest_derive(c, n, LX_RIGHTS_ALL, 4), wo = rtest_derive(c, n, LX_RIGHT_WRITE, 0);
    uint64_t other = rtest_make(c, LX_OBJ_TCB);
    struct lx_msg m = { 0 };

    rtest_check(c, lx_tcb_bind_notification(SELF, ep) == LX_INVALID_CAPABILITY &&
                    lx_tcb_bind_notification(SELF, wo) == LX_INVALID_CAPABILITY,
                "bind_notification_needs_read_notification");
    rtest_check(c, lx_tcb_unbind_notification(SELF) == LX_ILLEGAL_OPERATION,
                "unbind_when_unbound_refused");
    rtest_check(c, lx_tcb_bind_notification(SELF, n) == 0, "bind_notification");
    rtest_check(c, lx_tcb_bind_notification(SELF, n) == LX_ILLEGAL_OPERATION &&
                    lx_tcb_bind_notification(other, n) == LX_ILLEGAL_OPERATION,
                "bind_notification_twice_refused");
    rtest_check(c, lx_signal(n4) == 0 && lx_recv(ep, &m) == 0 && m.badge == 4 && m.info == 0,
                "bound_signal_pending_before_recv");
    uint64_t t = rtest_spawn(c, 0, signal_thread, n4, 100, 100);
    g_err[3] = -1;
    lx_tcb_resume(t);
    m = (struct lx_msg){ 0 };
    rtest_check(c, lx_recv(ep, &m) == 0 && m.badge == 4 && g_err[3] == -1,
                "bound_signal_wakes_recv");
    rtest_let_others_run();
    rtest_check(c, lx_tcb_unbind_notification(SELF) == 0 && lx_signal(n4) == 0 &&
                    lx_nbrecv(ep, &m) == 0 && m.badge == 0 && lx_poll(n, &w) == 0 && w == 4,
                "unbind_stops_delivery");
    rtest_check(c, lx_tcb_bind_notification(SELF, n) == 0 && lx_cnode_revoke(CN, n) == 0 &&
                    lx_cnode_delete(CN, n) == 0 &&
                    lx_tcb_unbind_notification(SELF) == LX_ILLEGAL_OPERATION,
                "notification_delete_unbinds");
    lx_cnode_delete(CN, t);
}

int ipc_tests(const struct lx_bootinfo *bi, uint64_t ut)
{
    struct rtest c = { bi, ut, bi->empty_first + 8, 0, 0 };

    __asm__("mv %0, gp" : "=r"(c.gp));
    rtest_check(&c, bi->ipc_buffer == LX_ROOT_IPC_BUFFER_VADDR &&
                  (uint64_t)(uintptr_t)lx_ipc_buffer() == bi->ipc_buffer, "root_ipc_buffer");
    test_tcb_errors(&c);
    test_registers(&c);
    test_priorities(&c);
    test_yield(&c);
    test_mcp(&c);
    test_call_reply(&c);
    test_endpoint_errors(&c);
    test_blocking(&c);
    test_cap_transfer(&c);
    test_notifications(&c);
    test_bound_notification(&c);
    test_round_robin(&c);
    /* Everything made here goes back to the untyped. */
    rtest_check(&c, lx_cnode_revoke(CN, ut) == 0, "revoke_threads_and_objects");
    return c.failed;
}
