import Synchronization

/// Turns the ground truth's per-unit progress into a line at every tenth
/// of the weights, safe to call from any thread.
public final class GroundTruthProgress: Sendable {
  private let prefix: String
  private let report: @Sendable (String) -> Void
  private let reportedTenths = Mutex(0)

  public init(prefix: String, report: @escaping @Sendable (String) -> Void) {
    self.prefix = prefix
    self.report = report
  }

  /// Reports when `done` of `total` weights crosses another tenth.
  @Sendable public func update(_ done: Int, _ total: Int) {
    guard total > 0 else { return }
    let tenths = 10 * done / total
    let crossed = reportedTenths.withLock { reported -> Bool in
      guard tenths > reported else { return false }
      reported = tenths
      return true
    }
    if crossed {
      report(
        "\(prefix) ground truth: \(10 * tenths) % of \(total) weights solved")
    }
  }
}
