/*
 * Root-task self-test of device memory and interrupts through real
 * system calls, on the goldfish RTC of QEMU virt: its registers are a
 * frame retyped from the device untyped the kernel listed for it, its
 * alarm raises a real interrupt, and the interrupt arrives as a signal on
 * the notification given to its IRQ handler capability. Checked: the
 * IRQControl and IRQHandler errors, the source staying masked until the
 * driver acknowledges it, Clear, and deleting the handler.
 */
#include "irq_tests.h"

#include "lx/abi.h"
#include "lx/syscall.h"
#include "rtest.h"

#define RTC_VA 0x7ff08000ul     /* beside the root's IPC buffer (vspace_tests.c) */
#define RTC_TIME_LOW 0x00
#define RTC_TIME_HIGH 0x04
#define RTC_ALARM_LOW 0x08
#define RTC_ALARM_HIGH 0x0c
#define RTC_IRQ_ENABLED 0x10
#define RTC_ALARM_STATUS 0x18
#define RTC_CLEAR_INTERRUPT 0x1c
#define IRQ_BADGE 0x100
#define SPIN_LIMIT 10000000

static volatile uint32_t *rtc(uint32_t off)
{
    return (volatile uint32_t *)(uintptr_t)(RTC_VA + off);
}

/* An alarm already due: the device raises its interrupt at once. */
static void rtc_fire(void)
{
    uint32_t lo = *rtc(RTC_TIME_LOW), hi = *rtc(RTC_TIME_HIGH);

    *rtc(RTC_IRQ_ENABLED) = 1;
    *rtc(RTC_ALARM_HIGH) = hi;
    *rtc(RTC_ALARM_LOW) = lo;
    /* Fired once the device no longer reports the alarm as armed. */
    for (int i = 0; i < SPIN_LIMIT && *rtc(RTC_ALARM_STATUS) != 0; i++)
        ;
}

static void rtc_quiet(void)
{
    *rtc(RTC_CLEAR_INTERRUPT) = 1;
}

/* The boot-info region of the first device of kind, or NULL. */
static const struct lx_region *find_device(const struct lx_bootinfo *bi, uint32_t kind)
{
    for (uint64_t i = 0; i < bi->n_regions && i < LX_BOOTINFO_MAX_REGIONS; i++) {
        if (bi->region[i].flags == LX_REGION_DEVICE && bi->region[i].kind == kind)
            return &bi->region[i];
    }
    return 0;
}

/* The slot of the device untyped starting at paddr, or 0. */
static uint64_t device_untyped(const struct lx_bootinfo *bi, uint64_t paddr)
{
    for (uint64_t i = 0; i < bi->n_untyped && i < LX_BOOTINFO_MAX_UNTYPED; i++) {
        if (bi->untyped[i].is_device && bi->untyped[i].paddr == paddr)
            return bi->untyped_first + i;
    }
    return 0;
}

/* The RTC's registers mapped at RTC_VA; the frame's slot, or 0. */
static uint64_t map_rtc(struct rtest *c, const struct lx_region *r)
{
    uint64_t ut = device_untyped(c->bi, r->base), f = rtest_slot(c), d = 0;

    rtest_check(c, ut != 0 && r->irq != 0, "device_untyped_listed");
    rtest_check(c, lx_untyped_retype(ut, LX_OBJ_TCB, 0, f, 1) == LX_INVALID_ARGUMENT,
                "device_untyped_makes_no_kernel_object");
    if (lx_untyped_retype(ut, LX_OBJ_FRAME, 0, f, 1) != LX_NO_ERROR)
        return 0;
    rtest_check(c, lx_frame_map(f, LX_SLOT_VSPACE, RTC_VA, LX_VM_READ | LX_VM_EXEC, &d) ==
                    LX_INVALID_ARGUMENT && d == 2, "device_frame_never_executable");
    rtest_check(c, lx_frame_map(f, LX_SLOT_VSPACE, RTC_VA, LX_VM_READ | LX_VM_WRITE, &d) == 0,
                "device_frame_mapped");
    return f;
}

static void test_irq_errors(struct rtest *c, uint64_t irq, uint64_t handler, uint64_t ntfn)
{
    uint64_t ep = rtest_make(c, LX_OBJ_ENDPOINT), ro = rtest_derive(c, ntfn, LX_RIGHT_READ, 0);

    rtest_check(c, lx_irq_control_get(LX_SLOT_IRQ_CONTROL, 0, rtest_slot(c)) == LX_RANGE_ERROR &&
                    lx_irq_control_get(LX_SLOT_IRQ_CONTROL, 4096, rtest_slot(c)) ==
                        LX_RANGE_ERROR, "irq_control_range");
    rtest_check(c, lx_irq_control_get(LX_SLOT_IRQ_CONTROL, irq, LX_SLOT_TCB) == LX_DELETE_FIRST,
                "irq_control_slot_occupied");
    rtest_check(c, lx_irq_control_get(LX_SLOT_IRQ_CONTROL, irq, handler) == LX_NO_ERROR,
                "irq_control_get");
    rtest_check(c, lx_irq_control_get(LX_SLOT_IRQ_CONTROL, irq, rtest_slot(c)) ==
                    LX_REVOKE_FIRST, "irq_control_get_twice_refused");
    rtest_check(c, lx_irq_handler_set_notification(handler, ep) == LX_INVALID_CAPABILITY &&
                    lx_irq_handler_set_notification(handler, ro) == LX_INVALID_CAPABILITY,
                "irq_set_notification_needs_writable_notification");
    rtest_check(c, lx_call(handler, LX_TCB_RESUME, 0, 0, 0, 0, 0) == LX_ILLEGAL_OPERATION,
                "irq_handler_wrong_label");
}

static void test_irq_delivery(struct rtest *c, uint64_t handler, uint64_t ntfn, uint64_t badged)
{
    uint64_t w = 0;

    rtest_check(c, lx_irq_handler_set_notification(handler, badged) == 0,
                "irq_set_notification");
    rtc_fire();
    rtest_check(c, lx_wait(ntfn, &w) == 0 && w == IRQ_BADGE, "irq_delivered_as_signal");
    rtc_quiet();
    /* Until Ack the source stays masked: a second interrupt waits. */
    rtc_fire();
    rtest_check(c, lx_poll(ntfn, &w) == 0 && w == 0, "irq_masked_until_ack");
    rtest_check(c, lx_irq_handler_ack(handler) == 0 && lx_wait(ntfn, &w) == 0 && w == IRQ_BADGE,
                "irq_ack_unmasks");
    rtc_quiet();
    /* Without a notification nothing is signalled, Ack or not. */
    rtest_check(c, lx_irq_handler_clear(handler) == 0 && lx_irq_handler_ack(handler) == 0,
                "irq_clear");
    rtc_fire();
    rtest_check(c, lx_poll(ntfn, &w) == 0 && w == 0, "irq_cleared_not_signalled");
    rtest_check(c, lx_irq_handler_set_notification(handler, badged) == 0 &&
                    lx_wait(ntfn, &w) == 0 && w == IRQ_BADGE, "irq_pending_delivered_when_set");
    rtc_quiet();
    *rtc(RTC_IRQ_ENABLED) = 0;
    lx_irq_handler_ack(handler);
}

/*
 * A long revoke is preempted by an interrupt: 8 CNodes of 4096 copies of
 * one endpoint are revoked by us at priority 100 while an RTC alarm is
 * due 200 us later; the thread waiting for that interrupt, at 200, runs
 * in the middle of the revoke (the oldest copy, which goes last, is still
 * there when it looks) and the revoke then finishes.
 */
#define REVOKE_CNODES 8
#define REVOKE_RADIX 12

struct preempt_probe {
    uint64_t ntfn, first_cnode, probe;
    volatile uint64_t woken, saw_copy;
};

static void preempt_watcher(uint64_t arg)
{
    struct preempt_probe *p = (struct preempt_probe *)(uintptr_t)arg;
    uint64_t w;

    lx_wait(p->ntfn, &w);
    p->saw_copy = lx_cnode_op_from(CN, LX_CNODE_COPY, p->probe, 0, LX_RIGHTS_ALL, 0,
                                   p->first_cnode, 0) == LX_NO_ERROR;
    lx_cnode_delete(CN, p->probe);
    p->woken = 1;
}

static void rtc_alarm_in(uint64_t ns)
{
    uint32_t lo = *rtc(RTC_TIME_LOW), hi = *rtc(RTC_TIME_HIGH);
    uint64_t at = ((uint64_t)hi << 32 | lo) + ns;

    *rtc(RTC_IRQ_ENABLED) = 1;
    *rtc(RTC_ALARM_HIGH) = (uint32_t)(at >> 32);
    *rtc(RTC_ALARM_LOW) = (uint32_t)at;
}

static void test_revoke_preempted(struct rtest *c, uint64_t handler, uint64_t ntfn, uint64_t badged)
{
    static struct preempt_probe p;
    uint64_t ep = rtest_make(c, LX_OBJ_ENDPOINT), cn[REVOKE_CNODES], e = 0;

    for (int k = 0; k < REVOKE_CNODES; k++) {
        cn[k] = rtest_slot(c);
        e |= (uint64_t)lx_untyped_retype(c->ut, LX_OBJ_CNODE, REVOKE_RADIX, cn[k], 1);
        for (uint64_t i = 0; i < (1u << REVOKE_RADIX) && e == 0; i++)
            e |= (uint64_t)lx_cnode_op_from(cn[k], LX_CNODE_COPY, i, ep, LX_RIGHTS_ALL, 0, CN, 0);
    }
    p = (struct preempt_probe){ ntfn, cn[0], rtest_slot(c), 0, 0 };
    uint64_t t = rtest_spawn(c, 0, preempt_watcher, (uint64_t)(uintptr_t)&p, 200, 200);
    e |= lx_irq_handler_set_notification(handler, badged);
    e |= lx_irq_handler_ack(handler);
    rtest_check(c, e == 0 && t && lx_tcb_resume(t) == 0, "revoke_preempt_setup");
    lx_tcb_set_priority(SELF, 100);
    rtc_alarm_in(200000);
    long r = lx_cnode_revoke(CN, ep);
    lx_tcb_set_priority(SELF, LX_MAX_PRIO);
    rtest_check(c, r == 0 && p.woken && p.saw_copy, "revoke_preempted_by_interrupt");
    rtest_check(c, lx_cnode_op_from(CN, LX_CNODE_COPY, rtest_slot(c), 0, LX_RIGHTS_ALL, 0, cn[0],
                                    0) == LX_FAILED_LOOKUP, "revoke_finished_after_preemption");
    rtc_quiet();
    *rtc(RTC_IRQ_ENABLED) = 0;
    lx_irq_handler_ack(handler);
    lx_cnode_delete(CN, t);
}

int irq_tests(const struct lx_bootinfo *bi, uint64_t ut)
{
    struct rtest c = { bi, ut, bi->empty_first + 8, 0, 0 };
    const struct lx_region *r = find_device(bi, LX_DEVICE_RTC);

    __asm__("mv %0, gp" : "=r"(c.gp));

    rtest_check(&c, r != 0 && find_device(bi, LX_DEVICE_UART) != 0 &&
                    find_device(bi, LX_DEVICE_VIRTIO_MMIO) != 0, "devices_listed");
    if (r == 0)
        return c.failed;
    uint64_t frame = map_rtc(&c, r);
    uint64_t handler = rtest_slot(&c), ntfn = rtest_make(&c, LX_OBJ_NOTIFICATION);
    uint64_t badged = rtest_derive(&c, ntfn, LX_RIGHTS_ALL, IRQ_BADGE);
    if (frame == 0 || ntfn == 0 || badged == 0)
        return c.failed + 1;
    test_irq_errors(&c, r->irq, handler, ntfn);
    test_irq_delivery(&c, handler, ntfn, badged);
    test_revoke_preempted(&c, handler, ntfn, badged);
    /* Deleting the handler masks the source and frees it for another. */
    uint64_t again = rtest_slot(&c);
    rtest_check(&c, lx_cnode_delete(CN, handler) == 0 &&
                    lx_irq_control_get(LX_SLOT_IRQ_CONTROL, r->irq, again) == 0 &&
                    lx_cnode_delete(CN, again) == 0, "irq_handler_delete_frees_source");
    lx_cnode_delete(CN, frame);
    rtest_check(&c, lx_cnode_revoke(CN, ut) == 0, "revoke_irq_objects");
    return c.failed;
}
