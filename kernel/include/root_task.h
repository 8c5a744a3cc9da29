/*
 * The root task: the first user thread, created by the kernel at boot.
 */
#ifndef LX_ROOT_TASK_H
#define LX_ROOT_TASK_H

#include "boot.h"
#include "boot_alloc.h"
#include "thread.h"

void root_task_create(struct tcb *t, const struct boot_info *bi, struct boot_alloc *ba);

#endif
