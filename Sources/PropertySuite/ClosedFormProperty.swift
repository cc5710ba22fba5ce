import Foundation
import PropertyChecks
import Pruning
import Testing

/// A property that failed, with the weight or value involved.
public struct PropertyViolation: Error, CustomStringConvertible, Sendable {
  /// The failure, with the numbers involved.
  public let description: String

  public init(_ description: String) {
    self.description = description
  }
}

/// One fact of the closed form as a property of any scorer.
///
/// `check` throws `PropertyViolation` when the scorer breaks the fact on
/// a case and returns normally when the fact is true or does not apply
/// (for example a unit whose oracle saw a kink). The suite is the list
/// `ClosedFormProperty.all`; Proofs/ names each property's proof.
public struct ClosedFormProperty: Sendable {
  /// The property's name; the test that runs it has the same name.
  public let name: String
  /// The cases it is checked on.
  public let generator: Generator<ScoringCase>
  /// Cases per run unless `PROPERTY_CASES` or the caller says otherwise;
  /// smaller for properties that call the GSL ground truth.
  public let defaultCases: Int
  /// Checks the fact for `scorer` on one case.
  public let check: @Sendable (Scorer, ScoringCase) throws -> Void

  public init(
    name: String, generator: Generator<ScoringCase>, defaultCases: Int = 100,
    check: @escaping @Sendable (Scorer, ScoringCase) throws -> Void
  ) {
    self.name = name
    self.generator = generator
    self.defaultCases = defaultCases
    self.check = check
  }

  /// Runs the property for `scorer` without recording a test issue.
  ///
  /// The case count is `cases`, else `PROPERTY_CASES`, else
  /// `defaultCases`; the seed as in `PropertyCheck.run`.
  public func run(
    _ scorer: Scorer, cases: Int? = nil, seed: UInt64? = nil,
    limits: ShrinkLimits = ShrinkLimits(maximumSteps: 200, maximumTrials: 5_000)
  ) -> PropertyCheckResult<ScoringCase> {
    // `expect` records an issue for a variable that does not parse; a
    // direct call stops with the variable's name, as PropertyCheck.run does.
    if let error = PropertyCheck.environmentError() {
      fatalError("\(error); fix or unset it")
    }
    let environmentCases =
      (try? PropertyCheck.cases(from: ProcessInfo.processInfo.environment))
      ?? nil
    return PropertyCheck.run(
      "\(name) [\(scorer.name)]",
      cases: cases ?? environmentCases ?? defaultCases, seed: seed,
      limits: limits, generator: generator
    ) { scoringCase in
      try check(scorer, scoringCase)
      return true
    }
  }

  /// Runs the property for `scorer` inside a Swift Testing test and
  /// records an issue at the caller, with the seed, the replay command
  /// and the shrunk counterexample, when it fails.
  @discardableResult
  public func expect(
    _ scorer: Scorer, cases: Int? = nil, seed: UInt64? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
  ) -> PropertyCheckResult<ScoringCase> {
    if let error = PropertyCheck.environmentError() {
      Issue.record(
        Comment(rawValue: "\(error); fix or unset it"),
        sourceLocation: sourceLocation)
      return PropertyCheckResult(name: name, seed: 0, cases: 0, failure: nil)
    }
    let result = run(scorer, cases: cases, seed: seed)
    let filter = Test.current.map { String($0.name.prefix { $0 != "(" }) }
    if let message = result.failureMessage(filter: filter) {
      Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
    return result
  }
}

extension ClosedFormProperty {
  /// Every property of the suite, each run by the test of the same name.
  public static var all: [ClosedFormProperty] {
    [
      linearisedOptimum, importanceBounds, scalingInWeight, reluRescaling,
      withinRowAdditivity, constantActivationIsExact,
      zeroSensitivityConvention, batchingInvariance, permutationEquivariance,
      sampleOrderInvariance, exactForLinearDownstream, exactInsideKinkRadius,
      smoothActivationOrders, stableNearConstantActivations,
      sameInputSameBits,
    ]
  }

  /// Returns the property called `name`, if any.
  public static func named(_ name: String) -> ClosedFormProperty? {
    all.first { $0.name == name }
  }
}
