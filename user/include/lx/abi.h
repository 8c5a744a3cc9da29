/*
 * The parts of the kernel ABI shared, byte for byte, by the kernel and user
 * level: system call numbers and the boot-info page the root task receives
 * (docs/kernel-abi.md). The layout is fixed by the _Static_asserts.
 */
#ifndef LX_ABI_H
#define LX_ABI_H

#include <stddef.h>
#include <stdint.h>

enum lx_syscall {
    LX_SYS_CALL = 0,
    LX_SYS_REPLY_RECV = 1,
    LX_SYS_SEND = 2,
    LX_SYS_NB_SEND = 3,
    LX_SYS_RECV = 4,
    LX_SYS_NB_RECV = 5,
    LX_SYS_REPLY = 6,
    LX_SYS_YIELD = 7,
    LX_SYS_DEBUG_PUTCHAR = 8,
    LX_SYS_DEBUG_HALT = 9,
};

/* Results in a0 (docs/kernel-abi.md, "Error codes"). */
enum lx_error {
    LX_NO_ERROR = 0,
    LX_INVALID_ARGUMENT = 1,
    LX_INVALID_CAPABILITY = 2,
    LX_ILLEGAL_OPERATION = 3,
    LX_RANGE_ERROR = 4,
    LX_ALIGNMENT_ERROR = 5,
    LX_FAILED_LOOKUP = 6,
    LX_TRUNCATED_MESSAGE = 7,
    LX_DELETE_FIRST = 8,
    LX_REVOKE_FIRST = 9,
    LX_NOT_ENOUGH_MEMORY = 10,
    LX_WX_VIOLATION = 11,
};

/* Kernel object types, as Untyped_Retype names them. */
enum lx_object_type {
    LX_OBJ_UNTYPED = 1,
    LX_OBJ_CNODE = 2,
    LX_OBJ_ENDPOINT = 3,
    LX_OBJ_NOTIFICATION = 4,
    LX_OBJ_FRAME = 5,
    LX_OBJ_PAGE_TABLE = 6,
    LX_OBJ_TCB = 7,
    LX_OBJ_VSPACE = 8,          /* a top-level page table with its own ASID */
    LX_OBJ_MEGA_FRAME = 9,      /* a 2 MiB frame */
};

/* Invocation labels, argument positions and minimum lengths: generated
 * from kernel/interface.list at build time. */
#include "lx/interface.h"

/* Frame_Map rights (MR2): a mapping is never both writable and executable,
 * and writable needs readable (RISC-V has no write-only pages). */
#define LX_VM_READ 1
#define LX_VM_WRITE 2
#define LX_VM_EXEC 4

/* The user half of every address space (Sv39): [0, 2^38). */
#define LX_USER_TOP (1ul << 38)

/*
 * Faults as IPC: a thread that faults sends a message to its fault
 * endpoint as if by Call (badge: the endpoint capability's). Label: the
 * kind; MR0 = pc, MR1 = stval (the address, or the instruction bits),
 * MR2 = scause, MR3 = the instruction at pc (16 or 32 bits; 0 when pc is
 * not in an executable mapping). The handler's reply decides: label LX_FAULT_RESTART runs
 * the faulting instruction again, LX_FAULT_RESUME_AT (MR0 = pc) goes on
 * elsewhere; any other label leaves the thread stopped.
 */
#define LX_FAULT_VM 1               /* page or access fault (scause 1, 5, 7, 12, 13, 15) */
#define LX_FAULT_USER_EXCEPTION 2   /* illegal instruction, misaligned, breakpoint */
#define LX_FAULT_LENGTH 4
#define LX_FAULT_RESTART 0
#define LX_FAULT_RESUME_AT 1

/* Priorities 0..255; the root task starts at the top with MCP 255. */
#define LX_MAX_PRIO 255

/* The register layout of TCB_ReadRegisters/WriteRegisters: index 0 is the
 * pc, index i (1..31) is RISC-V register xi (1 ra, 2 sp, 3 gp, 4 tp,
 * 10..17 a0..a7). */
#define LX_REG_PC 0
#define LX_REG_RA 1
#define LX_REG_SP 2
#define LX_REG_GP 3
#define LX_REG_TP 4
#define LX_REG_A0 10
#define LX_REG_COUNT 32
/* TCB_WriteRegisters MR0 flag: resume the thread afterwards. */
#define LX_WRITE_REGS_RESUME 1

/* Capability rights (CNode_Copy/Mint masks). */
#define LX_RIGHT_READ 1
#define LX_RIGHT_WRITE 2
#define LX_RIGHT_GRANT 4
#define LX_RIGHT_GRANT_REPLY 8
#define LX_RIGHTS_ALL 15

/* The root task's initial capabilities, by slot of its root CNode. */
enum lx_root_slot {
    LX_SLOT_NULL = 0,
    LX_SLOT_TCB = 1,
    LX_SLOT_CNODE = 2,
    LX_SLOT_VSPACE = 3,
    LX_SLOT_IPC_BUFFER = 4,     /* the frame holding the root's IPC buffer */
    LX_SLOT_IRQ_CONTROL = 5,    /* authority to make IRQ handler capabilities */
    LX_SLOT_FIRST_UNTYPED = 8,
};

/* Message info word: label 63..12, capsUnwrapped 11..9, extraCaps 8..7,
 * length 6..0 (docs/kernel-abi.md). */
#define LX_MSGINFO(label, length) ((uint64_t)(label) << 12 | (uint64_t)(length))
#define LX_MSGINFO_CAPS(label, extra_caps, length) \
    ((uint64_t)(label) << 12 | (uint64_t)(extra_caps) << 7 | (uint64_t)(length))
#define LX_MSGINFO_LABEL(info) ((info) >> 12)
#define LX_MSGINFO_EXTRA_CAPS(info) (((info) >> 7) & 3)
#define LX_MSGINFO_LENGTH(info) ((info) & 0x7f)

/* Message registers per message: MR0..3 in a2..a5, MR4.. in the IPC buffer. */
#define LX_MSG_MAX_LENGTH 64
#define LX_MSG_REGISTERS 4

/*
 * The IPC buffer: 1 KiB-aligned inside a frame the thread names with
 * TCB_Configure. msg[i] holds MR i for i >= 4 (msg[0..3] are unused: those
 * travel in registers). caps[0] names a capability to send (with the Grant
 * right on the endpoint); receive_slot is the empty slot of the receiver's
 * root CNode that takes a capability sent to it (0: take none).
 */
struct lx_ipc_buffer {
    uint64_t tag;
    uint64_t msg[LX_MSG_MAX_LENGTH];
    uint64_t user_data;
    uint64_t caps[3];
    uint64_t receive_slot;
    uint64_t reserved[2];
};

#define LX_IPC_BUFFER_ALIGN 1024
_Static_assert(sizeof(struct lx_ipc_buffer) <= LX_IPC_BUFFER_ALIGN, "IPC buffer size");

#define LX_BOOTINFO_MAGIC 0x4f464e49544f4f42ull     /* "BOOTINFO" */
#define LX_BOOTINFO_MAX_REGIONS 20
#define LX_BOOTINFO_CMDLINE 128

/* Where the kernel maps the root task's boot-info page (read-only). */
#define LX_BOOTINFO_VADDR 0x7fff0000ul
/* The root task's IPC buffer frame (read-write, cap in LX_SLOT_IPC_BUFFER);
 * the root's own buffer is its first 1 KiB. */
#define LX_ROOT_IPC_BUFFER_VADDR 0x7fff1000ul

struct lx_region {
    uint64_t base, size;
    uint32_t flags;             /* LX_REGION_* */
    uint32_t kind;              /* devices: LX_DEVICE_* */
    uint32_t irq;               /* devices: its interrupt (PLIC source), 0: none */
    uint32_t reserved;
};

#define LX_REGION_RAM 1         /* free memory (untyped, once objects exist) */
#define LX_REGION_DEVICE 2      /* device registers */

/* What a device region is (from the device tree's "compatible"). */
#define LX_DEVICE_UART 1        /* ns16550a (also the kernel's debug console) */
#define LX_DEVICE_PLIC 2        /* the kernel's own: listed, no capability */
#define LX_DEVICE_RTC 3         /* google,goldfish-rtc */
#define LX_DEVICE_VIRTIO_MMIO 4 /* virtio,mmio (a slot; may hold no device) */

#define LX_BOOTINFO_MAX_UNTYPED 64

struct lx_untyped_desc {
    uint64_t paddr;
    uint8_t size_bits;
    uint8_t is_device;
    uint8_t pad[6];
};

struct lx_bootinfo {
    uint64_t magic;
    uint64_t abi_version;
    uint64_t n_regions;
    struct lx_region region[LX_BOOTINFO_MAX_REGIONS];
    uint64_t kernel_phys_base, kernel_phys_end;
    uint64_t timebase_hz;
    char cmdline[LX_BOOTINFO_CMDLINE];
    uint64_t cnode_size_bits;           /* the root CNode has 2^bits slots */
    uint64_t empty_first, empty_end;    /* free slots [first, end) */
    uint64_t untyped_first, n_untyped;  /* untyped caps in these slots */
    struct lx_untyped_desc untyped[LX_BOOTINFO_MAX_UNTYPED];
    uint64_t ipc_buffer;                /* the root task's IPC buffer (vaddr) */
};

_Static_assert(sizeof(struct lx_region) == 32, "lx_region layout");
_Static_assert(offsetof(struct lx_bootinfo, region) == 24, "lx_bootinfo layout");
_Static_assert(offsetof(struct lx_bootinfo, cnode_size_bits) == 24 + 20 * 32 + 24 + 128,
               "lx_bootinfo layout");
_Static_assert(sizeof(struct lx_untyped_desc) == 16, "lx_untyped_desc layout");
_Static_assert(sizeof(struct lx_bootinfo) <= 4096, "boot info fits one page");

#endif
