import NeuralNetwork

/// The set of weights the pruning ratio applies to.
public enum SelectionScope: String, CaseIterable, Sendable {
  /// One threshold across all layers: the lowest scores anywhere go first.
  case global
  /// The same ratio in each layer.
  case layer
}

/// Chooses the weights to remove from their scores.
public enum Selection {
  /// Returns, per layer, the row-major indices of the kept weights to
  /// remove so that the fraction `ratio` of weights (biases excluded) is
  /// removed in all, counting those `mask` already removes.
  ///
  /// Weights are taken in increasing order of score; ties go to the lower
  /// layer, then the lower index, so the choice is deterministic. NaN
  /// scores sort last. The target count is ratio × count rounded to the
  /// nearest integer, over the network (`global`) or per layer (`layer`).
  ///
  /// - Precondition: `0 <= ratio <= 1`.
  public static func select(
    scores: [Matrix], mask: WeightMask, ratio: Double, scope: SelectionScope
  ) -> [[Int]] {
    precondition(ratio >= 0 && ratio <= 1, "ratio must be in [0, 1]")
    precondition(scores.count == mask.layers.count, "one score per layer")
    var chosen = scores.map { _ in [Int]() }

    switch scope {
    case .global:
      let total = scores.reduce(0) { $0 + $1.values.count }
      let removed = mask.removedCounts.reduce(0, +)
      let need = targetCount(ratio: ratio, of: total) - removed
      let candidates = scores.indices.flatMap { layer in
        keptCandidates(scores[layer], mask: mask, layer: layer)
      }
      for candidate in lowest(candidates, count: need) {
        chosen[candidate.layer].append(candidate.index)
      }

    case .layer:
      for layer in scores.indices {
        let total = scores[layer].values.count
        let need =
          targetCount(ratio: ratio, of: total) - mask.removedCounts[layer]
        let candidates = keptCandidates(
          scores[layer], mask: mask, layer: layer)
        chosen[layer] = lowest(candidates, count: need).map(\.index)
      }
    }
    return chosen.map { $0.sorted() }
  }

  /// Returns ratio × count rounded to the nearest integer, halves away
  /// from zero.
  public static func targetCount(ratio: Double, of count: Int) -> Int {
    Int((ratio * Double(count)).rounded(.toNearestOrAwayFromZero))
  }

  struct Candidate {
    let score: Double
    let layer: Int
    let index: Int
  }

  private static func keptCandidates(
    _ scores: Matrix, mask: WeightMask, layer: Int
  ) -> [Candidate] {
    scores.values.indices.compactMap { index in
      mask.isKept(layer: layer, index: index)
        ? Candidate(score: scores.values[index], layer: layer, index: index)
        : nil
    }
  }

  /// Returns the `count` candidates of lowest score, ties by position.
  private static func lowest(
    _ candidates: [Candidate], count: Int
  ) -> [Candidate] {
    guard count > 0 else { return [] }
    let sorted = candidates.sorted { left, right in
      // NaN compares false with everything, so order it explicitly.
      if left.score.isNaN != right.score.isNaN { return right.score.isNaN }
      if left.score != right.score && !left.score.isNaN {
        return left.score < right.score
      }
      if left.layer != right.layer { return left.layer < right.layer }
      return left.index < right.index
    }
    return Array(sorted.prefix(count))
  }
}
