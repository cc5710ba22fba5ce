#if canImport(Glibc)
  import Glibc
#endif

/// The elementwise update loops of the optimisers, eight lanes at a time.
///
/// Every lane does the same operations in the same order as the scalar
/// tail, so results do not depend on where a range starts or ends.
enum OptimizerKernels {
  typealias Vector = SIMD8<Double>

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

  /// v ← μv + g, p ← p − ηv on `range`.
  static func sgd(
    _ range: Range<Int>, parameters p: UnsafeMutablePointer<Double>,
    gradient g: UnsafePointer<Double>, velocity v: UnsafeMutablePointer<Double>,
    momentum: Double, rate: Double
  ) {
    var index = range.lowerBound
    while index + 8 <= range.upperBound {
      let velocity = momentum * load(v + index) + load(g + index)
      store(velocity, v + index)
      store(load(p + index) - rate * velocity, p + index)
      index += 8
    }
    while index < range.upperBound {
      v[index] = momentum * v[index] + g[index]
      p[index] -= rate * v[index]
      index += 1
    }
  }

  /// Adam's moment updates and bias-corrected step on `range`:
  /// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − η m̂ / (√v̂ + ε).
  static func adam(
    _ range: Range<Int>, parameters p: UnsafeMutablePointer<Double>,
    gradient g: UnsafePointer<Double>, first m: UnsafeMutablePointer<Double>,
    second v: UnsafeMutablePointer<Double>, constants: AdamConstants
  ) {
    let beta1 = constants.beta1
    let beta2 = constants.beta2
    let keep1 = 1 - beta1
    let keep2 = 1 - beta2
    let correction1 = constants.correction1
    let correction2 = constants.correction2
    let rate = constants.rate
    let epsilon = constants.epsilon

    var index = range.lowerBound
    while index + 8 <= range.upperBound {
      let gradient = load(g + index)
      let first = beta1 * load(m + index) + keep1 * gradient
      let second = beta2 * load(v + index) + keep2 * (gradient * gradient)
      store(first, m + index)
      store(second, v + index)
      let firstHat = first / correction1
      let secondHat = second / correction2
      let step = rate * firstHat / (secondHat.squareRoot() + epsilon)
      store(load(p + index) - step, p + index)
      index += 8
    }
    while index < range.upperBound {
      let gradient = g[index]
      m[index] = beta1 * m[index] + keep1 * gradient
      v[index] = beta2 * v[index] + keep2 * (gradient * gradient)
      let firstHat = m[index] / correction1
      let secondHat = v[index] / correction2
      p[index] -= rate * firstHat / (secondHat.squareRoot() + epsilon)
      index += 1
    }
  }

  @inline(__always)
  static func load(_ pointer: UnsafePointer<Double>) -> Vector {
    UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
  }

  @inline(__always)
  static func load(_ pointer: UnsafeMutablePointer<Double>) -> Vector {
    UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
  }

  @inline(__always)
  static func store(_ vector: Vector, _ pointer: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: Vector.self)
  }
}
