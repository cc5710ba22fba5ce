#include "ckernels.h"

#include <math.h>

// Keep every multiply and add separately rounded, so the AVX-512, AVX2 and
// SSE2 clones below give the same bits as each other.
#pragma clang fp contract(off)

// One clone per instruction set, picked at load time by the CPU, so the
// binary runs on any x86-64 machine and uses the widest vectors it has.
#if defined(__x86_64__) && defined(__clang__)
#define ECPRUNE_CLONES \
  __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define ECPRUNE_CLONES
#endif

ECPRUNE_CLONES
void ecprune_adam_update(double *restrict parameters,
                         const double *restrict gradient,
                         double *restrict first, double *restrict second,
                         size_t count, double beta1, double beta2,
                         double epsilon, double rate, double correction1,
                         double correction2) {
  const double keep1 = 1.0 - beta1;
  const double keep2 = 1.0 - beta2;
  for (size_t index = 0; index < count; ++index) {
    const double g = gradient[index];
    const double m = beta1 * first[index] + keep1 * g;
    const double v = beta2 * second[index] + keep2 * (g * g);
    first[index] = m;
    second[index] = v;
    const double mHat = m / correction1;
    const double vHat = v / correction2;
    parameters[index] -= rate * mHat / (__builtin_sqrt(vHat) + epsilon);
  }
}

ECPRUNE_CLONES
void ecprune_sgd_update(double *restrict parameters,
                        const double *restrict gradient,
                        double *restrict velocity, size_t count,
                        double momentum, double rate) {
  for (size_t index = 0; index < count; ++index) {
    const double v = momentum * velocity[index] + gradient[index];
    velocity[index] = v;
    parameters[index] -= rate * v;
  }
}

ECPRUNE_CLONES
void ecprune_adam_update_masked(double *restrict parameters,
                                const double *restrict gradient,
                                double *restrict first,
                                double *restrict second,
                                const double *restrict keep, size_t count,
                                double beta1, double beta2, double epsilon,
                                double rate, double correction1,
                                double correction2) {
  const double keep1 = 1.0 - beta1;
  const double keep2 = 1.0 - beta2;
  for (size_t index = 0; index < count; ++index) {
    // A select, not a product, so a removed entry is +0.0, never -0.0.
    const int kept = keep[index] != 0.0;
    const double g = kept ? gradient[index] : 0.0;
    const double m = kept ? beta1 * first[index] + keep1 * g : 0.0;
    const double v = kept ? beta2 * second[index] + keep2 * (g * g) : 0.0;
    first[index] = m;
    second[index] = v;
    const double mHat = m / correction1;
    const double vHat = v / correction2;
    const double p =
        parameters[index] - rate * mHat / (__builtin_sqrt(vHat) + epsilon);
    parameters[index] = kept ? p : 0.0;
  }
}

ECPRUNE_CLONES
void ecprune_sgd_update_masked(double *restrict parameters,
                               const double *restrict gradient,
                               double *restrict velocity,
                               const double *restrict keep, size_t count,
                               double momentum, double rate) {
  for (size_t index = 0; index < count; ++index) {
    const int kept = keep[index] != 0.0;
    const double v = kept ? momentum * velocity[index] + gradient[index] : 0.0;
    velocity[index] = v;
    parameters[index] = kept ? parameters[index] - rate * v : 0.0;
  }
}

ECPRUNE_CLONES
void ecprune_relu_mask(double *restrict values, const double *restrict z,
                       size_t count) {
  for (size_t index = 0; index < count; ++index) {
    values[index] = z[index] > 0.0 ? values[index] : 0.0;
  }
}

ECPRUNE_CLONES
void ecprune_relu_mask_accumulate_squares(double *restrict values,
                                          const double *restrict z,
                                          double *restrict squares,
                                          size_t count) {
  for (size_t index = 0; index < count; ++index) {
    const double entry = z[index] > 0.0 ? values[index] : 0.0;
    values[index] = entry;
    squares[index] += entry * entry;
  }
}

ECPRUNE_CLONES
void ecprune_accumulate_squares(const double *restrict values,
                                double *restrict squares, size_t count) {
  for (size_t index = 0; index < count; ++index) {
    squares[index] += values[index] * values[index];
  }
}

ECPRUNE_CLONES
void ecprune_relu(const double *restrict z, double *restrict output,
                  size_t count) {
  for (size_t index = 0; index < count; ++index) {
    output[index] = z[index] > 0.0 ? z[index] : 0.0;
  }
}
