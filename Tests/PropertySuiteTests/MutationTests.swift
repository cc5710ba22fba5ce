import PropertyChecks
import PropertySuite
import TestSupport
import Testing

/// Five deliberately wrong scorers (`MutantScorers`), each of which the
/// suite must reject with a shrunk counterexample.
@Suite struct MutationTests {
  /// Runs every property on the mutant with a fixed seed and returns the
  /// failures. A fixed seed keeps the run reproducible; 30 cases per
  /// property are plenty, since each fault is off by O(1) on most cases.
  static func failures(of mutant: Scorer)
    -> [PropertyCheckResult<ScoringCase>]
  {
    ClosedFormProperty.all.map { $0.run(mutant, cases: 30, seed: 20_261_204) }
      .filter { !$0.passed }
  }

  @Test(arguments: MutantScorers.all.map(\.name))
  func suiteRejectsEveryMutant(name: String) throws {
    let mutant = try #require(MutantScorers.all.first { $0.name == name })
    let failures = Self.failures(of: mutant)
    #expect(!failures.isEmpty, "the suite accepted the mutant '\(name)'")

    // Each failure comes with a message naming the seed and a shrunk
    // case no larger than the original.
    for result in failures {
      let failure = try #require(result.failure)
      let message = try #require(result.failureMessage())
      #expect(message.contains("seed \(result.seed)"))
      #expect(message.contains("Shrunk counterexample"))
      let shrunk = failure.shrunk.networkCase
      let original = failure.original.networkCase
      #expect(shrunk.network.layers.count <= original.network.layers.count)
      #expect(shrunk.network.weightCount <= original.network.weightCount)
      #expect(shrunk.sampleCount <= original.sampleCount)
    }
  }

  /// The linearised optimum alone rejects every mutant, and shrinking
  /// takes its counterexample down to at most two layers of at most two
  /// units and two samples: one unit and one input suffice for four of
  /// the faults, and the per-output one needs two outputs.
  @Test(arguments: MutantScorers.all.map(\.name))
  func linearisedOptimumShrinksToATinyCase(name: String) throws {
    let mutant = try #require(MutantScorers.all.first { $0.name == name })
    let result = ClosedFormProperty.linearisedOptimum.run(
      mutant, cases: 30, seed: 7)
    let shrunk = try #require(result.failure?.shrunk.networkCase)
    #expect(shrunk.network.layers.count <= 2)
    #expect(shrunk.network.sizes.allSatisfy { $0 <= 2 })
    #expect(shrunk.sampleCount <= 2)
    #expect(result.failure?.shrinkHitLimit == false)
  }
}
