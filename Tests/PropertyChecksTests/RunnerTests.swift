import PropertyChecks
import Testing

@Suite struct RunnerTests {
  @Test func passingPropertyPassesEveryCase() {
    var seen = 0
    let result = PropertyCheck.run(
      "abs is non-negative", cases: 250, generator: .int(in: -1_000...1_000)
    ) { value in
      seen += 1
      return abs(value) >= 0
    }
    #expect(result.passed)
    #expect(result.cases == 250)
    #expect(seen == 250)
  }

  /// A run from a random seed fails at some case. Running again with the
  /// reported seed and `caseIndex + 1` cases fails at the same case on
  /// the same value, and the case seed alone redraws that value.
  @Test func reportedSeedReplaysTheFailure() throws {
    let doubles = Generator<Double>.special(hardCaseFrequency: 0.05)
    let property = { (x: Double) in x.magnitude < 9e5 }
    let first = PropertyCheck.run(
      "bounded", cases: 1_000, generator: doubles, property: property)
    let failure = try #require(first.failure)

    let replay = PropertyCheck.run(
      "bounded", cases: failure.caseIndex + 1, seed: first.seed,
      generator: doubles, property: property)
    let replayed = try #require(replay.failure)
    #expect(replayed.caseIndex == failure.caseIndex)
    #expect(replayed.original == failure.original)
    #expect(replayed.shrunk == failure.shrunk)
    #expect(doubles.value(seed: failure.caseSeed) == failure.original)
    #expect(
      PropertyCheck.caseSeed(first.seed, failure.caseIndex)
        == failure.caseSeed)
  }

  /// The environment replays a run exactly as the arguments do.
  @Test func environmentSeedAndCasesAreUsed() {
    let environment = ["PROPERTY_SEED": "0x2a", "PROPERTY_CASES": "17"]
    let result = PropertyCheck.run(
      "always true", environment: environment, generator: .bool
    ) { _ in true }
    #expect(result.seed == 42)
    #expect(result.cases == 17)
    let explicit = PropertyCheck.run(
      "always true", cases: 3, seed: 7, environment: environment,
      generator: .bool
    ) { _ in true }
    #expect(explicit.seed == 7)
    #expect(explicit.cases == 3)
  }

  @Test func caseCountParsing() throws {
    #expect(try PropertyCheck.cases(from: [:]) == nil)
    #expect(try PropertyCheck.cases(from: ["PROPERTY_CASES": "500"]) == 500)
    #expect(try PropertyCheck.cases(from: ["PROPERTY_CASES": " 8 "]) == 8)
    for bad in ["0", "-3", "ten", ""] {
      #expect(throws: PropertyEnvironmentError.self) {
        try PropertyCheck.cases(from: ["PROPERTY_CASES": bad])
      }
    }
  }

  @Test func seedParsing() throws {
    #expect(try PropertyCheck.seed(from: [:]) == nil)
    #expect(try PropertyCheck.seed(from: ["PROPERTY_SEED": "123"]) == 123)
    #expect(
      try PropertyCheck.seed(from: ["PROPERTY_SEED": "0xffffffffffffffff"])
        == UInt64.max)
    for bad in ["-1", "0xg", "18446744073709551616"] {
      #expect(throws: PropertyEnvironmentError.self) {
        try PropertyCheck.seed(from: ["PROPERTY_SEED": bad])
      }
    }
  }

  struct Unlucky: Error {}

  @Test func thrownErrorCountsAsFailure() throws {
    let result = PropertyCheck.run(
      "throws on big", seed: 11, generator: .int(in: 0...1_000)
    ) { value in
      if value >= 10 { throw Unlucky() }
      return true
    }
    let failure = try #require(result.failure)
    #expect(failure.shrunk == 10)
    #expect(failure.error is Unlucky)
  }

  /// `checkProperty` records one issue whose message carries the seed,
  /// the replay command with this test's name and the shrunk value.
  @Test func checkPropertyRecordsAReplayableIssue() {
    var result: PropertyCheckResult<Int>?
    withKnownIssue {
      result = checkProperty(
        "x < 100", seed: 77, generator: .int(in: 0...10_000)
      ) { $0 < 100 }
    } matching: { issue in
      let text = issue.comments.map(\.rawValue).joined()
      return text.contains("seed 77")
        && text.contains(
          "PROPERTY_SEED=77 PROPERTY_CASES=")
        && text.contains(
          "swift test --filter 'checkPropertyRecordsAReplayableIssue'")
        && text.contains("counterexample (")
        && text.contains("): 100\n")
    }
    #expect(result?.failure?.shrunk == 100)
  }

  @Test func checkPropertyIsSilentWhenThePropertyHolds() {
    let result = checkProperty("x <= 10", generator: .int(in: 0...10)) {
      $0 <= 10
    }
    #expect(result.passed)
  }
}
