import NeuralNetwork

/// The settings of one pruning run.
public struct PruningSettings: Sendable, Equatable {
  /// The criterion that scores the weights.
  public var criterion: Criterion
  /// The fraction of weights to remove, biases excluded, in [0, 1].
  public var ratio: Double
  /// Global or per-layer selection.
  public var scope: SelectionScope
  /// The number of equal steps to reach `ratio`, rescoring after each;
  /// 1 is the one-shot method.
  public var steps: Int = 1
  /// Options for the criterion.
  public var options = CriterionOptions()

  public init(criterion: Criterion, ratio: Double, scope: SelectionScope) {
    self.criterion = criterion
    self.ratio = ratio
    self.scope = scope
  }
}

/// A pruned network and what was removed.
public struct PruningOutcome: Sendable {
  /// The network with the removed weights at 0 and, for compensating
  /// criteria, the compensations added to the biases.
  public let network: Network
  /// The removed weights.
  public let mask: WeightMask
  /// For the Taylor criteria, the number of units with zero sensitivity in
  /// each layer at the last scoring.
  public let zeroSensitivityUnitCounts: [Int]?
}

/// Removes weights by a criterion, in one shot or in steps.
public enum Pruner {
  /// Prunes `network` to `settings.ratio`, scoring on `data`.
  ///
  /// Each of the `steps` steps rescores the current network, removes the
  /// lowest-scored kept weights up to the fraction ratio·t/steps, and for
  /// a compensating criterion adds the compensations of the weights
  /// removed from each row to that row's bias. Within a row that sum is
  /// the optimum of the joint linearised problem.
  public static func prune(
    _ network: Network, data: ScoringData, settings: PruningSettings
  ) -> PruningOutcome {
    prune(network, settings: settings) { current in
      Scoring.score(
        current, criterion: settings.criterion, data: data,
        options: settings.options)
    }
  }

  /// Prunes `network` to `settings.ratio` with scores from `score`, called
  /// on the current network before each step (for criteria scored outside
  /// this module, such as the verifier's nonlinear baseline).
  public static func prune(
    _ network: Network, settings: PruningSettings,
    score: (Network) throws -> CriterionScores
  ) rethrows -> PruningOutcome {
    precondition(settings.steps >= 1, "steps must be at least 1")
    var pruned = network
    var mask = WeightMask(keepingAllOf: network)
    var zeroUnits: [Int]? = nil
    for step in 1...settings.steps {
      let target = settings.ratio * Double(step) / Double(settings.steps)
      let scores = try score(pruned)
      zeroUnits = scores.zeroSensitivityUnits?.map(\.count)
      let removal = Selection.select(
        scores: scores.scores, mask: mask,
        ratio: step == settings.steps ? settings.ratio : target,
        scope: settings.scope)
      remove(removal, from: &pruned, mask: &mask, scores: scores)
    }
    return PruningOutcome(
      network: pruned, mask: mask, zeroSensitivityUnitCounts: zeroUnits)
  }

  /// Prunes `network` once from precomputed scores.
  public static func prune(
    _ network: Network, scores: CriterionScores, ratio: Double,
    scope: SelectionScope
  ) -> PruningOutcome {
    var pruned = network
    var mask = WeightMask(keepingAllOf: network)
    let removal = Selection.select(
      scores: scores.scores, mask: mask, ratio: ratio, scope: scope)
    remove(removal, from: &pruned, mask: &mask, scores: scores)
    return PruningOutcome(
      network: pruned, mask: mask,
      zeroSensitivityUnitCounts: scores.zeroSensitivityUnits?.map(\.count))
  }

  /// Sets the chosen weights to 0, marks them in `mask`, and adds their
  /// compensations to the biases of their rows.
  static func remove(
    _ removal: [[Int]], from network: inout Network, mask: inout WeightMask,
    scores: CriterionScores
  ) {
    for (layer, indices) in removal.enumerated() {
      let columns = network.layers[layer].inputCount
      for index in indices {
        if let compensation = scores.compensation {
          network.layers[layer].bias[index / columns] +=
            compensation[layer].values[index]
        }
        network.layers[layer].weight.values[index] = 0
        mask.remove(layer: layer, index: index)
      }
    }
  }
}
