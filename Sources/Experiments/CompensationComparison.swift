import NeuralNetwork
import Pruning
import Verification

/// Prunes one network by the closed-form importance and sets the biases
/// of the pruned network four ways (`BiasCompensation`), to compare what
/// each compensation keeps of the output and of the test figures.
enum CompensationComparison {
  /// Returns one row per ratio and compensation, ratio by ratio, and per
  /// ratio the number of removed weights whose β_true was unavailable.
  ///
  /// Every ratio removes the same weights for all four compensations: the
  /// lowest closed-form importances under global selection, as `Pruner`
  /// chooses them. A removed weight without β_true (a ground-truth
  /// failure) is compensated by its β* in the ground-truth variant.
  ///
  /// - Parameters:
  ///   - closedForm: β* and I on `inputs`.
  ///   - table: β_true of every weight on `inputs`.
  ///   - inputs: the verification samples, on which E is measured and the
  ///     joint re-fit is fitted to the unpruned outputs.
  ///   - test: the test features and targets, of the kind `loss` takes.
  ///   - loss: the loss the test figures are measured with. The accuracy
  ///     is NaN when the targets are values.
  ///   - progress: receives a line per finished ratio.
  /// - Throws: `GSLError` when the joint re-fit fails other than by
  ///   stalling.
  static func run(
    _ network: Network, closedForm: CompensationScores,
    table: GroundTruthTable, inputs: Matrix, test: (Matrix, Targets),
    loss: Loss, ratios: [Double], progress: (String) -> Void
  ) throws -> (rows: [CompensationRow], substituted: [Int]) {
    let reference = network.predict(inputs)
    let (trueCompensation, unavailable) = groundTruthCompensation(
      table, fallback: closedForm.compensation)
    func scores(_ compensation: [Matrix]?) -> CriterionScores {
      CriterionScores(
        criterion: .eliminationCompensation, scores: closedForm.importance,
        compensation: compensation,
        zeroSensitivityUnits: closedForm.zeroSensitivityUnits)
    }

    var rows: [CompensationRow] = []
    var substituted: [Int] = []
    for ratio in ratios {
      // The same selection for every variant; only the biases differ.
      let closed = Pruner.prune(
        network, scores: scores(closedForm.compensation), ratio: ratio,
        scope: .global)
      let truth = Pruner.prune(
        network, scores: scores(trueCompensation), ratio: ratio,
        scope: .global)
      let bare = Pruner.prune(
        network, scores: scores(nil), ratio: ratio, scope: .global)
      let refit = try JointBiasRefit.refit(
        closed.network, inputs: inputs, targets: reference)
      substituted.append(
        removedCount(closed.mask, among: unavailable))

      let variants: [(BiasCompensation, Network)] = [
        (.closedForm, closed.network), (.groundTruth, truth.network),
        (.jointRefit, refit.network), (.none, bare.network),
      ]
      for (compensation, pruned) in variants {
        let evaluation = pruned.evaluate(
          features: test.0, targets: test.1, loss: loss)
        rows.append(
          CompensationRow(
            ratio: ratio, compensation: compensation,
            testLoss: evaluation.meanLoss,
            testAccuracy: evaluation.accuracy ?? .nan,
            objective: objective(pruned, inputs: inputs, reference: reference),
            iterations: compensation == .jointRefit ? refit.iterations : nil,
            converged: compensation == .jointRefit ? refit.converged : nil))
      }
      progress(
        "pruned at ratio \(ratio) with each compensation (joint re-fit: "
          + "\(refit.iterations) iterations)")
    }
    return (rows, substituted)
  }

  /// Returns (1/N) Σₓ ‖y_pruned(x) − y(x)‖² over the rows of `inputs`.
  static func objective(
    _ pruned: Network, inputs: Matrix, reference: Matrix
  ) -> Double {
    let output = pruned.predict(inputs)
    var sum = 0.0
    for index in output.values.indices {
      let difference = output.values[index] - reference.values[index]
      sum += difference * difference
    }
    return sum / Double(inputs.rows)
  }

  /// Returns β_true per layer with β* where the table has no value, and
  /// the flat indices per layer where β* was used.
  private static func groundTruthCompensation(
    _ table: GroundTruthTable, fallback: [Matrix]
  ) -> ([Matrix], [Set<Int>]) {
    var compensation = table.compensation
    var unavailable: [Set<Int>] = []
    for layer in compensation.indices {
      var missing = Set<Int>()
      for index in compensation[layer].values.indices
      where !table.solved[layer][index] {
        compensation[layer].values[index] = fallback[layer].values[index]
        missing.insert(index)
      }
      unavailable.append(missing)
    }
    return (compensation, unavailable)
  }

  /// Returns how many of the weights in `indices` `mask` removes.
  private static func removedCount(
    _ mask: WeightMask, among indices: [Set<Int>]
  ) -> Int {
    var count = 0
    for (layer, set) in indices.enumerated() {
      count += set.filter { !mask.isKept(layer: layer, index: $0) }.count
    }
    return count
  }
}
