import NeuralNetwork
import PropertySuite
import Pruning

/// Deliberately wrong scorers, each with one fault that a careless
/// implementation of the closed form could make. The property suite and
/// `ecprune check` must reject every one.
public enum MutantScorers {
  /// Every mutant, with the fault in its name.
  public static let all: [Scorer] = [
    compensationDropped, meanNotSubtracted, sensitivitiesOneLayerOff,
    squaredAfterSumming, signFlipped,
  ]

  /// β* = 0 and I = E: the weight is removed without compensation.
  public static let compensationDropped = Scorer(
    name: "compensation dropped"
  ) { request in
    let scores = EliminationCompensation.scores(
      of: request.network, on: request.scoringData, response: request.response)
    return ScorerOutput(
      compensation: scores.compensation.map {
        Matrix(rows: $0.rows, columns: $0.columns)
      },
      importance: scores.eliminationOnly,
      zeroSensitivityUnits: scores.zeroSensitivityUnits)
  }

  /// β* right, but I = (w²/N) Σ s a² without the (Σ s a)²/Σ s part.
  public static let meanNotSubtracted = Scorer(
    name: "mean part not subtracted"
  ) { request in
    let scores = EliminationCompensation.scores(
      of: request.network, on: request.scoringData, response: request.response)
    return ScorerOutput(
      compensation: scores.compensation, importance: scores.eliminationOnly,
      zeroSensitivityUnits: scores.zeroSensitivityUnits)
  }

  /// β* and I right for the wrong sign: the compensation is subtracted.
  public static let signFlipped = Scorer(name: "sign flipped") { request in
    let scores = EliminationCompensation.scores(
      of: request.network, on: request.scoringData, response: request.response)
    return ScorerOutput(
      compensation: scores.compensation.map { matrix in
        Matrix(
          rows: matrix.rows, columns: matrix.columns,
          values: matrix.values.map { -$0 })
      },
      importance: scores.importance,
      zeroSensitivityUnits: scores.zeroSensitivityUnits)
  }

  /// s = ‖∂r/∂a‖², the derivative at the unit's output instead of its
  /// pre-activation: the backward pass stops one factor σ′ short, as an
  /// off-by-one in the layer index does.
  public static let sensitivitiesOneLayerOff = Scorer(
    name: "sensitivities one layer off"
  ) { request in
    scores(request) { network, jacobians, trace in
      network.layers.indices.map { l -> Matrix in
        guard l + 1 < network.layers.count else {
          return sumOfSquares(jacobians[l], samples: trace.sampleCount)
        }
        // ∂r/∂a of layer l = (∂r/∂z of layer l + 1) · W of layer l + 1.
        let above = jacobians[l + 1]
        let weight = network.layers[l + 1].weight
        var outputs = Matrix(rows: above.rows, columns: weight.columns)
        for row in 0..<above.rows {
          for i in 0..<weight.columns {
            var sum = 0.0
            for k in 0..<weight.rows { sum += above[row, k] * weight[k, i] }
            outputs[row, i] = sum
          }
        }
        return sumOfSquares(outputs, samples: trace.sampleCount)
      }
    }
  }

  /// s = (Σₖ ∂rₖ/∂z)²: the per-output derivatives summed before squaring.
  public static let squaredAfterSumming = Scorer(
    name: "squared after summing"
  ) { request in
    scores(request) { network, jacobians, trace in
      jacobians.map { jacobian in
        let samples = trace.sampleCount
        var result = Matrix(rows: samples, columns: jacobian.columns)
        for n in 0..<samples {
          for i in 0..<jacobian.columns {
            var sum = 0.0
            for block in 0..<(jacobian.rows / samples) {
              sum += jacobian[block * samples + n, i]
            }
            result[n, i] = sum * sum
          }
        }
        return result
      }
    }
  }

  /// Scores from the engine's statistics, with per-sample sensitivities
  /// computed by `sensitivities` from the stacked response Jacobians.
  private static func scores(
    _ request: ScoringRequest,
    sensitivities: (Network, [Matrix], ForwardTrace) -> [Matrix]
  ) -> ScorerOutput {
    let network = request.network
    let trace = network.forward(request.inputs)
    let cotangents = request.response.cotangents(
      output: trace.output, targets: .classes(request.labels),
      loss: .softmaxCrossEntropy)
    let jacobians = network.preActivationJacobians(
      trace, outputCotangents: cotangents)
    let perSample = sensitivities(network, jacobians, trace)
    var statistics: [LayerStatistics] = []
    for (l, layer) in network.layers.enumerated() {
      var layerStatistics = LayerStatistics(
        units: layer.unitCount, inputs: layer.inputCount)
      layerStatistics.accumulate(
        sensitivities: perSample[l], activations: trace.activations[l])
      statistics.append(layerStatistics)
    }
    let scores = EliminationCompensation.scores(
      of: network, statistics: statistics, response: request.response)
    return ScorerOutput(
      compensation: scores.compensation, importance: scores.importance,
      zeroSensitivityUnits: scores.zeroSensitivityUnits)
  }

  /// Σ over the stacked blocks of the squared entries, per sample.
  private static func sumOfSquares(_ jacobian: Matrix, samples: Int) -> Matrix {
    var result = Matrix(rows: samples, columns: jacobian.columns)
    for row in 0..<jacobian.rows {
      for i in 0..<jacobian.columns {
        result[row % samples, i] += jacobian[row, i] * jacobian[row, i]
      }
    }
    return result
  }
}
