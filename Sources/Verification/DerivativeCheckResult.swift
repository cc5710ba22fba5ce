/// One derivative that a derivative check compares with finite
/// differences.
public enum DerivativeEntry: Hashable, Sendable, CustomStringConvertible {
  /// ∂yₖ(xₙ)/∂zˡᵢ(xₙ): network output `output` on sample `sample` with
  /// respect to the pre-activation of unit `unit` of layer `layer` on the
  /// same sample.
  case outputByPreActivation(layer: Int, unit: Int, sample: Int, output: Int)
  /// ∂ℒ/∂Wˡᵢⱼ: the mean loss over the checked samples with respect to one
  /// weight.
  case lossByWeight(WeightIndex)

  /// The layer l of the entry, counted from 0 as in model files.
  public var layer: Int {
    switch self {
    case .outputByPreActivation(let layer, _, _, _): return layer
    case .lossByWeight(let weight): return weight.layer
    }
  }

  /// A readable name, for example `∂y[2]/∂z of layers.1 unit 3 on sample
  /// 17` or `∂loss/∂layers.0[4, 5]`.
  public var description: String {
    switch self {
    case .outputByPreActivation(let layer, let unit, let sample, let output):
      return "∂y[\(output)]/∂z of layers.\(layer) unit \(unit) on sample "
        + "\(sample)"
    case .lossByWeight(let weight):
      return "∂loss/∂\(weight)"
    }
  }
}

/// An analytic derivative beside its central difference, at an entry
/// where the function is smooth within the step.
public struct DerivativeComparison: Sendable {
  /// The entry compared.
  public let entry: DerivativeEntry
  /// The engine's value.
  public let analytic: Double
  /// The value of `gsl_deriv_central`.
  public let numeric: Double
  /// GSL's estimate of the absolute error of `numeric`.
  public let numericError: Double
  /// |analytic − numeric| / max(1, |numeric|): relative for large
  /// derivatives and absolute for small ones. NaN when either value is
  /// NaN.
  public let relativeError: Double

  init(
    entry: DerivativeEntry, analytic: Double, numeric: Double,
    numericError: Double
  ) {
    self.entry = entry
    self.analytic = analytic
    self.numeric = numeric
    self.numericError = numericError
    self.relativeError = abs(analytic - numeric) / max(1, abs(numeric))
  }
}

/// Counts of a derivative check over one layer or over all of them.
public struct DerivativeTally: Sendable {
  /// The number of entries differentiated.
  public private(set) var checked = 0
  /// The entries where the forward and backward differences agree, so
  /// the analytic value was compared.
  public private(set) var smooth = 0
  /// The entries where the forward and backward differences disagree: a
  /// kink lies within the step, and the entry is neither compared nor
  /// failed.
  public private(set) var kinks = 0
  /// The smooth entries whose relative error exceeds the tolerance or is
  /// NaN.
  public private(set) var failed = 0
  /// The smooth entry with the largest relative error (the first NaN, if
  /// any), or `nil` when no entry was smooth.
  public private(set) var worst: DerivativeComparison?

  /// The largest relative error among smooth entries, 0 when there were
  /// none.
  public var maxRelativeError: Double { worst?.relativeError ?? 0 }

  mutating func recordKink() {
    checked += 1
    kinks += 1
  }

  mutating func record(_ comparison: DerivativeComparison, failing: Bool) {
    checked += 1
    smooth += 1
    if failing { failed += 1 }
    guard let current = worst else {
      worst = comparison
      return
    }
    // A NaN stays the worst once found, and a NaN beats any number.
    let error = comparison.relativeError
    if !current.relativeError.isNaN
      && (error.isNaN || error > current.relativeError)
    {
      worst = comparison
    }
  }
}

/// The outcome of one derivative check: counts over all layers and per
/// layer, and every failing entry.
public struct DerivativeCheckResult: Sendable {
  /// The tolerance on the relative error that smooth entries were held
  /// to.
  public let tolerance: Double
  /// The counts over all layers.
  public private(set) var total = DerivativeTally()
  /// The counts of layer l at index l.
  public private(set) var perLayer: [DerivativeTally]
  /// The failing entries in the order they were checked: by layer, then
  /// by their position in the layer.
  public private(set) var failures: [DerivativeComparison] = []

  /// Whether every smooth entry is within tolerance. A check whose entries
  /// were all kinks passes, so read `total.smooth` beside it.
  public var passed: Bool { failures.isEmpty }

  init(layerCount: Int, tolerance: Double) {
    self.tolerance = tolerance
    self.perLayer = [DerivativeTally](repeating: .init(), count: layerCount)
  }

  mutating func recordKink(_ entry: DerivativeEntry) {
    total.recordKink()
    perLayer[entry.layer].recordKink()
  }

  mutating func record(_ comparison: DerivativeComparison) {
    // Written so that a NaN error fails.
    let failing = !(comparison.relativeError <= tolerance)
    total.record(comparison, failing: failing)
    perLayer[comparison.entry.layer].record(comparison, failing: failing)
    if failing { failures.append(comparison) }
  }
}
