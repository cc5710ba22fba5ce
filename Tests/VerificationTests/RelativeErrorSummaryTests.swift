import Testing
import Verification

/// The relative-error summary on hand-computed cases.
@Suite struct RelativeErrorSummaryTests {
  @Test func errorsAreRelativeToTruth() {
    // |1.1 − 1| / 1 = 0.1, |1.5 − 2| / 2 = 0.25, |−3 − (−4)| / 4 = 0.25.
    let summary = RelativeErrorSummary(
      approximations: [1.1, 1.5, -3], truths: [1, 2, -4])
    #expect(summary.count == 3)
    #expect(abs(summary.sortedErrors[0] - 0.1) <= 1e-15)
    #expect(summary.sortedErrors[1] == 0.25)
    #expect(summary.sortedErrors[2] == 0.25)
    #expect(summary.median == 0.25)
    #expect(summary.maximum == 0.25)
    #expect(summary.bothZero == 0)
    #expect(summary.zeroTruth == 0)
    #expect(summary.skipped == 0)
  }

  @Test func bothZeroIsCountedApart() {
    let summary = RelativeErrorSummary(
      approximations: [0, 0, 2], truths: [0, 0, 1])
    #expect(summary.bothZero == 2)
    #expect(summary.count == 1)
    #expect(summary.sortedErrors == [1])
  }

  @Test func floorKeepsZeroTruthFinite() {
    // The median |t| of the compared pairs is 2 (values 0, 2, 4), so the
    // floor is 2e-12 and an approximation 1e-12 of a true 0 has error
    // 1e-12 / 2e-12 = 0.5 instead of +∞.
    let summary = RelativeErrorSummary(
      approximations: [1e-12, 2, 4], truths: [0, 2, 4])
    #expect(summary.floor == 2e-12)
    #expect(summary.maximum == 0.5)
    #expect(summary.zeroTruth == 1)
    #expect(summary.count(within: 0) == 2)
  }

  @Test func floorFactorIsApplied() {
    let summary = RelativeErrorSummary(
      approximations: [1, 1], truths: [0, 10], floorFactor: 0.01)
    // Median |t| over (0, 10) is 5, floor 0.05: errors 1/0.05 = 20 and
    // 9/10 = 0.9.
    #expect(summary.floor == 0.05)
    #expect(summary.sortedErrors == [0.9, 20])
  }

  @Test func zeroFloorGivesInfinity() {
    // Every true value is 0, so the median and the floor are 0 too.
    let summary = RelativeErrorSummary(approximations: [1], truths: [0])
    #expect(summary.floor == 0)
    #expect(summary.maximum == .infinity)
  }

  @Test func nanPairsAreSkipped() {
    let summary = RelativeErrorSummary(
      approximations: [1, .nan, 3], truths: [.nan, 2, 3])
    #expect(summary.skipped == 2)
    #expect(summary.count == 1)
    #expect(summary.maximum == 0)
  }

  @Test func emptySummaryIsNaN() {
    let summary = RelativeErrorSummary(approximations: [0], truths: [0])
    #expect(summary.count == 0)
    #expect(summary.median.isNaN)
    #expect(summary.maximum.isNaN)
    #expect(summary.quantile(0.5).isNaN)
    #expect(summary.count(within: 1) == 0)
  }

  @Test func countWithinIsInclusive() {
    let summary = RelativeErrorSummary(
      approximations: [1, 1.5, 3, 5], truths: [1, 1, 1, 1])
    // Errors 0, 0.5, 2, 4.
    #expect(summary.count(within: 0) == 1)
    #expect(summary.count(within: 0.5) == 2)
    #expect(summary.count(within: 3) == 3)
    #expect(summary.count(within: 10) == 4)
    #expect(summary.count(within: -1) == 0)
  }

  @Test func quantileIsSmallestCoveringError() {
    let summary = RelativeErrorSummary(
      approximations: [1, 1.5, 3, 5], truths: [1, 1, 1, 1])
    #expect(summary.quantile(0) == 0)
    #expect(summary.quantile(0.25) == 0)
    #expect(summary.quantile(0.26) == 0.5)
    #expect(summary.quantile(0.5) == 0.5)
    #expect(summary.quantile(0.75) == 2)
    #expect(summary.quantile(1) == 4)
  }

  static let medianCases: [([Double], Double)] = [
    ([3], 3), ([4, 1, 3], 3), ([4, 1, 3, 2], 2.5), ([-1, 1], 0),
  ]

  @Test(arguments: medianCases)
  func medianOfSmallArrays(values: [Double], expected: Double) {
    #expect(RelativeErrorSummary.median(values) == expected)
  }

  @Test func medianSortsNaNLast() {
    // Sorted (1, 2, NaN): the middle value is 2.
    #expect(RelativeErrorSummary.median([.nan, 2, 1]) == 2)
    #expect(RelativeErrorSummary.median([]).isNaN)
  }
}
