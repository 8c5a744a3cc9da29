/*
 * Status codes shared by lib/: 0 is success, negative values are errors.
 * Each library adds its own precise codes in its own range; these are the
 * common ones.
 */
#ifndef LX_BASE_STATUS_H
#define LX_BASE_STATUS_H

enum lx_status {
    LX_OK = 0,
    LX_ERR_PARAM = -1,      /* an argument is out of its documented range */
    LX_ERR_STATE = -2,      /* call not allowed in the object's current state */
};

#endif
