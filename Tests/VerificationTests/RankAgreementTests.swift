import TestSupport
import Testing

@testable import Verification

/// Kendall's τ-b against the O(n²) definition, and the top-k overlap on
/// cases worked by hand.
@Suite struct RankAgreementTests {
  /// Which of the two arrays are rounded to a few levels, so that they
  /// contain ties.
  enum Ties: CaseIterable, Sendable {
    case none
    case first
    case second
    case both
  }

  /// Returns `count` uniform values on [-1, 1], rounded to the seven
  /// levels -3/3 … 3/3 when `tied`.
  static func scores(count: Int, tied: Bool, seed: UInt64) -> [Double] {
    let values = Fixtures.randomMatrix(rows: 1, columns: count, seed: seed)
      .values
    return tied ? values.map { ($0 * 3).rounded() / 3 } : values
  }

  /// Returns τ-b from its definition over all pairs, in the form
  /// (P − Q) / √((P + Q + X₀)(P + Q + Y₀)), where X₀ and Y₀ are the pairs
  /// tied in one array only. Returns `nil` when the denominator is 0.
  static func bruteForceTauB(_ x: [Double], _ y: [Double]) -> Double? {
    var concordant = 0
    var discordant = 0
    var tiedInXOnly = 0
    var tiedInYOnly = 0
    for i in x.indices {
      for j in x.indices where j > i {
        let product = sign(x[i] - x[j]) * sign(y[i] - y[j])
        if product > 0 { concordant += 1 }
        if product < 0 { discordant += 1 }
        if x[i] == x[j] && y[i] != y[j] { tiedInXOnly += 1 }
        if y[i] == y[j] && x[i] != x[j] { tiedInYOnly += 1 }
      }
    }
    let untied = concordant + discordant
    let denominator =
      (Double(untied + tiedInXOnly) * Double(untied + tiedInYOnly))
      .squareRoot()
    return denominator > 0
      ? Double(concordant - discordant) / denominator : nil
  }

  /// Returns −1, 0 or 1 as `value` is negative, zero or positive.
  static func sign(_ value: Double) -> Int {
    value > 0 ? 1 : (value < 0 ? -1 : 0)
  }

  @Test(arguments: [2, 3, 7, 64, 501], Ties.allCases)
  func tauBMatchesBruteForce(count: Int, ties: Ties) throws {
    for seed in UInt64(1)...5 {
      let first = Self.scores(
        count: count, tied: ties == .first || ties == .both, seed: seed)
      let second = Self.scores(
        count: count, tied: ties == .second || ties == .both,
        seed: seed + 100)
      let fast = RankAgreement.kendallTauB(first, second)
      let slow = Self.bruteForceTauB(first, second)
      // Both count pairs exactly in integers, so they differ only by the
      // rounding of a product, a square root and a division: a few ulps of
      // a value in [-1, 1]. One miscounted pair moves τ-b by at least
      // 1/n₀ ≥ 8e-6 here.
      #expect(
        (fast == nil) == (slow == nil), "n = \(count), seed \(seed)")
      if let fast, let slow {
        #expect(
          abs(fast - slow) <= 1e-12,
          "n = \(count), seed \(seed): Knight \(fast), pairs \(slow)")
      }
    }
  }

  @Test func tauBOfHandWorkedCases() throws {
    // One discordant pair of six: (5 − 1)/6.
    let swapped = try #require(
      RankAgreement.kendallTauB([1, 2, 3, 4], [1, 3, 2, 4]))
    #expect(abs(swapped - 2.0 / 3.0) <= 1e-15)
    // Four concordant pairs, one tied in each array only: 4/√(5·5).
    let tied = try #require(
      RankAgreement.kendallTauB([1, 1, 2, 3], [1, 2, 2, 3]))
    #expect(abs(tied - 0.8) <= 1e-15)
  }

  @Test(arguments: Ties.allCases)
  func identicalGiveOneReversedGiveMinusOne(ties: Ties) throws {
    let scores = Self.scores(count: 200, tied: ties != .none, seed: 7)
    // n₀ − n₁ is below 2²⁶ here, so its square and square root are exact.
    #expect(RankAgreement.kendallTauB(scores, scores) == 1)
    #expect(RankAgreement.kendallTauB(scores, scores.map { -$0 }) == -1)
    let ascending = (0..<50).map(Double.init)
    #expect(
      RankAgreement.kendallTauB(ascending, ascending.reversed()) == -1)
  }

  @Test func tauBIsNilWhenUndefined() {
    #expect(RankAgreement.kendallTauB([], []) == nil)
    #expect(RankAgreement.kendallTauB([1], [2]) == nil)
    // Every value of one array tied: the denominator is 0.
    #expect(RankAgreement.kendallTauB([3, 3, 3], [1, 2, 3]) == nil)
    #expect(RankAgreement.kendallTauB([1, 2, 3], [0, 0, 0]) == nil)
    #expect(RankAgreement.kendallTauB([1, .nan, 3], [1, 2, 3]) == nil)
    #expect(RankAgreement.kendallTauB([1, 2, 3], [1, 2, .nan]) == nil)
  }

  @Test func tauBHandlesInfinities() throws {
    let tau = try #require(
      RankAgreement.kendallTauB([-.infinity, 0, .infinity], [1, 2, 3]))
    #expect(tau == 1)
  }

  @Test func swapCountOfMergeSort() {
    var values: [Double] = [3, 1, 2, 2, 0]
    // Pairs in decreasing order: (3,1) (3,2) (3,2) (3,0) (1,0) (2,0) (2,0).
    #expect(RankAgreement.sortCountingSwaps(&values) == 7)
    #expect(values == [0, 1, 2, 2, 3])
  }

  @Test func topKOverlapOfHandWorkedCases() {
    // Lowest two: {0, 2} and {1, 2}, sharing item 2.
    #expect(
      RankAgreement.topKOverlap(
        [0.1, 0.5, 0.2, 0.9], [0.3, 0.1, 0.2, 0.8], k: 2)
        == 0.5)
    // Ties go to the lower index: {3, 0} and {0, 1}, sharing item 0.
    #expect(RankAgreement.lowest([1, 1, 1, 0], count: 2) == [3, 0])
    #expect(
      RankAgreement.topKOverlap([1, 1, 1, 0], [0, 2, 2, 2], k: 2) == 0.5)
    // Disjoint lowest sets, and k = n, which always gives 1.
    #expect(RankAgreement.topKOverlap([0, 1, 2, 3], [3, 2, 1, 0], k: 2) == 0)
    #expect(RankAgreement.topKOverlap([0, 1, 2, 3], [3, 2, 1, 0], k: 4) == 1)
    // NaN sorts after every number.
    #expect(RankAgreement.lowest([.nan, 2, 1], count: 2) == [2, 1])
    #expect(RankAgreement.topKOverlap([.nan, 2, 1], [5, 4, 3], k: 1) == 1)
  }

  @Test func largeInputCompletes() throws {
    // More items than LeNet-300-100 has parameters: 266,200 weights and
    // 410 biases, 266,610 in all. This runs the O(n log n) path at that
    // size and does not time it.
    let count = 300_000
    let first = Fixtures.randomMatrix(rows: 1, columns: count, seed: 301)
      .values
    let noise = Fixtures.randomMatrix(
      rows: 1, columns: count, scale: 0.1, seed: 302
    ).values
    // Rounding to a grid of 1e-3 adds ties to the second array.
    let second = zip(first, noise).map { (($0 + $1) * 1000).rounded() / 1000 }

    let tau = try #require(RankAgreement.kendallTauB(first, second))
    let swapped = try #require(RankAgreement.kendallTauB(second, first))
    let identical = try #require(RankAgreement.kendallTauB(first, first))
    // τ-b is symmetric. Noise of ±0.1 on values spread over [-1, 1]
    // reverses a few percent of the pairs.
    #expect(abs(tau - swapped) <= 1e-12)
    #expect(tau > 0.8, "τ-b \(tau)")
    #expect(tau < 1, "τ-b \(tau)")
    #expect(abs(identical - 1) <= 1e-12)
    let overlap = RankAgreement.topKOverlap(first, second, k: count / 10)
    #expect(overlap > 0.5, "overlap \(overlap)")
    #expect(overlap < 1, "overlap \(overlap)")
  }
}
