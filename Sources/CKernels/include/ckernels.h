// Elementwise optimiser updates, written in C so that the compiler can
// vectorise the square root and the division. Swift lowers
// Double.squareRoot() to a call that keeps libm's errno behaviour, which
// blocks vectorisation.
#ifndef ECPRUNE_CKERNELS_H
#define ECPRUNE_CKERNELS_H

#include <stddef.h>

// Adam's update on n entries:
//   m = beta1 m + (1 - beta1) g,  v = beta2 v + (1 - beta2) g²,
//   p = p - rate (m / correction1) / (sqrt(v / correction2) + epsilon).
void ecprune_adam_update(double *parameters, const double *gradient,
                         double *first, double *second, size_t count,
                         double beta1, double beta2, double epsilon,
                         double rate, double correction1, double correction2);

// The same Adam update for entries whose keep[i] is 1; where keep[i] is 0
// the gradient is taken as 0 and the parameter and both moments are set
// to 0, so a removed weight stays exactly 0.
void ecprune_adam_update_masked(double *parameters, const double *gradient,
                                double *first, double *second,
                                const double *keep, size_t count,
                                double beta1, double beta2, double epsilon,
                                double rate, double correction1,
                                double correction2);

// SGD with momentum on n entries: v = momentum v + g, p = p - rate v.
void ecprune_sgd_update(double *parameters, const double *gradient,
                        double *velocity, size_t count, double momentum,
                        double rate);

// The same SGD update, holding entries whose keep[i] is 0 at 0 with zero
// velocity.
void ecprune_sgd_update_masked(double *parameters, const double *gradient,
                               double *velocity, const double *keep,
                               size_t count, double momentum, double rate);

// ReLU: output[i] = z[i] > 0 ? z[i] : 0 (0 for NaN), without branches.
void ecprune_relu(const double *z, double *output, size_t count);

// ReLU's derivative applied to a gradient: values[i] = 0 where z[i] <= 0
// (or z[i] is NaN). Written without branches, because the sign of z is
// random for trained networks and a branch mispredicts half the time.
void ecprune_relu_mask(double *values, const double *z, size_t count);

// The same mask, then squares[i] += values[i]² in the same pass.
void ecprune_relu_mask_accumulate_squares(double *values, const double *z,
                                          double *squares, size_t count);

// squares[i] += values[i]².
void ecprune_accumulate_squares(const double *values, double *squares,
                                size_t count);

#endif
