// OpenBLAS's CBLAS interface; the include path comes from pkg-config
// `openblas` (libopenblas-dev puts it under openblas-pthread/).
#include <cblas.h>
