import NeuralNetwork
import PropertyChecks
import Pruning
import Verification

/// Properties that relate the scores of two networks or data sets: they
/// compare the scorer with itself, so they take extreme magnitudes too.
extension ClosedFormProperty {
  /// Scaling row i of the linear output layer by c scales its β* by c
  /// and its I by c², for the output response: s = 1 and the inputs of
  /// that layer do not depend on the row.
  public static let scalingInWeight = ClosedFormProperty(
    name: "scalingInWeight", generator: .scoring(Shapes.extreme)
  ) { scorer, scoringCase in
    // s = 1 needs the output response through an identity output layer.
    let last = scoringCase.network.layers.count - 1
    guard scoringCase.response == .output,
      scoringCase.network.layers[last].activation == .identity
    else { return }
    var choices = scoringCase.choices
    let row = choices.integer(
      in: 0...(scoringCase.network.layers[last].unitCount - 1))
    let factor = [-3.0, 0.5, 2, 7][choices.integer(in: 0...3)]
    var scaled = scoringCase
    for j in 0..<scaled.network.layers[last].inputCount {
      scaled.networkCase.network.layers[last].weight[row, j] *= factor
    }
    let original = scorer.score(scoringCase.request())
    let changed = scorer.score(scaled.request())
    for j in 0..<scaled.network.layers[last].inputCount {
      let beta = original.compensation[last][row, j]
      let importance = original.importance[last][row, j]
      let newBeta = changed.compensation[last][row, j]
      let newImportance = changed.importance[last][row, j]
      // The statistics are identical, so only the last products round
      // differently: by a few ulps, or near underflow by a few of the
      // smallest subnormals. 1e-300 covers the second, since c ≤ 7.
      let betaAllowed = 1e-13 * abs(factor * beta) + 1e-300
      let importanceAllowed = 1e-13 * factor * factor * importance + 1e-300
      guard abs(newBeta - factor * beta) <= betaAllowed,
        abs(newImportance - factor * factor * importance) <= importanceAllowed
      else {
        throw PropertyViolation(
          "layers.\(last)[\(row), \(j)] scaled by \(factor): β* \(beta) → "
            + "\(newBeta), I \(importance) → \(newImportance)")
      }
    }
  }

  /// ReLU rescaling: row i of a hidden ReLU layer and its bias times c,
  /// column i of the layer above times 1/c, leaves the function
  /// unchanged; β* of row i scales by c and every other score stays. c is
  /// a power of 2, so the rescaled network rounds exactly as the original.
  public static let reluRescaling = ClosedFormProperty(
    name: "reluRescaling",
    generator: .scoring(Shapes.relu, responses: Response.allCases)
  ) { scorer, scoringCase in
    var choices = scoringCase.choices
    let hidden = scoringCase.network.layers.count - 1
    guard hidden > 0 else { return }
    let layer = choices.integer(in: 0...(hidden - 1))
    // Positive scaling passes through ReLU and leaky ReLU only.
    let activation = scoringCase.network.layers[layer].activation
    guard activation == .relu || activation == .leakyReLU else { return }
    let unit = choices.integer(
      in: 0...(scoringCase.network.layers[layer].unitCount - 1))
    let factor = [0.25, 0.5, 2, 4][choices.integer(in: 0...3)]
    var rescaled = scoringCase
    var layers = rescaled.networkCase.network.layers
    for j in 0..<layers[layer].inputCount {
      layers[layer].weight[unit, j] *= factor
    }
    layers[layer].bias[unit] *= factor
    for k in 0..<layers[layer + 1].unitCount {
      layers[layer + 1].weight[k, unit] /= factor
    }
    rescaled.networkCase.network.layers = layers

    let comparison = ScoreComparison(scoringCase)
    try comparison.check(
      "unit \(unit) of layers.\(layer) rescaled by \(factor)",
      original: scorer.score(scoringCase.request()),
      changed: scorer.score(rescaled.request()),
      network: scoringCase.network
    ) { weight in
      let inRow = weight.layer == layer && weight.row == unit
      return (weight, inRow ? factor : 1, 1)
    }
  }

  /// Scores do not depend on the minibatch size beyond rounding.
  public static let batchingInvariance = ClosedFormProperty(
    name: "batchingInvariance",
    generator: .scoring(Shapes.extreme, responses: Response.allCases)
  ) { scorer, scoringCase in
    var choices = scoringCase.choices
    let batch = choices.integer(in: 1...scoringCase.inputs.rows)
    try ScoreComparison(scoringCase).check(
      "batches of \(batch)",
      original: scorer.score(scoringCase.request()),
      changed: scorer.score(scoringCase.request(batchSize: batch)),
      network: scoringCase.network
    ) { ($0, 1, 1) }
  }

  /// Permuting the units of a hidden layer (rows and biases, and the
  /// columns of the layer above) permutes their scores the same way.
  public static let permutationEquivariance = ClosedFormProperty(
    name: "permutationEquivariance",
    generator: .scoring(Shapes.extreme, responses: Response.allCases)
  ) { scorer, scoringCase in
    let hidden = scoringCase.network.layers.count - 1
    guard hidden > 0 else { return }
    var choices = scoringCase.choices
    let layer = choices.integer(in: 0...(hidden - 1))
    let units = scoringCase.network.layers[layer].unitCount
    let order = permutation(of: units, &choices)

    // Unit `order[u]` of the original becomes unit u.
    var permuted = scoringCase
    let original = scoringCase.network.layers
    var layers = original
    for (newUnit, oldUnit) in order.enumerated() {
      for j in 0..<original[layer].inputCount {
        layers[layer].weight[newUnit, j] = original[layer].weight[oldUnit, j]
      }
      layers[layer].bias[newUnit] = original[layer].bias[oldUnit]
      for k in 0..<original[layer + 1].unitCount {
        layers[layer + 1].weight[k, newUnit] =
          original[layer + 1].weight[k, oldUnit]
      }
    }
    permuted.networkCase.network.layers = layers
    var position = [Int](repeating: 0, count: units)
    for (newUnit, oldUnit) in order.enumerated() { position[oldUnit] = newUnit }

    try ScoreComparison(scoringCase).check(
      "units of layers.\(layer) in the order \(order)",
      original: scorer.score(scoringCase.request()),
      changed: scorer.score(permuted.request()),
      network: scoringCase.network
    ) { weight in
      var target = weight
      if weight.layer == layer {
        target = WeightIndex(
          layer: layer, row: position[weight.row], column: weight.column)
      } else if weight.layer == layer + 1 {
        target = WeightIndex(
          layer: weight.layer, row: weight.row, column: position[weight.column])
      }
      return (target, 1, 1)
    }
  }

  /// Reordering the samples leaves every score unchanged beyond rounding.
  public static let sampleOrderInvariance = ClosedFormProperty(
    name: "sampleOrderInvariance",
    generator: .scoring(Shapes.extreme, responses: Response.allCases)
  ) { scorer, scoringCase in
    var choices = scoringCase.choices
    let order = permutation(of: scoringCase.inputs.rows, &choices)
    var reordered = scoringCase
    reordered.networkCase.inputs = scoringCase.inputs.rows(at: order)
    reordered.networkCase.labels = order.map {
      scoringCase.networkCase.labels[$0]
    }
    try ScoreComparison(scoringCase).check(
      "samples in the order \(order)",
      original: scorer.score(scoringCase.request()),
      changed: scorer.score(reordered.request()),
      network: scoringCase.network
    ) { ($0, 1, 1) }
  }

  /// The same request twice gives the same bits.
  public static let sameInputSameBits = ClosedFormProperty(
    name: "sameInputSameBits",
    generator: .scoring(Shapes.extreme, responses: Response.allCases)
  ) { scorer, scoringCase in
    let first = scorer.score(scoringCase.request())
    let second = scorer.score(scoringCase.request())
    let bits = { (output: ScorerOutput) -> [UInt64] in
      (output.compensation + output.importance).flatMap {
        $0.values.map(\.bitPattern)
      }
    }
    guard bits(first) == bits(second),
      first.zeroSensitivityUnits == second.zeroSensitivityUnits
    else {
      throw PropertyViolation("two runs on the same request differ")
    }
  }
}

/// Returns a uniform permutation of 0..<count by Fisher–Yates, written
/// out so that the same seed gives the same order on every toolchain.
func permutation(of count: Int, _ random: inout PropertyRandom) -> [Int] {
  var order = Array(0..<count)
  for index in stride(from: count - 1, to: 0, by: -1) {
    order.swapAt(index, random.integer(in: 0...index))
  }
  return order
}
