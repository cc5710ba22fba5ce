// GSL's BLAS wrappers. Import this module only with `internal import`
// and never beside CBLAS: gsl_cblas.h and OpenBLAS's cblas.h define the
// same CBLAS enums differently.
#include <gsl/gsl_blas.h>
