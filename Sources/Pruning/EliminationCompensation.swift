import NeuralNetwork

/// The closed-form compensations and importances of every weight.
///
/// For weight w = Wˡᵢⱼ with sensitivity weights sᵢ over N samples:
///
///     β*ᵢⱼ = w · Σ sᵢaⱼ / Σ sᵢ                       (compensation)
///     Iᵢⱼ  = (w²/N) · [Σ sᵢaⱼ² − (Σ sᵢaⱼ)² / Σ sᵢ]    (importance)
///     Eᵢⱼ  = (w²/N) · Σ sᵢaⱼ²                        (elimination only)
///
/// β* minimises the linearised output change (1/N) Σ sᵢ(β − w aⱼ)², I is
/// its minimum and E its value at β = 0, so 0 ≤ I ≤ E. A unit with
/// Σ sᵢ = 0 gets β* = 0, I = 0 and E = 0 and is listed in
/// `zeroSensitivityUnits`.
public struct CompensationScores: Sendable {
  /// β* per layer, shaped like the weights.
  public let compensation: [Matrix]
  /// I per layer, shaped like the weights.
  public let importance: [Matrix]
  /// E per layer, shaped like the weights.
  public let eliminationOnly: [Matrix]
  /// The units with Σ sᵢ = 0 on the scoring data, per layer.
  public let zeroSensitivityUnits: [[Int]]
  /// The response whose change the scores measure.
  public let response: Response
  /// The number of scoring samples N.
  public let sampleCount: Int
}

/// Computes elimination–compensation scores at the cost of about K
/// backward passes and one GEMM per layer.
public enum EliminationCompensation {
  /// Accumulates the statistics of every layer over `data`.
  ///
  /// Each minibatch costs one forward pass, the R stacked vector–Jacobian
  /// products of the response (R = K for output and probabilities, 1 for
  /// the loss), and one GEMM per layer.
  public static func statistics(
    of network: Network, on data: ScoringData, response: Response
  ) -> [LayerStatistics] {
    var statistics = network.layers.map {
      LayerStatistics(units: $0.unitCount, inputs: $0.inputCount)
    }
    // Buffers reused from batch to batch: fresh multi-megabyte arrays
    // would cost a page fault per 4 KiB each time.
    var trace = ForwardTrace()
    var workspace: [Matrix] = []
    var sensitivities: [Matrix] = []
    var cotangents: Matrix? = nil
    data.forEachBatch { features, targets in
      network.forward(features, into: &trace)
      // The output response's cotangents depend on the batch size only.
      if response != .output
        || cotangents?.rows != network.outputCount * features.rows
      {
        cotangents = response.cotangents(
          output: trace.output, targets: targets, loss: data.loss)
      }
      network.sensitivities(
        trace, outputCotangents: cotangents!, workspace: &workspace,
        into: &sensitivities)
      for index in network.layers.indices {
        statistics[index].accumulate(
          sensitivities: sensitivities[index],
          activations: trace.activations[index])
      }
    }
    return statistics
  }

  /// Computes β*, I and E for every weight of `network` on `data`.
  public static func scores(
    of network: Network, on data: ScoringData, response: Response
  ) -> CompensationScores {
    let statistics = statistics(of: network, on: data, response: response)
    return scores(of: network, statistics: statistics, response: response)
  }

  /// Computes β*, I and E from accumulated statistics.
  public static func scores(
    of network: Network, statistics: [LayerStatistics], response: Response
  ) -> CompensationScores {
    var compensation: [Matrix] = []
    var importance: [Matrix] = []
    var eliminationOnly: [Matrix] = []
    var zeroUnits: [[Int]] = []
    let sampleCount = statistics.first?.sampleCount ?? 0
    let scale = sampleCount > 0 ? 1 / Double(sampleCount) : 0

    for (layer, layerStatistics) in zip(network.layers, statistics) {
      let weight = layer.weight
      var beta = Matrix(rows: weight.rows, columns: weight.columns)
      var score = Matrix(rows: weight.rows, columns: weight.columns)
      var elimination = Matrix(rows: weight.rows, columns: weight.columns)
      var zero: [Int] = []
      for i in 0..<weight.rows {
        let total = layerStatistics.totalSensitivity[i]
        guard total > 0 else {
          zero.append(i)
          continue
        }
        for j in 0..<weight.columns {
          let w = weight[i, j]
          let mean = layerStatistics.weightedMean[i, j]
          let squares = layerStatistics.centredSquares[i, j]
          beta[i, j] = w * mean
          score[i, j] = w * w * squares * scale
          // Σ s a² = C + W μ², both terms non-negative.
          elimination[i, j] = w * w * (squares + total * mean * mean) * scale
        }
      }
      compensation.append(beta)
      importance.append(score)
      eliminationOnly.append(elimination)
      zeroUnits.append(zero)
    }
    return CompensationScores(
      compensation: compensation, importance: importance,
      eliminationOnly: eliminationOnly, zeroSensitivityUnits: zeroUnits,
      response: response, sampleCount: sampleCount)
  }
}
