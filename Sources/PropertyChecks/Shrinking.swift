/// How far `PropertyCheck.shrink` may go before it stops.
public struct ShrinkLimits: Sendable, Equatable {
  /// Accepted candidates (steps) at most; default 1,000.
  public var maximumSteps: Int
  /// Candidates tried in total at most; default 100,000.
  public var maximumTrials: Int

  public init(maximumSteps: Int = 1_000, maximumTrials: Int = 100_000) {
    precondition(maximumSteps >= 0 && maximumTrials >= 0)
    self.maximumSteps = maximumSteps
    self.maximumTrials = maximumTrials
  }
}

/// The end of a shrink: the simplest failing value found and its cost.
public struct ShrinkOutcome<Value> {
  /// The last candidate that still failed (the original if none did).
  public var value: Value
  /// Candidates accepted on the way.
  public var steps: Int
  /// Candidates tried, failing or not.
  public var trials: Int
  /// True when a limit, not a minimal value, ended the shrink.
  public var hitLimit: Bool
}

extension PropertyCheck {
  /// Greedily shrinks a failing value.
  ///
  /// Each step tries `shrink(current)` in order and moves to the first
  /// candidate that still fails. The loop stops when no candidate fails
  /// or when a limit of `limits` is reached. Because of the limits it
  /// ends whatever the shrinker does, even one with no minimum.
  public static func shrink<Value>(
    _ value: Value,
    using shrink: (Value) -> [Value],
    limits: ShrinkLimits = ShrinkLimits(),
    fails: (Value) -> Bool
  ) -> ShrinkOutcome<Value> {
    var outcome = ShrinkOutcome(
      value: value, steps: 0, trials: 0, hitLimit: false)
    while outcome.steps < limits.maximumSteps {
      var accepted = false
      for candidate in shrink(outcome.value) {
        guard outcome.trials < limits.maximumTrials else {
          outcome.hitLimit = true
          return outcome
        }
        outcome.trials += 1
        if fails(candidate) {
          outcome.value = candidate
          outcome.steps += 1
          accepted = true
          break
        }
      }
      if !accepted { return outcome }
    }
    outcome.hitLimit = true
    return outcome
  }
}
