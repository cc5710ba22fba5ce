/// A ground-truth computation that failed for one weight.
///
/// An internal numerical failure, distinct from `InputError`: it names the
/// weight and says why, and wraps the GSL error when GSL reported one.
public struct GroundTruthError: Error, CustomStringConvertible, Sendable {
  /// The weight whose ground truth failed.
  public let weight: WeightIndex
  /// What went wrong.
  public let reason: String

  public init(weight: WeightIndex, reason: String) {
    self.weight = weight
    self.reason = reason
  }

  public var description: String {
    "ground truth for weight \(weight) failed: \(reason)"
  }
}
