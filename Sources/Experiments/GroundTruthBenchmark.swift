import Foundation
import NeuralNetwork
import SeededRandom
import Synchronization
import Verification

/// The figures of the ground-truth benchmark, measured in one run.
///
/// Three computations of the true compensation β_true = argmin E(β) are
/// timed on the same network and samples: `GroundTruth.solve` for every
/// weight (batched per unit, on all cores), and the per-weight Brent
/// solver on a random sample of weights, once with the incremental
/// objective (`TrueObjective`) and once with the naive one
/// (`FullReevaluationObjective`).
public struct GroundTruthBenchmarkResult: Sendable {
  /// Samples the true objective averages over.
  public let sampleCount: Int
  /// The network's weights, biases excluded: the weights solved.
  public let weightCount: Int
  /// The network's weights and biases.
  public let parameterCount: Int
  /// The cores the batched solve shares its units over.
  public let coreCount: Int
  /// OpenBLAS's thread count during the per-weight solves.
  public let blasThreadCount: Int

  /// Wall-clock seconds of `GroundTruth.solve` for every weight.
  public let batchedSeconds: Double
  /// Weights the batched solve converged on.
  public let solvedCount: Int
  /// Batched evaluations of E, E′ and E″ summed over the solved weights.
  public let evaluations: Int
  /// Weights the batched solve reported as failed.
  public let failureCount: Int

  /// Per layer, the timing of the batched solve on a few single units,
  /// each alone on one core.
  public let oneCore: [OneCoreLayerTiming]

  /// The weights both per-weight solvers timed, drawn uniformly over all
  /// weights, in layer, row, column order.
  public let sampledWeights: [WeightIndex]
  /// Seconds of the incremental per-weight solve of each sampled weight.
  public let incrementalSeconds: [Double]
  /// Seconds of the naive per-weight solve of each sampled weight, with
  /// OpenBLAS on `blasThreadCount` threads.
  public let naiveSeconds: [Double]
  /// Seconds of the naive per-weight solve of each sampled weight, with
  /// OpenBLAS on one thread.
  public let naiveOneThreadSeconds: [Double]
  /// Sampled weights whose incremental solve threw.
  public let incrementalFailureCount: Int
  /// Naive solves that threw, summed over both timings.
  public let naiveFailureCount: Int

  /// Weights per second of the batched solve.
  public var weightsPerSecond: Double {
    Double(weightCount) / batchedSeconds
  }
  /// Batched evaluations per solved weight.
  public var evaluationsPerWeight: Double {
    Double(evaluations) / Double(solvedCount)
  }
  /// The batched solve's wall-clock time over the weight count, with all
  /// cores working.
  public var batchedSecondsPerWeight: Double {
    batchedSeconds / Double(weightCount)
  }
  /// The mean incremental per-weight time over the sampled weights.
  public var incrementalSecondsPerWeight: Double { mean(incrementalSeconds) }
  /// The mean naive per-weight time over the sampled weights.
  public var naiveSecondsPerWeight: Double { mean(naiveSeconds) }
  /// The same with OpenBLAS on one thread.
  public var naiveOneThreadSecondsPerWeight: Double {
    mean(naiveOneThreadSeconds)
  }
  /// The incremental solver's time for every weight, extrapolated from
  /// the sample's mean.
  public var incrementalExtrapolatedSeconds: Double {
    incrementalSecondsPerWeight * Double(weightCount)
  }
  /// The naive solver's time for every weight, extrapolated from the
  /// sample's mean.
  public var naiveExtrapolatedSeconds: Double {
    naiveSecondsPerWeight * Double(weightCount)
  }
  /// The batched solve's time for every weight on one core, extrapolated
  /// layer by layer from the units timed alone.
  public var oneCoreExtrapolatedSeconds: Double {
    oneCore.reduce(0) {
      $0 + $1.secondsPerWeight * Double($1.layerWeightCount)
    }
  }
  /// The batched per-weight time on one core.
  public var oneCoreSecondsPerWeight: Double {
    oneCoreExtrapolatedSeconds / Double(weightCount)
  }
  /// Naive per-weight time over batched per-weight time, all cores each.
  public var naiveOverBatched: Double {
    naiveSecondsPerWeight / batchedSecondsPerWeight
  }
  /// Incremental per-weight time over batched per-weight time.
  public var incrementalOverBatched: Double {
    incrementalSecondsPerWeight / batchedSecondsPerWeight
  }
  /// Naive per-weight time over batched per-weight time, one core each.
  public var naiveOverBatchedOneCore: Double {
    naiveOneThreadSecondsPerWeight / oneCoreSecondsPerWeight
  }
  /// The one-core extrapolation over the all-core wall-clock time.
  public var parallelSpeedUp: Double {
    oneCoreExtrapolatedSeconds / batchedSeconds
  }

  private func mean(_ values: [Double]) -> Double {
    values.reduce(0, +) / Double(values.count)
  }
}

/// The batched ground truth of a few units of one layer, each solved
/// alone on one core.
public struct OneCoreLayerTiming: Sendable {
  /// The layer, from 0.
  public let layer: Int
  /// The units timed, drawn at random from the layer.
  public let units: [Int]
  /// The weights of those units.
  public let weightsTimed: Int
  /// Seconds summed over the units.
  public let seconds: Double
  /// All weights of the layer.
  public let layerWeightCount: Int

  /// Seconds per weight of the units timed.
  public var secondsPerWeight: Double { seconds / Double(weightsTimed) }
}

/// Times the ground truth for every weight against the per-weight
/// solvers it replaces.
public enum GroundTruthBenchmark {
  /// Times the three computations on `network` with the samples `inputs`
  /// (one per row).
  ///
  /// First `GroundTruth.solve` runs for every weight on all cores. Then
  /// `unitsPerLayer` random units of each layer are solved one at a time:
  /// a single unit is one work item, so it runs on one core with OpenBLAS
  /// single-threaded, and the layer's time per weight extrapolates the
  /// one-core time. Last, `sampledWeightCount` weights drawn uniformly
  /// over all weights are solved one by one with GSL's Brent solver. Each
  /// weight is solved by the incremental objective, then by the naive one
  /// with OpenBLAS on its current thread count, then by the naive one on
  /// one thread. The unpruned forward passes are computed outside every
  /// timing.
  ///
  /// - Parameters:
  ///   - sampledWeightCount: how many weights the per-weight solvers are
  ///     timed on, from 1 to the weight count; default 24.
  ///   - unitsPerLayer: the units of each layer timed alone; default 3,
  ///     fewer where a layer has fewer.
  ///   - seed: fixes the sampled weights and units.
  ///   - note: receives a line of progress now and then, from any thread.
  public static func run(
    network: Network, inputs: Matrix, sampledWeightCount: Int = 24,
    unitsPerLayer: Int = 3, seed: UInt64,
    note: @escaping @Sendable (String) -> Void = { _ in }
  ) -> GroundTruthBenchmarkResult {
    precondition(
      (1...network.weightCount).contains(sampledWeightCount),
      "sampled weight count out of range")
    precondition(unitsPerLayer >= 1, "unitsPerLayer must be positive")
    let objective = TrueObjective(network: network, inputs: inputs)
    var generator = SeededGenerator(seed: seed, stream: .benchmarkSample)

    // Every weight, on all cores, with a note at each tenth.
    note(
      "solving the ground truth of \(network.weightCount) weights on "
        + "\(inputs.rows) samples")
    let reportedTenths = Mutex(0)
    let start = ContinuousClock.now
    let table = GroundTruth.solve(objective) { done, total in
      let tenths = done * 10 / total
      let isNew = reportedTenths.withLock { reported in
        guard tenths > reported else { return false }
        reported = tenths
        return true
      }
      if isNew { note("ground truth: \(done) of \(total) weights") }
    }
    let batchedSeconds = seconds(ContinuousClock.now - start)

    // A few units per layer, each alone.
    note("timing \(unitsPerLayer) units per layer on one core")
    var oneCore: [OneCoreLayerTiming] = []
    for (layer, dense) in network.layers.enumerated() {
      let units = generator.sample(
        min(unitsPerLayer, dense.unitCount), from: dense.unitCount)
      var unitSeconds = 0.0
      for row in units {
        let weights = (0..<dense.inputCount).map {
          WeightIndex(layer: layer, row: row, column: $0)
        }
        let unitStart = ContinuousClock.now
        _ = GroundTruth.solve(objective, weights: weights)
        unitSeconds += seconds(ContinuousClock.now - unitStart)
      }
      oneCore.append(
        OneCoreLayerTiming(
          layer: layer, units: units,
          weightsTimed: units.count * dense.inputCount, seconds: unitSeconds,
          layerWeightCount: dense.weight.values.count))
    }

    // The per-weight solvers on one sample of weights. A weight's three
    // timings run back to back, so other load falls on all three alike.
    let sampled = generator.sample(
      sampledWeightCount, from: network.weightCount
    ).map { weightIndex(ofFlatIndex: $0, in: network) }
    note("timing the per-weight solvers on \(sampled.count) weights")
    let naiveObjective = FullReevaluationObjective(
      network: network, inputs: inputs)
    let threads = LinearAlgebra.threadCount
    // OpenBLAS can round a product differently on one thread than on two
    // (most outputs of the default network differ), so the one-thread
    // timing needs an unpruned pass of its own. Against the other pass,
    // y_new − y would be rounding noise where it should be 0, and Brent
    // would chase that noise.
    LinearAlgebra.setThreadCount(1)
    let naiveOneThreadObjective = FullReevaluationObjective(
      network: network, inputs: inputs)
    LinearAlgebra.setThreadCount(threads)
    var incremental = PerWeightTimes()
    var naive = PerWeightTimes()
    var naiveOneThread = PerWeightTimes()
    for weight in sampled {
      incremental.time(weight, objective)
      naive.time(weight, naiveObjective)
      LinearAlgebra.setThreadCount(1)
      naiveOneThread.time(weight, naiveOneThreadObjective)
      LinearAlgebra.setThreadCount(threads)
    }

    return GroundTruthBenchmarkResult(
      sampleCount: inputs.rows, weightCount: network.weightCount,
      parameterCount: network.parameterCount,
      coreCount: ProcessInfo.processInfo.activeProcessorCount,
      blasThreadCount: threads,
      batchedSeconds: batchedSeconds, solvedCount: table.solvedCount,
      evaluations: table.evaluations, failureCount: table.failures.count,
      oneCore: oneCore, sampledWeights: sampled,
      incrementalSeconds: incremental.seconds, naiveSeconds: naive.seconds,
      naiveOneThreadSeconds: naiveOneThread.seconds,
      incrementalFailureCount: incremental.failures,
      naiveFailureCount: naive.failures + naiveOneThread.failures)
  }

  /// The seconds of one per-weight solver on each weight it was given.
  private struct PerWeightTimes {
    var seconds: [Double] = []
    var failures = 0

    /// Solves `weight` with GSL's Brent solver on `objective`'s E′ and
    /// records the time, counting a thrown error as a failure.
    mutating func time(
      _ weight: WeightIndex, _ objective: some CompensationObjective
    ) {
      let start = ContinuousClock.now
      do {
        _ = try TrueCompensationSolver.solve(objective, weight: weight)
      } catch {
        failures += 1
      }
      seconds.append(Experiments.seconds(ContinuousClock.now - start))
    }
  }

  /// Returns the weight at position `flatIndex` when the weights are
  /// counted layer by layer, each layer's matrix row by row.
  static func weightIndex(ofFlatIndex flatIndex: Int, in network: Network)
    -> WeightIndex
  {
    var remaining = flatIndex
    for (layer, dense) in network.layers.enumerated() {
      let count = dense.weight.values.count
      if remaining < count {
        return WeightIndex(
          layer: layer, row: remaining / dense.inputCount,
          column: remaining % dense.inputCount)
      }
      remaining -= count
    }
    preconditionFailure("flat weight index \(flatIndex) out of range")
  }
}
