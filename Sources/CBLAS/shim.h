// The CBLAS interface, linked against OpenBLAS (`link "openblas"` in the
// module map, library path from pkg-config `openblas`).
//
// The prototypes come from GSL's gsl_cblas.h rather than OpenBLAS's
// cblas.h. The two headers declare the same functions, but OpenBLAS adds a
// fourth CBLAS_TRANSPOSE value, and clang rejects any Swift module that
// imports both definitions of the enum. With one header everywhere, GSL and
// the engine agree, and the loader binds every cblas_* call to OpenBLAS.
#include <gsl/gsl_cblas.h>

// OpenBLAS's own controls, declared as in its cblas.h.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char *openblas_get_config(void);
char *openblas_get_corename(void);
