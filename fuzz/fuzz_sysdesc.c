/*
 * libFuzzer target: system descriptions (host/common/sysdesc.c and
 * syscheck.c). Bytes -> libxml2 -> loader -> checks -> memory plan; every
 * program_image is a small valid ELF made in memory (or a W+X one for
 * paths starting with "wx"). Any input gives an error naming a place, or
 * a system whose plan fits and whose maps lie in the user half.
 */
#include "fuzz_common.h"
#include "mini_elf.h"
#include "sysdesc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int read_image(void *ctx, const char *path, uint8_t **buf, size_t *len, char *why,
                      size_t why_len)
{
    (void)ctx;
    (void)why;
    (void)why_len;
    if ((*buf = malloc(MINI_ELF_LEN)) == NULL)
        abort();
    mini_elf(*buf, 0x200000, strncmp(path, "wx", 2) == 0 ? 7 : 5);
    *len = MINI_ELF_LEN;
    return 0;
}

static void check_system(const struct sd_system *sys)
{
    fz_check(sys->plan.bytes_needed <= sys->plan.bytes_available, "plan does not fit");
    for (int p = 0; p < sys->n_pds; p++) {
        const struct sd_pd *pd = &sys->pd[p];
        fz_check(pd->priority <= SD_MAX_PRIORITY, "priority");
        for (int m = 0; m < pd->n_maps; m++) {
            const struct sd_map *mp = &pd->map[m];
            fz_check(mp->mr >= 0 && mp->mr < sys->n_mrs, "map region");
            fz_check(mp->vaddr + sys->mr[mp->mr].size <= SD_USER_TOP, "map outside user half");
            fz_check((mp->perms & (SD_PERM_W | SD_PERM_X)) != (SD_PERM_W | SD_PERM_X), "W+X map");
        }
    }
    for (int c = 0; c < sys->n_channels; c++)
        for (int e = 0; e < 2; e++) {
            const struct sd_end *x = &sys->channel[c].end[e];
            fz_check(x->id >= 0 && x->id <= SD_MAX_ID, "channel id");
            if (x->pp)
                fz_check(sys->pd[sys->channel[c].end[1 - e].pd].priority > sys->pd[x->pd].priority,
                         "call to a priority not higher");
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct sd_system sys;

    if (sd_load_memory(&sys, (const char *)data, size, "fuzz.system") != 0 ||
        sd_check(&sys, SD_DEFAULT_RAM, read_image, NULL) != 0) {
        fz_check(strncmp(sys.err, "fuzz.system", 11) == 0, "error without the file name");
        return 0;
    }
    check_system(&sys);
    return 0;
}
