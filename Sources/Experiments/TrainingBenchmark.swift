import Datasets
import FileIO
import NeuralNetwork
import Reporting

#if canImport(Glibc)
  import Glibc
#endif

/// The figures of `ecprune bench`, all measured in one run.
public struct BenchmarkResult: Sendable {
  /// Wall-clock seconds of each timed training epoch.
  public let epochSeconds: [Double]
  /// Training samples per epoch.
  public let samplesPerEpoch: Int
  /// Throughput of the GEMMs of one training step, with the step's own
  /// shapes, in GFLOP/s.
  public let stepGEMMThroughput: Double
  /// The share of an epoch's time spent in those GEMMs, from 0 to 1.
  public let gemmShareOfEpoch: Double
  /// Throughput of a large square dgemm of the same BLAS, in GFLOP/s.
  public let peakGEMMThroughput: Double
  /// The order n of the square product behind `peakGEMMThroughput`.
  public let peakGEMMOrder: Int
  /// OpenBLAS's thread count during the run.
  public let threadCount: Int
  /// The processor, from /proc/cpuinfo, and the number of online cores.
  public let machine: String
  /// The settings of the timed training.
  public let settings: TrainingSettings
  /// The network the timed epochs trained, for the scoring benchmark.
  public let network: Network

  /// The fastest timed epoch.
  public var bestEpochSeconds: Double { epochSeconds.min() ?? .nan }
  /// `stepGEMMThroughput / peakGEMMThroughput`.
  public var gemmEfficiency: Double { stepGEMMThroughput / peakGEMMThroughput }
}

/// Measures the training epoch time, the GEMM throughput inside a training
/// step and the peak dgemm throughput of the same BLAS, in one run.
public enum TrainingBenchmark {
  /// Runs the benchmark.
  ///
  /// Trains the default network for `epochs` epochs on the full training
  /// set and times each one. Then it replays the step's GEMM shapes alone
  /// (forward a·Wᵀ, weight gradients δᵀ·a, input gradients δ·W) to get their
  /// throughput and their share of the epoch, and times an n×n dgemm.
  ///
  /// - Parameter note: receives a line of progress now and then.
  public static func run(
    settings: TrainingSettings, epochs: Int = 2, peakOrder: Int = 2048,
    note: (String) -> Void = { _ in }
  ) throws -> BenchmarkResult {
    var trainingSettings = settings
    trainingSettings.epochs = epochs
    note("timing \(epochs) training epochs")
    let outcome = try TrainingExperiment.run(trainingSettings)
    let samples = outcome.dataset.trainingSampleCount

    note("timing the GEMMs of one training step")
    let sizes = outcome.network.sizes
    let (stepSeconds, stepFlops) = timeStepGEMMs(
      sizes: sizes, batchSize: settings.batchSize)
    let batchCount = (samples + settings.batchSize - 1) / settings.batchSize
    let bestEpoch = outcome.epochs.map(\.seconds).min() ?? .nan

    note("timing a \(peakOrder)×\(peakOrder) dgemm")
    let peak = peakThroughput(order: peakOrder)

    return BenchmarkResult(
      epochSeconds: outcome.epochs.map(\.seconds), samplesPerEpoch: samples,
      stepGEMMThroughput: stepFlops / stepSeconds / 1e9,
      gemmShareOfEpoch: stepSeconds * Double(batchCount) / bestEpoch,
      peakGEMMThroughput: peak, peakGEMMOrder: peakOrder,
      threadCount: LinearAlgebra.threadCount, machine: machineDescription(),
      settings: trainingSettings, network: outcome.network)
  }

  /// Times the GEMMs of one step on a full batch; returns seconds per step
  /// (the best of several rounds) and floating-point operations per step.
  static func timeStepGEMMs(
    sizes: [Int], batchSize: Int
  ) -> (seconds: Double, flops: Double) {
    let layers = (0..<(sizes.count - 1)).map { index in
      (
        input: Matrix(rows: batchSize, columns: sizes[index], repeating: 0.5),
        weight: Matrix(
          rows: sizes[index + 1], columns: sizes[index], repeating: 0.01),
        delta: Matrix(
          rows: batchSize, columns: sizes[index + 1], repeating: 0.1)
      )
    }
    var outputs = layers.map {
      Matrix(rows: $0.input.rows, columns: $0.weight.rows)
    }
    var weightGradients = layers.map {
      Matrix(rows: $0.weight.rows, columns: $0.weight.columns)
    }
    var inputGradients = layers.map {
      Matrix(rows: $0.input.rows, columns: $0.input.columns)
    }
    var flops = 0.0
    for (index, layer) in layers.enumerated() {
      let product =
        2 * Double(batchSize * layer.weight.rows * layer.weight.columns)
      flops += index == 0 ? 2 * product : 3 * product
    }

    func step() {
      for index in layers.indices {
        let layer = layers[index]
        LinearAlgebra.gemm(
          layer.input, .none, layer.weight, .transposed, into: &outputs[index])
        LinearAlgebra.gemm(
          layer.delta, .transposed, layer.input, .none,
          into: &weightGradients[index])
        if index > 0 {
          LinearAlgebra.gemm(
            layer.delta, .none, layer.weight, .none,
            into: &inputGradients[index])
        }
      }
    }

    // Many short rounds, keeping the best, so that a moment of other load
    // on the machine does not decide the figure.
    let repetitions = 50
    var best = Double.infinity
    for _ in 0..<20 {
      let start = ContinuousClock.now
      for _ in 0..<repetitions { step() }
      best = min(
        best, seconds(ContinuousClock.now - start) / Double(repetitions))
    }
    return (best, flops)
  }

  /// Times C = A·B for n×n matrices; returns GFLOP/s, best of three.
  static func peakThroughput(order: Int) -> Double {
    let a = Matrix(rows: order, columns: order, repeating: 0.5)
    let b = Matrix(rows: order, columns: order, repeating: 0.25)
    var c = Matrix(rows: order, columns: order)
    LinearAlgebra.gemm(a, .none, b, .none, into: &c)
    var best = Double.infinity
    for _ in 0..<3 {
      let start = ContinuousClock.now
      LinearAlgebra.gemm(a, .none, b, .none, into: &c)
      best = min(best, seconds(ContinuousClock.now - start))
    }
    return 2 * pow(Double(order), 3) / best / 1e9
  }

  /// Returns "<model name>, <n> cores" from /proc/cpuinfo.
  static func machineDescription() -> String {
    let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
    guard let bytes = try? AtomicFile.read("/proc/cpuinfo"),
      let line = String(decoding: bytes, as: UTF8.self)
        .split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
      let colon = line.firstIndex(of: ":")
    else { return "unknown processor, \(cores) cores" }
    let model = line[line.index(after: colon)...].drop { $0 == " " }
    return "\(model), \(cores) cores"
  }
}

func seconds(_ duration: Duration) -> Double {
  let parts = duration.components
  return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
}
