import Datasets
import NeuralNetwork
import Pruning

/// The figures of the scoring benchmark, measured in one run.
public struct ScoringBenchmarkResult: Sendable {
  /// Scoring samples.
  public let sampleCount: Int
  /// Samples per minibatch in both timings.
  public let batchSize: Int
  /// Wall-clock seconds to compute β* and I for every weight, each round.
  public let scoringSeconds: [Double]
  /// Wall-clock seconds of one forward and backward pass of the mean loss
  /// over the same samples, each round.
  public let backwardSeconds: [Double]

  /// The fastest scoring round.
  public var bestScoringSeconds: Double { scoringSeconds.min() ?? .nan }
  /// The fastest backward round.
  public var bestBackwardSeconds: Double { backwardSeconds.min() ?? .nan }
  /// Scoring time over backward-pass time.
  public var scoringOverBackward: Double {
    bestScoringSeconds / bestBackwardSeconds
  }
}

/// Times elimination–compensation scoring against one loss-gradient
/// backward pass on the same samples.
public enum ScoringBenchmark {
  /// Times both on the first `sampleCount` samples of `dataset`, best of
  /// `rounds`.
  public static func run(
    network: Network, dataset: ClassificationDataset, sampleCount: Int,
    batchSize: Int = 1000, rounds: Int = 3
  ) -> ScoringBenchmarkResult {
    let samples = dataset.prefix(sampleCount)
    let data = ScoringData(
      features: TrainingExperiment.matrix(of: samples),
      targets: .classes(samples.labels), batchSize: batchSize)
    var scoring: [Double] = []
    var backward: [Double] = []
    for _ in 0..<rounds {
      let start = ContinuousClock.now
      _ = EliminationCompensation.scores(
        of: network, on: data, response: .output)
      scoring.append(seconds(ContinuousClock.now - start))

      let backwardStart = ContinuousClock.now
      var gradients = Gradients(zerosFor: network, sampleCount: 0)
      data.forEachBatch { features, targets in
        let trace = network.forward(features)
        let (_, gradient) = Loss.softmaxCrossEntropy.meanAndGradient(
          trace.output, targets: targets)
        if gradients.preActivations.first?.rows != features.rows {
          gradients = Gradients(zerosFor: network, sampleCount: features.rows)
        }
        network.backward(trace, outputCotangent: gradient, into: &gradients)
      }
      backward.append(seconds(ContinuousClock.now - backwardStart))
    }
    return ScoringBenchmarkResult(
      sampleCount: samples.count, batchSize: batchSize,
      scoringSeconds: scoring, backwardSeconds: backward)
  }
}
