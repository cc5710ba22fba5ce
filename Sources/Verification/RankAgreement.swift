/// The agreement between two scorings of the same items, such as the
/// closed-form and the true importances of every weight: Kendall's τ-b
/// and the overlap of the items each would prune first.
public enum RankAgreement {
  /// Returns Kendall's τ-b of the pairs (first[m], second[m]), in
  /// O(n log n) time by Knight's algorithm.
  ///
  /// With n₀ = n(n − 1)/2 pairs of items, n₁ pairs tied in `first`, n₂
  /// tied in `second`, and n_c and n_d concordant and discordant pairs,
  ///
  ///     τ_b = (n_c − n_d) / √((n₀ − n₁)(n₀ − n₂)).
  ///
  /// Knight's algorithm sorts the items by `first`, then by `second`,
  /// counts n₁ and the n₃ pairs tied in both from that order, and then
  /// merge-sorts the `second` values in that order, counting n_d as the
  /// swaps. Then n₂ follows from the sorted values, and
  /// n_c − n_d = n₀ − n₁ − n₂ + n₃ − 2n_d. The counts are exact integers,
  /// so the result is the exact τ-b up to the rounding of the final square
  /// root and division. Reference: W. R. Knight, "A Computer Method for
  /// Calculating Kendall's Tau with Ungrouped Data", Journal of the
  /// American Statistical Association 61(314), 436–439 (1966).
  ///
  /// - Returns: τ-b in [−1, 1], 1 when the two orders agree and −1 when
  ///   one reverses the other. `nil` when τ-b is undefined: fewer than two
  ///   items, every value of either array tied (n₀ = n₁ or n₀ = n₂, so
  ///   the denominator is 0), or a NaN in either array.
  /// - Precondition: the arrays have the same count.
  public static func kendallTauB(_ first: [Double], _ second: [Double])
    -> Double?
  {
    precondition(
      first.count == second.count,
      "\(first.count) and \(second.count) scores: one per item in both")
    let count = first.count
    guard count >= 2, !first.contains(where: \.isNaN),
      !second.contains(where: \.isNaN)
    else { return nil }

    // Order by first, then second. Items tied in both stay in any order.
    var order = Array(0..<count)
    order.sort { (first[$0], second[$0]) < (first[$1], second[$1]) }

    // n₁ and n₃ from runs of equal values in that order.
    let tiedInFirst = tiedPairs(count: count) {
      first[order[$0]] == first[order[$0 - 1]]
    }
    let tiedInBoth = tiedPairs(count: count) {
      first[order[$0]] == first[order[$0 - 1]]
        && second[order[$0]] == second[order[$0 - 1]]
    }

    // n_d: within a run tied in `first` the `second` values are already
    // ascending, so every swap is a discordant pair.
    var secondValues = order.map { second[$0] }
    let discordant = sortCountingSwaps(&secondValues)
    let tiedInSecond = tiedPairs(count: count) {
      secondValues[$0] == secondValues[$0 - 1]
    }

    let pairs = count * (count - 1) / 2
    let difference =
      pairs - tiedInFirst - tiedInSecond + tiedInBoth - 2 * discordant
    // Each factor is below 2⁵³ for n < 1.3e8 and so converts exactly. The
    // product can exceed Int.max, so it is formed in Double.
    let denominator =
      (Double(pairs - tiedInFirst) * Double(pairs - tiedInSecond))
      .squareRoot()
    guard denominator > 0 else { return nil }
    return Double(difference) / denominator
  }

  /// Returns the fraction of the k lowest-scored items of `first` that are
  /// also among the k lowest-scored items of `second`.
  ///
  /// The top of a pruning order is its lowest scores, which are removed
  /// first. Ties and NaN are ordered as in `lowest(_:count:)`, so the
  /// result is deterministic. It lies in [0, 1], and it is 1 when k
  /// equals the number of items.
  ///
  /// - Precondition: the arrays have the same count and
  ///   `1 <= k <= first.count`.
  public static func topKOverlap(
    _ first: [Double], _ second: [Double], k: Int
  ) -> Double {
    precondition(
      first.count == second.count,
      "\(first.count) and \(second.count) scores: one per item in both")
    precondition(k >= 1 && k <= first.count, "k must be in 1...\(first.count)")
    let lowestOfSecond = Set(lowest(second, count: k))
    let shared = lowest(first, count: k).filter(lowestOfSecond.contains)
    return Double(shared.count) / Double(k)
  }

  /// Returns the indices of the `count` lowest scores, lowest first.
  ///
  /// Equal scores go to the lower index first, and NaN scores sort after
  /// every number, as in the pruning selection.
  ///
  /// - Precondition: `0 <= count <= scores.count`.
  public static func lowest(_ scores: [Double], count: Int) -> [Int] {
    precondition(
      count >= 0 && count <= scores.count,
      "count must be in 0...\(scores.count)")
    var order = Array(scores.indices)
    order.sort { left, right in
      let a = scores[left]
      let b = scores[right]
      // NaN compares false with everything, so order it explicitly.
      if a.isNaN != b.isNaN { return b.isNaN }
      if a != b && !a.isNaN { return a < b }
      return left < right
    }
    return Array(order.prefix(count))
  }

  /// Returns Σ r(r − 1)/2 over the runs of `count` positions, where
  /// position m > 0 continues the run of m − 1 when `continuesRun(m)`.
  private static func tiedPairs(
    count: Int, continuesRun: (Int) -> Bool
  ) -> Int {
    var pairs = 0
    var runLength = 1
    for position in 1..<count {
      if continuesRun(position) {
        runLength += 1
      } else {
        pairs += runLength * (runLength - 1) / 2
        runLength = 1
      }
    }
    return pairs + runLength * (runLength - 1) / 2
  }

  /// Sorts `values` ascending by a bottom-up merge sort and returns the
  /// number of pairs m < m′ with values[m] > values[m′], which is the
  /// number of adjacent swaps a bubble sort would make. Equal values are
  /// not counted.
  static func sortCountingSwaps(_ values: inout [Double]) -> Int {
    let count = values.count
    var buffer = values
    var swaps = 0
    var width = 1
    while width < count {
      var start = 0
      while start < count {
        let middle = min(start + width, count)
        let end = min(start + 2 * width, count)
        var left = start
        var right = middle
        var target = start

        // Taking from the right run passes every value left in the left
        // run, each of which is strictly larger.
        while left < middle && right < end {
          if values[right] < values[left] {
            buffer[target] = values[right]
            swaps += middle - left
            right += 1
          } else {
            buffer[target] = values[left]
            left += 1
          }
          target += 1
        }
        while left < middle {
          buffer[target] = values[left]
          left += 1
          target += 1
        }
        while right < end {
          buffer[target] = values[right]
          right += 1
          target += 1
        }
        start = end
      }
      swap(&values, &buffer)
      width *= 2
    }
    return swaps
  }
}
