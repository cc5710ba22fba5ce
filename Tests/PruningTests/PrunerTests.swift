import NeuralNetwork
import Pruning
import SeededRandom
import TestSupport
import Testing

@Suite struct PrunerTests {
  static let network = Fixtures.randomNetwork(
    sizes: [6, 8, 5, 3], hidden: .relu, seed: 121)

  static func data(samples: Int = 50) -> ScoringData {
    var generator = SeededGenerator(seed: 122)
    return ScoringData(
      features: Fixtures.randomMatrix(rows: samples, columns: 6, seed: 123),
      targets: .classes((0..<samples).map { _ in generator.integer(below: 3) }),
      batchSize: 16)
  }

  @Test(arguments: Criterion.scoredByPruning, SelectionScope.allCases)
  func zeroRatioLeavesNetworkUnchanged(
    criterion: Criterion, scope: SelectionScope
  ) {
    var settings = PruningSettings(criterion: criterion, ratio: 0, scope: scope)
    settings.steps = 2
    let outcome = Pruner.prune(
      Self.network, data: Self.data(), settings: settings)
    #expect(outcome.network == Self.network)
    #expect(outcome.mask.removedCounts == [0, 0, 0])
  }

  @Test(arguments: [0.1, 0.5, 0.9, 1.0])
  func globalScopeRemovesRoundedCount(ratio: Double) {
    let settings = PruningSettings(
      criterion: .eliminationCompensation, ratio: ratio, scope: .global)
    let outcome = Pruner.prune(
      Self.network, data: Self.data(), settings: settings)
    let total = Self.network.weightCount
    #expect(
      outcome.mask.removedCounts.reduce(0, +)
        == Selection.targetCount(ratio: ratio, of: total))
    // Every removed weight is exactly 0.
    for layer in outcome.network.layers.indices {
      for index in outcome.network.layers[layer].weight.values.indices
      where !outcome.mask.isKept(layer: layer, index: index) {
        #expect(outcome.network.layers[layer].weight.values[index] == 0)
      }
    }
  }

  @Test(arguments: [0.25, 0.6])
  func layerScopeRemovesRatioInEachLayer(ratio: Double) {
    let settings = PruningSettings(
      criterion: .magnitude, ratio: ratio, scope: .layer)
    let outcome = Pruner.prune(
      Self.network, data: Self.data(), settings: settings)
    for (layer, count) in outcome.mask.removedCounts.enumerated() {
      let size = Self.network.layers[layer].weight.values.count
      #expect(count == Selection.targetCount(ratio: ratio, of: size))
    }
  }

  @Test func oneStepEqualsOneShot() {
    let data = Self.data()
    var settings = PruningSettings(
      criterion: .eliminationCompensation, ratio: 0.4, scope: .global)
    settings.steps = 1
    let stepped = Pruner.prune(Self.network, data: data, settings: settings)
    let scores = Scoring.score(
      Self.network, criterion: .eliminationCompensation, data: data)
    let oneShot = Pruner.prune(
      Self.network, scores: scores, ratio: 0.4, scope: .global)
    #expect(stepped.network == oneShot.network)
    #expect(stepped.mask == oneShot.mask)
  }

  @Test func iterativeStepsReachTarget() {
    var settings = PruningSettings(
      criterion: .eliminationCompensation, ratio: 0.7, scope: .layer)
    settings.steps = 3
    let outcome = Pruner.prune(
      Self.network, data: Self.data(), settings: settings)
    for (layer, count) in outcome.mask.removedCounts.enumerated() {
      let size = Self.network.layers[layer].weight.values.count
      #expect(count == Selection.targetCount(ratio: 0.7, of: size))
    }
  }

  @Test func compensationGoesToRowBias() {
    let data = Self.data()
    let scores = Scoring.score(
      Self.network, criterion: .eliminationCompensation, data: data)
    let outcome = Pruner.prune(
      Self.network, scores: scores, ratio: 0.3, scope: .global)
    for layer in Self.network.layers.indices {
      let columns = Self.network.layers[layer].inputCount
      for row in 0..<Self.network.layers[layer].unitCount {
        var shift = 0.0
        for column in 0..<columns
        where !outcome.mask.isKept(layer: layer, index: row * columns + column)
        {
          shift += scores.compensation![layer][row, column]
        }
        let expected = Self.network.layers[layer].bias[row] + shift
        // The same additions in a different order: a few ulps.
        #expect(
          abs(outcome.network.layers[layer].bias[row] - expected)
            <= 1e-14 * max(1, abs(expected)))
      }
    }
  }

  @Test func uncompensatedCriteriaLeaveBiases() {
    let outcome = Pruner.prune(
      Self.network, data: Self.data(),
      settings: PruningSettings(
        criterion: .elimination, ratio: 0.5, scope: .global))
    for layer in Self.network.layers.indices {
      #expect(
        outcome.network.layers[layer].bias == Self.network.layers[layer].bias)
    }
  }

  @Test func randomScoresIgnoreWeights() {
    // A network initialised from seed 0 and random scores from seed 0 must
    // not share their draws: the removed weights' signs stay balanced.
    let network = Network(
      sizes: [50, 40, 10], hiddenActivation: .relu, seed: 0)
    var options = CriterionOptions()
    options.seed = 0
    let scores = Scoring.score(
      network, criterion: .random, data: Self.data(), options: options)
    let pruned = Pruner.prune(
      network, scores: scores, ratio: 0.5, scope: .global)
    var negative = 0
    var removed = 0
    for layer in network.layers.indices {
      for (index, value) in network.layers[layer].weight.values.enumerated()
      where !pruned.mask.isKept(layer: layer, index: index) {
        removed += 1
        if value < 0 { negative += 1 }
      }
    }
    // 1,200 removals: the negative share has a standard deviation of about
    // 1.4 %, so 43–57 % is five of them around one half.
    let share = Double(negative) / Double(removed)
    #expect(share > 0.43, "negative share \(share)")
    #expect(share < 0.57, "negative share \(share)")
  }

  @Test func tiesBreakByLayerThenIndex() {
    let scores = [
      Matrix(rows: 1, columns: 3, values: [1, 1, 1]),
      Matrix(rows: 2, columns: 1, values: [1, 0.5]),
    ]
    // A mask for a 3 + 2 weight network matching the scores' shapes.
    let mask = WeightMask(
      keepingAllOf: Network(layers: [
        DenseLayer(
          weight: Matrix(rows: 1, columns: 3), bias: [0], activation: .identity),
        DenseLayer(
          weight: Matrix(rows: 2, columns: 1), bias: [0, 0],
          activation: .identity),
      ]))
    let chosen = Selection.select(
      scores: scores,
      mask: mask, ratio: 0.6, scope: .global)
    // Three of five: the 0.5, then the tied 1s of layer 0 at indices 0, 1.
    #expect(chosen == [[0, 1], [1]])
  }

  @Test(arguments: [
    OptimizerKind.sgd(momentum: 0.9), OptimizerKind.adamDefaults,
  ])
  func fineTuningKeepsRemovedWeightsZero(optimizer: OptimizerKind) {
    let data = Self.data(samples: 64)
    let outcome = Pruner.prune(
      Self.network, data: data,
      settings: PruningSettings(
        criterion: .eliminationCompensation, ratio: 0.5, scope: .global))
    var network = outcome.network
    let configuration = TrainingConfiguration(
      epochs: 3, batchSize: 8, learningRate: 0.05, optimizer: optimizer,
      seed: 124)
    _ = Trainer.train(
      &network, features: data.features, targets: data.targets,
      configuration: configuration, mask: outcome.mask)
    var kept = 0
    var changed = 0
    for layer in network.layers.indices {
      for index in network.layers[layer].weight.values.indices {
        let value = network.layers[layer].weight.values[index]
        if outcome.mask.isKept(layer: layer, index: index) {
          kept += 1
          if value != outcome.network.layers[layer].weight.values[index] {
            changed += 1
          }
        } else {
          #expect(value.bitPattern == 0, "layer \(layer) weight \(index)")
        }
      }
    }
    // Training did move the kept weights, so the check above is not idle.
    #expect(changed * 2 > kept)
  }
}
