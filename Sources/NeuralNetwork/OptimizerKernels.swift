import CKernels

#if canImport(Glibc)
  import Glibc
#endif

/// The elementwise update loops of the optimisers, in C (see CKernels),
/// each with a masked form that keeps removed weights at 0.
///
/// Each entry's update is a fixed sequence of separately rounded
/// operations, so results do not depend on how the work is split into
/// ranges or which vector width the CPU runs.
enum OptimizerKernels {
  /// Adam's scalars for one step.
  struct AdamConstants {
    let beta1: Double
    let beta2: Double
    let epsilon: Double
    let rate: Double
    /// The step number t, from 1.
    let step: Double

    var correction1: Double { 1 - pow(beta1, step) }
    var correction2: Double { 1 - pow(beta2, step) }
  }

  /// v ← μv + g, p ← p − ηv on `range`, holding entries whose `keep` is
  /// 0 at 0.
  static func sgd(
    _ range: Range<Int>, parameters: UnsafeMutablePointer<Double>,
    gradient: UnsafePointer<Double>, velocity: UnsafeMutablePointer<Double>,
    keep: UnsafePointer<Double>?, momentum: Double, rate: Double
  ) {
    let start = range.lowerBound
    if let keep {
      ecprune_sgd_update_masked(
        parameters + start, gradient + start, velocity + start, keep + start,
        range.count, momentum, rate)
    } else {
      ecprune_sgd_update(
        parameters + start, gradient + start, velocity + start, range.count,
        momentum, rate)
    }
  }

  /// Adam's moment updates and bias-corrected step on `range`:
  /// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − η m̂ / (√v̂ + ε).
  static func adam(
    _ range: Range<Int>, parameters: UnsafeMutablePointer<Double>,
    gradient: UnsafePointer<Double>, first: UnsafeMutablePointer<Double>,
    second: UnsafeMutablePointer<Double>, keep: UnsafePointer<Double>?,
    constants: AdamConstants
  ) {
    let start = range.lowerBound
    if let keep {
      ecprune_adam_update_masked(
        parameters + start, gradient + start, first + start, second + start,
        keep + start, range.count, constants.beta1, constants.beta2,
        constants.epsilon, constants.rate, constants.correction1,
        constants.correction2)
    } else {
      ecprune_adam_update(
        parameters + start, gradient + start, first + start, second + start,
        range.count, constants.beta1, constants.beta2, constants.epsilon,
        constants.rate, constants.correction1, constants.correction2)
    }
  }
}
