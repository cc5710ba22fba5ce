import Reporting
import Verification

/// The ground-truth section of the benchmark page and its JSON record.
extension BenchmarkReport {
  /// The maximum time, in seconds, of the ground truth for every weight of
  /// the default network on 1,000 samples and 2 cores.
  public static let targetGroundTruthSeconds = 600.0
  /// The minimum speed-up per weight of the batched solve over the naive
  /// per-weight solver.
  public static let targetNaiveOverBatched = 20.0

  /// Returns the JSON record of the ground-truth benchmark.
  static func groundTruthJSON(_ truth: GroundTruthBenchmarkResult)
    -> JSONValue
  {
    func numbers(_ values: [Double]) -> JSONValue {
      .array(values.map { .number($0) })
    }
    let oneCore: [JSONValue] = truth.oneCore.map {
      .object([
        ("layer", .integer($0.layer)),
        ("units", .array($0.units.map { .integer($0) })),
        ("weights_timed", .integer($0.weightsTimed)),
        ("seconds", .number($0.seconds)),
        ("seconds_per_weight", .number($0.secondsPerWeight)),
        ("layer_weights", .integer($0.layerWeightCount)),
      ])
    }
    return .object([
      ("samples", .integer(truth.sampleCount)),
      ("weights", .integer(truth.weightCount)),
      ("parameters", .integer(truth.parameterCount)),
      ("cores", .integer(truth.coreCount)),
      ("blas_threads_per_weight", .integer(truth.blasThreadCount)),
      ("batched_seconds", .number(truth.batchedSeconds)),
      ("batched_solved", .integer(truth.solvedCount)),
      ("batched_failures", .integer(truth.failureCount)),
      ("batched_evaluations", .integer(truth.evaluations)),
      ("evaluations_per_weight", .number(truth.evaluationsPerWeight)),
      ("weights_per_second", .number(truth.weightsPerSecond)),
      ("batched_seconds_per_weight", .number(truth.batchedSecondsPerWeight)),
      ("one_core", .array(oneCore)),
      (
        "one_core_extrapolated_seconds",
        .number(truth.oneCoreExtrapolatedSeconds)
      ),
      ("parallel_speed_up", .number(truth.parallelSpeedUp)),
      (
        "sampled_weights",
        .array(truth.sampledWeights.map { .string($0.description) })
      ),
      ("incremental_seconds", numbers(truth.incrementalSeconds)),
      ("incremental_failures", .integer(truth.incrementalFailureCount)),
      ("naive_seconds", numbers(truth.naiveSeconds)),
      ("naive_one_thread_seconds", numbers(truth.naiveOneThreadSeconds)),
      ("naive_failures", .integer(truth.naiveFailureCount)),
      (
        "incremental_extrapolated_seconds",
        .number(truth.incrementalExtrapolatedSeconds)
      ),
      ("naive_extrapolated_seconds", .number(truth.naiveExtrapolatedSeconds)),
      ("naive_over_batched", .number(truth.naiveOverBatched)),
      ("incremental_over_batched", .number(truth.incrementalOverBatched)),
      ("naive_over_batched_one_core", .number(truth.naiveOverBatchedOneCore)),
      ("target_seconds", .number(targetGroundTruthSeconds)),
      ("target_naive_over_batched", .number(targetNaiveOverBatched)),
    ])
  }

  /// Returns the ground-truth section of the benchmark page, from its
  /// heading to its list of how each figure is measured.
  static func groundTruthMarkdown(_ truth: GroundTruthBenchmarkResult)
    -> String
  {
    let weights = truth.sampledWeights.count
    var table = Table(columns: ["figure", "measured", "target", "met"])
    table.append([
      "every weight, batched, \(truth.coreCount) cores",
      duration(truth.batchedSeconds),
      "≤ " + duration(targetGroundTruthSeconds) + " on 2 cores",
      truth.batchedSeconds <= targetGroundTruthSeconds ? "yes" : "no",
    ])
    table.append([
      "weights per second",
      NumberFormat.fixed(truth.weightsPerSecond, decimals: 0), "", "",
    ])
    table.append([
      "batched evaluations per weight",
      NumberFormat.fixed(truth.evaluationsPerWeight, decimals: 2), "", "",
    ])
    table.append(["weights that failed", "\(truth.failureCount)", "", ""])
    table.append([
      "batched, per weight (wall time over weights)",
      duration(truth.batchedSecondsPerWeight), "", "",
    ])
    table.append([
      "incremental per-weight solver, per weight (mean of \(weights))",
      duration(truth.incrementalSecondsPerWeight), "", "",
    ])
    table.append([
      "naive per-weight solver, per weight (mean of \(weights))",
      duration(truth.naiveSecondsPerWeight), "", "",
    ])
    table.append([
      "incremental, extrapolated to every weight",
      duration(truth.incrementalExtrapolatedSeconds), "", "",
    ])
    table.append([
      "naive, extrapolated to every weight",
      duration(truth.naiveExtrapolatedSeconds), "", "",
    ])
    table.append([
      "incremental over batched, per weight",
      NumberFormat.fixed(truth.incrementalOverBatched, decimals: 0), "", "",
    ])
    table.append([
      "naive over batched, per weight",
      NumberFormat.fixed(truth.naiveOverBatched, decimals: 0),
      "≥ " + NumberFormat.fixed(targetNaiveOverBatched, decimals: 0),
      truth.naiveOverBatched >= targetNaiveOverBatched ? "yes" : "no",
    ])
    table.append([
      "batched on one core, extrapolated to every weight",
      duration(truth.oneCoreExtrapolatedSeconds), "", "",
    ])
    table.append([
      "one core over \(truth.coreCount) cores, batched",
      NumberFormat.fixed(truth.parallelSpeedUp, decimals: 2), "", "",
    ])
    table.append([
      "naive over batched, per weight, one core each",
      NumberFormat.fixed(truth.naiveOverBatchedOneCore, decimals: 0), "", "",
    ])
    let biases = truth.parameterCount - truth.weightCount
    return """
      ## Ground truth for every weight

      The verifier's true compensation β_true of each weight (the local
      minimiser of E(β) = mean over samples of ‖y_pruned − y‖², reached
      downhill from β = 0) with E(β_true) and E(0), on \(truth.sampleCount) training
      samples of the network trained above. All \(truth.weightCount) weights are
      solved; the \(truth.parameterCount) parameters that the method's description
      counts include the \(biases) biases, which are never removed.

      \(table.markdown())
      How each figure is measured:

      - Batched: one call of `GroundTruth.solve` for every weight, timed
        from the call to its return. Units are shared out over the cores;
        the weights of a unit take bracketed Newton steps on E′ in
        lockstep, each round one batched evaluation of the layers above
        that carries E, E′ and E″, with OpenBLAS on one thread.
      - One core: \(unitsTimed(truth)), drawn with the seed, each solved
        alone by the same call, which then runs on one core; each layer's
        time per weight times its weight count, summed. It is an
        extrapolation, not a run over every weight.
      - Per weight: the same \(weights) weights, drawn uniformly over all weights
        with the seed, each solved by GSL's Brent solver on E′ after
        bracketing downhill from β = 0. Incremental: `TrueObjective`,
        which keeps the layers below, updates the next layer by a rank-one
        term and runs only the layers above. Naive:
        `FullReevaluationObjective`, which runs the whole network from the
        input and a full backward pass at every evaluation. OpenBLAS runs
        on \(truth.blasThreadCount) threads; the naive solver runs once more on one
        thread for the one-core ratio. The times for every weight are the
        mean times the weight count: extrapolations, not measured.
        \(layerShares(truth))
        \(perWeightFailures(truth))

      """
  }

  /// Returns the phrase that counts the units of each layer timed on one
  /// core.
  private static func unitsTimed(_ truth: GroundTruthBenchmarkResult)
    -> String
  {
    let counts = truth.oneCore.map(\.units.count)
    if let first = counts.first, counts.allSatisfy({ $0 == first }) {
      return "\(first) units of each layer"
    }
    return listed(counts.map(String.init)) + " units of layers "
      + listed(truth.oneCore.map { "\($0.layer)" })
  }

  /// Returns the sentence that counts the sampled weights of each layer.
  private static func layerShares(_ truth: GroundTruthBenchmarkResult)
    -> String
  {
    let counts = truth.oneCore.map { layer in
      truth.sampledWeights.filter { $0.layer == layer.layer }.count
    }
    let phrases = zip(counts, truth.oneCore).enumerated().map {
      position, pair in
      (position == 0 ? "\(pair.0) are in layer " : "\(pair.0) in layer ")
        + "\(pair.1.layer)"
    }
    return "Of the sampled weights, " + listed(phrases) + "."
  }

  /// Joins `items` as "a, b and c".
  private static func listed(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " and " + items.last!
  }

  /// Returns the sentence that counts the per-weight solves that failed.
  private static func perWeightFailures(_ truth: GroundTruthBenchmarkResult)
    -> String
  {
    if truth.incrementalFailureCount == 0 && truth.naiveFailureCount == 0 {
      return "No per-weight solve failed."
    }
    return "Per-weight solves that failed (their time is counted): "
      + "\(truth.incrementalFailureCount) incremental, "
      + "\(truth.naiveFailureCount) naive over both timings."
  }

  /// Returns `seconds` in ms below one second, in s below ten minutes,
  /// in min below two hours and in h above.
  static func duration(_ seconds: Double) -> String {
    switch seconds {
    case ..<1: NumberFormat.significant(1000 * seconds, digits: 3) + " ms"
    case ..<600: NumberFormat.significant(seconds, digits: 3) + " s"
    case ..<7200: NumberFormat.significant(seconds / 60, digits: 3) + " min"
    default: NumberFormat.significant(seconds / 3600, digits: 3) + " h"
    }
  }
}
