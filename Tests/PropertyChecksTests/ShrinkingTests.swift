import PropertyChecks
import Testing

@Suite struct ShrinkingTests {
  /// A property that always fails shrinks to the target and stops, well
  /// under the step cap: halving from at most 10,000 needs ≤ 14 steps.
  @Test func alwaysFailingPropertyEndsAtTheTarget() {
    let result = PropertyCheck.run(
      "always fails", cases: 10, seed: 1,
      generator: .int(in: -10_000...10_000)
    ) { _ in false }
    let failure = try! #require(result.failure)
    #expect(failure.caseIndex == 0)
    #expect(failure.shrunk == 0)
    #expect(failure.shrinkSteps <= 1)
    #expect(!failure.shrinkHitLimit)
  }

  /// A shrinker that always proposes a larger value never reaches a
  /// minimum; the step cap ends the loop.
  @Test func stepCapEndsAnEndlessShrinker() {
    let outcome = PropertyCheck.shrink(
      0, using: { [$0 + 1] }, limits: ShrinkLimits(maximumSteps: 1_000),
      fails: { _ in true })
    #expect(outcome.steps == 1_000)
    #expect(outcome.value == 1_000)
    #expect(outcome.hitLimit)
  }

  /// A shrinker with many passing candidates per step is cut off by the
  /// trial cap, not left to run through them all.
  @Test func trialCapEndsAWideShrinker() {
    let outcome = PropertyCheck.shrink(
      0, using: { _ in Array(0..<10_000) },
      limits: ShrinkLimits(maximumTrials: 2_500), fails: { $0 == -1 })
    #expect(outcome.trials == 2_500)
    #expect(outcome.steps == 0)
    #expect(outcome.hitLimit)
  }

  /// Every built-in candidate is strictly closer to the target.
  @Test func builtInCandidatesAreStrictlySimpler() {
    let ints = Generator<Int>.int(in: 5...1_000)
    for value in [6, 77, 1_000] {
      for candidate in ints.shrink(value) {
        #expect(candidate >= 5)
        #expect(candidate < value)
      }
    }
    let doubles = Generator<Double>.double(in: -3...1_000)
    for value in [-2.75, 0.1, 2.5, 999.999] {
      for candidate in doubles.shrink(value) {
        #expect(abs(candidate) < abs(value))
      }
    }
    #expect(ints.shrink(5).isEmpty)
    #expect(doubles.shrink(0).isEmpty)
  }

  @Test func integerCounterexampleIsTheBoundary() {
    let result = PropertyCheck.run(
      "x < 100", seed: 2024, generator: .int(in: 0...10_000)
    ) { $0 < 100 }
    #expect(result.failure?.shrunk == 100)
  }

  @Test func arrayCounterexampleHasThreeZeros() {
    let arrays = Generators.array(of: .int(in: -50...50), count: 0...20)
    let result = PropertyCheck.run(
      "count < 3", seed: 5, generator: arrays
    ) { $0.count < 3 }
    #expect(result.failure?.shrunk == [0, 0, 0])
  }

  /// The shrunk double is at least 2.5 (it still fails), at most 3 and
  /// written with at most two decimals.
  @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
  func doubleCounterexampleIsShort(seed: UInt64) throws {
    let result = PropertyCheck.run(
      "x < 2.5", seed: seed, generator: .double(in: 0...1_000)
    ) { $0 < 2.5 }
    let shrunk = try #require(result.failure?.shrunk)
    #expect(shrunk >= 2.5)
    #expect(shrunk <= 3)
    let hundredths = shrunk * 100
    #expect(abs(hundredths - hundredths.rounded()) < 1e-9)
  }

  /// Pairs shrink one component at a time, each to its own boundary.
  @Test func pairCounterexampleShrinksBothComponents() {
    let pairs = Generators.zip(Generator.int(in: 0...1_000), .bool)
    let result = PropertyCheck.run(
      "x < 10 or flag", seed: 8, generator: pairs
    ) { $0.0 < 10 || $0.1 }
    let shrunk = result.failure?.shrunk
    #expect(shrunk?.0 == 10)
    #expect(shrunk?.1 == false)
  }
}
