// glibc's dynamic-loader interface; dladdr and Dl_info need _GNU_SOURCE.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
