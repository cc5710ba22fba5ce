/// A ground-truth computation that failed for one weight.
///
/// An internal numerical failure, distinct from `InputError`. It names the
/// weight and the reason, and includes the GSL error's text when GSL
/// reported one.
public struct GroundTruthError: Error, CustomStringConvertible, Sendable {
  /// The weight whose ground truth failed.
  public let weight: WeightIndex
  /// The reason, for example the GSL error's description.
  public let reason: String

  public init(weight: WeightIndex, reason: String) {
    self.weight = weight
    self.reason = reason
  }

  public var description: String {
    "ground truth for weight \(weight) failed: \(reason)"
  }
}
