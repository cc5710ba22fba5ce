import NeuralNetwork
import PropertyChecks
import PropertySuite
import Pruning
import Testing

/// Properties of the engine under the closed form: its backward pass,
/// masked fine-tuning and determinism. They concern this package, not
/// any scorer, so they live here rather than in `ClosedFormProperty`.
extension ClosedFormSuiteTests {
  /// Per-sample sensitivities from the stacked backward passes match GSL
  /// central differences for all three responses, on every unit where
  /// the oracle finds no kink and is precise to 1e-7; 1e-6 relative
  /// leaves a margin of ten.
  @Test func sensitivitiesMatchFiniteDifferences() {
    checkProperty(
      "sensitivitiesMatchFiniteDifferences",
      generator: .scoring(Shapes.everyActivation, responses: Response.allCases)
    ) { scoringCase in
      let network = scoringCase.network
      let trace = network.forward(scoringCase.inputs)
      let cotangents = scoringCase.response.cotangents(
        output: trace.output,
        targets: .classes(scoringCase.networkCase.labels),
        loss: .softmaxCrossEntropy)
      let engine = network.sensitivities(trace, outputCotangents: cotangents)
      let oracle = try SensitivityOracle(scoringCase)
      for (l, layer) in network.layers.enumerated() {
        for i in 0..<layer.unitCount where oracle.isUsable(layer: l, unit: i) {
          for n in 0..<scoringCase.inputs.rows {
            let expected = oracle.values[l][i][n]
            let actual = engine[l][n, i]
            guard abs(actual - expected) <= 1e-6 * max(actual, expected)
            else {
              throw PropertyViolation(
                "layers.\(l) unit \(i) sample \(n): backward pass "
                  + "\(actual), finite differences \(expected)")
            }
          }
        }
      }
      return true
    }
  }

  /// After pruning with a mask and fine-tuning, every removed weight is
  /// still +0.0 and the mask is unchanged; Adam's moments of removed
  /// weights are masked too, so nothing drifts back.
  @Test func masksHoldUnderFineTuning() {
    let shape = NetworkShape(
      hiddenLayers: 1...2, width: 2...5, inputs: 1...4, outputs: 2...3,
      samples: 4...12, activations: [.relu, .tanh])
    checkProperty(
      "masksHoldUnderFineTuning", cases: 50,
      generator: .scoring(shape, responses: Response.allCases)
    ) { scoringCase in
      var choices = scoringCase.choices
      var settings = PruningSettings(
        criterion: .eliminationCompensation,
        ratio: Double(choices.integer(in: 1...9)) / 10,
        scope: choices.next() >> 63 == 1 ? .global : .layer)
      settings.options.response = scoringCase.response
      let outcome = Pruner.prune(
        scoringCase.network, data: scoringCase.request().scoringData,
        settings: settings)
      var tuned = outcome.network
      _ = Trainer.train(
        &tuned, features: scoringCase.inputs,
        targets: .classes(scoringCase.networkCase.labels),
        configuration: TrainingConfiguration(
          epochs: 3, batchSize: 3, learningRate: 0.05, seed: choices.next()),
        mask: outcome.mask)
      for (l, layer) in tuned.layers.enumerated() {
        for index in layer.weight.values.indices
        where !outcome.mask.isKept(layer: l, index: index) {
          guard layer.weight.values[index].bitPattern == 0 else {
            throw PropertyViolation(
              "layers.\(l) weight \(index) was removed but is "
                + "\(layer.weight.values[index]) after fine-tuning")
          }
        }
      }
      return true
    }
  }

  /// The same seed gives the same case, and training and writing a model
  /// from it give the same bytes.
  @Test func sameSeedSameBytes() {
    checkProperty(
      "sameSeedSameBytes", cases: 30, generator: .int(in: 0...1_000_000)
    ) { seed in
      let generator = Generator<ScoringCase>.scoring(Shapes.extreme)
      let first = generator.value(seed: UInt64(seed))
      guard first == generator.value(seed: UInt64(seed)) else {
        throw PropertyViolation("seed \(seed) drew two different cases")
      }
      func trainedBytes() throws -> [UInt8] {
        var network = first.network
        _ = Trainer.train(
          &network, features: first.inputs,
          targets: .classes(first.networkCase.labels),
          configuration: TrainingConfiguration(
            epochs: 2, batchSize: 2, learningRate: 0.01, seed: UInt64(seed)))
        return try ModelFile.contents(of: network).encode()
      }
      guard try trainedBytes() == trainedBytes() else {
        throw PropertyViolation("seed \(seed): two trainings differ")
      }
      return true
    }
  }
}
