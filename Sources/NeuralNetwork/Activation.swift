import CKernels

#if canImport(Glibc)
  import Glibc
#endif

/// An elementwise activation σ applied to a layer's pre-activations.
///
/// Each case provides σ, σ′ and σ″. The piecewise-linear cases (`relu`,
/// `leakyReLU`) have a kink at 0, where σ′ jumps and σ″ is a Dirac mass.
/// There this type returns the left-hand slope, as PyTorch does (0 for
/// ReLU, 0.01 for leaky ReLU), and σ″ = 0.
public enum Activation: String, CaseIterable, Sendable {
  /// σ(z) = z.
  case identity
  /// σ(z) = max(z, 0); kink at 0, σ′(0) taken as 0.
  case relu
  /// σ(z) = z for z > 0 and 0.01·z otherwise; kink at 0, σ′(0) = 0.01.
  case leakyReLU = "leaky_relu"
  /// σ(z) = tanh z.
  case tanh
  /// σ(z) = 1 / (1 + e⁻ᶻ).
  case sigmoid
  /// σ(z) = log(1 + eᶻ), computed without overflow.
  case softplus
  /// σ(z) = z·Φ(z) with Φ the standard normal CDF (the exact form, not the
  /// tanh approximation).
  case gelu

  /// The slope of `leakyReLU` below 0, as in PyTorch's default.
  public static let leakySlope = 0.01

  /// Whether σ is piecewise linear, so σ″ vanishes away from its kinks.
  public var isPiecewiseLinear: Bool {
    self == .relu || self == .leakyReLU || self == .identity
  }

  /// The points where σ′ is discontinuous (empty for smooth activations).
  public var kinks: [Double] {
    self == .relu || self == .leakyReLU ? [0] : []
  }

  /// Parses an activation name as written in model files and options.
  ///
  /// Accepts the raw values (`identity`, `relu`, `leaky_relu`, `tanh`,
  /// `sigmoid`, `softplus`, `gelu`) and `linear` or `none` for identity.
  public init?(name: String) {
    switch name.lowercased() {
    case "linear", "none": self = .identity
    case "leaky-relu", "leakyrelu": self = .leakyReLU
    default:
      guard let value = Activation(rawValue: name.lowercased()) else {
        return nil
      }
      self = value
    }
  }

  /// The activation's name in model files, for example `leaky_relu`.
  public var name: String { rawValue }

  /// Returns σ(z).
  @inlinable
  public func value(_ z: Double) -> Double {
    switch self {
    case .identity: return z
    case .relu: return z > 0 ? z : 0
    case .leakyReLU: return z > 0 ? z : Activation.leakySlope * z
    case .tanh: return Glibc.tanh(z)
    case .sigmoid: return Activation.logistic(z)
    case .softplus:
      // log(1 + eᶻ) = max(z, 0) + log1p(e^-|z|), finite for every z.
      return max(z, 0) + log1p(exp(-abs(z)))
    case .gelu: return z * Activation.normalCDF(z)
    }
  }

  /// Returns σ′(z).
  @inlinable
  public func derivative(_ z: Double) -> Double {
    switch self {
    case .identity: return 1
    case .relu: return z > 0 ? 1 : 0
    case .leakyReLU: return z > 0 ? 1 : Activation.leakySlope
    case .tanh: return Activation.tanhSlope(z)
    case .sigmoid: return Activation.logisticSlope(z)
    case .softplus: return Activation.logistic(z)
    case .gelu:
      return Activation.normalCDF(z) + z * Activation.normalDensity(z)
    }
  }

  /// Returns σ″(z), taken as 0 at the kinks of piecewise-linear cases.
  @inlinable
  public func secondDerivative(_ z: Double) -> Double {
    switch self {
    case .identity, .relu, .leakyReLU: return 0
    case .tanh:
      return -2 * Glibc.tanh(z) * Activation.tanhSlope(z)
    case .sigmoid:
      // 1 − 2σ(z) = −tanh(z/2), without cancellation near 0.
      return -Activation.logisticSlope(z) * Glibc.tanh(z / 2)
    case .softplus:
      return Activation.logisticSlope(z)
    case .gelu:
      return Activation.normalDensity(z) * (2 - z * z)
    }
  }

  /// Returns tanh′(z) = 4e/(1 + e)² with e = e^{−2|z|}.
  ///
  /// 1 − tanh² rounds to 0 once tanh(z) rounds to ±1 (|z| > 19), although
  /// the slope stays above the smallest normal double up to |z| ≈ 354.
  @inlinable
  static func tanhSlope(_ z: Double) -> Double {
    let e = exp(-2 * abs(z))
    return 4 * e / ((1 + e) * (1 + e))
  }

  /// Returns σ′(z) = e/(1 + e)² with e = e^{−|z|}, for the logistic σ;
  /// σ(1 − σ) would round to 0 once σ rounds to 1 (z > 37).
  @inlinable
  static func logisticSlope(_ z: Double) -> Double {
    let e = exp(-abs(z))
    return e / ((1 + e) * (1 + e))
  }

  /// Returns 1 / (1 + e⁻ᶻ) without overflow for large |z|.
  @inlinable
  static func logistic(_ z: Double) -> Double {
    if z >= 0 { return 1 / (1 + exp(-z)) }
    let e = exp(z)
    return e / (1 + e)
  }

  /// Returns Φ(z) = (1 + erf(z/√2)) / 2, through erfc for negative z so the
  /// lower tail keeps its relative precision.
  @inlinable
  static func normalCDF(_ z: Double) -> Double {
    0.5 * erfc(-z * 0.5.squareRoot())
  }

  /// Returns φ(z) = e^(−z²/2) / √(2π).
  @inlinable
  static func normalDensity(_ z: Double) -> Double {
    exp(-0.5 * z * z) * 0.398_942_280_401_432_677_94
  }
}

extension Activation {
  /// Applies σ to every entry of `input`, writing into `output`.
  ///
  /// - Precondition: both buffers have the same count.
  func apply(
    _ input: UnsafeBufferPointer<Double>,
    into output: UnsafeMutableBufferPointer<Double>
  ) {
    precondition(input.count == output.count)
    // One loop per case, so the switch is not repeated per element.
    switch self {
    case .identity:
      for index in input.indices { output[index] = input[index] }
    case .relu:
      guard !input.isEmpty else { return }
      ecprune_relu(input.baseAddress!, output.baseAddress!, input.count)
    default:
      for index in input.indices { output[index] = value(input[index]) }
    }
  }

  /// Multiplies every entry of `values` by σ′ of the matching entry of
  /// `preActivations`.
  func multiplyByDerivative(
    _ values: UnsafeMutableBufferPointer<Double>,
    preActivations: UnsafeBufferPointer<Double>
  ) {
    precondition(values.count == preActivations.count)
    guard !values.isEmpty else { return }
    switch self {
    case .identity:
      return
    case .relu:
      // In C, branch-free and vectorised (see CKernels).
      ecprune_relu_mask(
        values.baseAddress!, preActivations.baseAddress!, values.count)
    default:
      for index in values.indices {
        values[index] *= derivative(preActivations[index])
      }
    }
  }

  /// Multiplies every entry of `values` by σ′ of the matching entry of
  /// `preActivations`, then adds its square to `squares`, in one pass.
  func multiplyByDerivativeAndAccumulateSquares(
    _ values: UnsafeMutableBufferPointer<Double>,
    preActivations: UnsafeBufferPointer<Double>,
    squares: UnsafeMutableBufferPointer<Double>
  ) {
    precondition(
      values.count == preActivations.count && values.count == squares.count)
    guard !values.isEmpty else { return }
    let count = values.count
    let target = values.baseAddress!
    let z = preActivations.baseAddress!
    let total = squares.baseAddress!
    switch self {
    case .identity:
      ecprune_accumulate_squares(target, total, count)
    case .relu:
      ecprune_relu_mask_accumulate_squares(target, z, total, count)
    default:
      for index in 0..<count {
        let entry = target[index] * derivative(z[index])
        target[index] = entry
        total[index] += entry * entry
      }
    }
  }
}
