// GSL headers used by the Swift wrapper in the GSL module. gsl_blas.h is
// left out: it pulls in GSL's gsl_cblas.h, whose CBLAS enums clash with
// OpenBLAS's cblas.h in any Swift module that imports both (see CGSLBLAS).
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_deriv.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_version.h>

// GSL exports its solver types as global variables, which Swift 6 will not
// read directly because they are shared mutable state; these accessors
// return them.
static inline const gsl_root_fsolver_type *ecprune_root_fsolver_brent(void) {
  return gsl_root_fsolver_brent;
}

static inline const gsl_multifit_nlinear_type *
ecprune_multifit_nlinear_trust(void) {
  return gsl_multifit_nlinear_trust;
}

static inline const gsl_multifit_nlinear_solver *
ecprune_multifit_nlinear_solver_qr(void) {
  return gsl_multifit_nlinear_solver_qr;
}

static inline const gsl_multifit_nlinear_solver *
ecprune_multifit_nlinear_solver_mcholesky(void) {
  return gsl_multifit_nlinear_solver_mcholesky;
}

static inline const gsl_odeiv2_step_type *ecprune_odeiv2_step_msbdf(void) {
  return gsl_odeiv2_step_msbdf;
}

static inline const gsl_odeiv2_step_type *ecprune_odeiv2_step_rk4imp(void) {
  return gsl_odeiv2_step_rk4imp;
}

static inline const gsl_odeiv2_step_type *ecprune_odeiv2_step_rkf45(void) {
  return gsl_odeiv2_step_rkf45;
}
