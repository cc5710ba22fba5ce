import FileIO
import NeuralNetwork
import Reporting

/// Writes the benchmark page (Markdown) and its JSON record.
public enum BenchmarkReport {
  /// The share of the JAX scoring time that the Swift scoring may take.
  public static let targetScoringOverJAX = 0.8

  /// The epoch time quoted for the same training in idiomatic JAX float64
  /// on a 2-core machine of this kind, in seconds. The page uses it only
  /// when the run did not measure JAX itself.
  public static let quotedJAXEpochSeconds = 2.2
  /// The share of the in-run dgemm peak that the step's GEMMs should reach.
  public static let targetGEMMEfficiency = 0.6

  /// Returns the JSON record of `result`.
  public static func json(_ measurements: BenchmarkMeasurements) -> JSONValue {
    let result = measurements.training
    let jax = measurements.jaxTraining
    let scoring = measurements.scoring
    let jaxRecord: JSONValue =
      jax.map {
        .object([
          ("jax_version", .string($0.jaxVersion)),
          ("epoch_seconds", .array($0.epochSeconds.map { .number($0) })),
          ("best_epoch_seconds", .number($0.bestEpochSeconds)),
          ("test_accuracy", .number($0.testAccuracy)),
          (
            "swift_over_jax_epoch",
            .number(result.bestEpochSeconds / $0.bestEpochSeconds)
          ),
        ])
      } ?? .null
    return .object([
      ("machine", .string(result.machine)),
      ("blas", .string(SoftwareVersions.blas)),
      ("blas_threads", .integer(result.threadCount)),
      ("network", .string(architecture(result))),
      ("batch_size", .integer(result.settings.batchSize)),
      ("samples_per_epoch", .integer(result.samplesPerEpoch)),
      ("epoch_seconds", .array(result.epochSeconds.map { .number($0) })),
      ("best_epoch_seconds", .number(result.bestEpochSeconds)),
      ("jax_reference", jaxRecord),
      (
        "scoring",
        .object([
          ("samples", .integer(scoring.sampleCount)),
          ("batch_size", .integer(scoring.batchSize)),
          (
            "scoring_seconds",
            .array(scoring.scoringSeconds.map { .number($0) })
          ),
          ("best_scoring_seconds", .number(scoring.bestScoringSeconds)),
          (
            "backward_seconds",
            .array(scoring.backwardSeconds.map { .number($0) })
          ),
          ("best_backward_seconds", .number(scoring.bestBackwardSeconds)),
          ("scoring_over_backward", .number(scoring.scoringOverBackward)),
          (
            "jax_best_scoring_seconds",
            measurements.jaxScoring.map { .number($0.bestScoringSeconds) }
              ?? .null
          ),
          (
            "jax_best_backward_seconds",
            measurements.jaxScoring.map { .number($0.bestBackwardSeconds) }
              ?? .null
          ),
          (
            "swift_over_jax_scoring",
            measurements.jaxScoring.map {
              .number(scoring.bestScoringSeconds / $0.bestScoringSeconds)
            } ?? .null
          ),
        ])
      ),
      ("ground_truth", groundTruthJSON(measurements.groundTruth)),
      ("step_gemm_gflops", .number(result.stepGEMMThroughput)),
      ("peak_dgemm_gflops", .number(result.peakGEMMThroughput)),
      ("peak_dgemm_order", .integer(result.peakGEMMOrder)),
      ("step_gemm_over_peak", .number(result.gemmEfficiency)),
      ("gemm_share_of_epoch", .number(result.gemmShareOfEpoch)),
      (
        "software",
        .object(SoftwareVersions.all.map { ($0.0, .string($0.1)) })
      ),
    ])
  }

  /// Returns the benchmark page.
  public static func markdown(_ measurements: BenchmarkMeasurements) -> String {
    let result = measurements.training
    let jax = measurements.jaxTraining
    let scoring = measurements.scoring
    let epoch = result.bestEpochSeconds
    let reference = jax?.bestEpochSeconds ?? quotedJAXEpochSeconds
    let referenceName =
      jax == nil ? "JAX float64, quoted, not measured" : "JAX float64, same run"
    var table = Table(columns: ["figure", "measured", "target", "met"])
    table.append([
      "training epoch (\(result.samplesPerEpoch) samples, batch "
        + "\(result.settings.batchSize))",
      NumberFormat.fixed(epoch, decimals: 2) + " s",
      "≤ " + NumberFormat.fixed(reference, decimals: 2)
        + " s (\(referenceName))",
      epoch <= reference ? "yes" : "no",
    ])
    if let jax {
      table.append([
        "Swift epoch over JAX epoch",
        NumberFormat.fixed(epoch / jax.bestEpochSeconds, decimals: 2),
        "≤ 1", epoch <= jax.bestEpochSeconds ? "yes" : "no",
      ])
    }
    table.append([
      "GEMMs of a training step",
      NumberFormat.fixed(result.stepGEMMThroughput, decimals: 1)
        + " GFLOP/s", "", "",
    ])
    table.append([
      "dgemm \(result.peakGEMMOrder)×\(result.peakGEMMOrder), same BLAS",
      NumberFormat.fixed(result.peakGEMMThroughput, decimals: 1) + " GFLOP/s",
      "", "",
    ])
    table.append([
      "step GEMMs over dgemm peak",
      NumberFormat.fixed(100 * result.gemmEfficiency, decimals: 0) + " %",
      "≥ " + NumberFormat.fixed(100 * targetGEMMEfficiency, decimals: 0) + " %",
      result.gemmEfficiency >= targetGEMMEfficiency ? "yes" : "no",
    ])
    table.append([
      "share of the epoch spent in GEMMs",
      NumberFormat.fixed(100 * result.gemmShareOfEpoch, decimals: 0) + " %",
      "", "",
    ])
    table.append([
      "elimination-compensation scoring, \(scoring.sampleCount) samples",
      NumberFormat.fixed(scoring.bestScoringSeconds, decimals: 3) + " s", "",
      "",
    ])
    table.append([
      "loss-gradient backward pass, same samples",
      NumberFormat.fixed(scoring.bestBackwardSeconds, decimals: 3) + " s", "",
      "",
    ])
    table.append([
      "scoring over backward pass",
      NumberFormat.fixed(scoring.scoringOverBackward, decimals: 2), "", "",
    ])
    if let jaxScoring = measurements.jaxScoring {
      let ratio = scoring.bestScoringSeconds / jaxScoring.bestScoringSeconds
      table.append([
        "JAX float64 scoring, same samples, same run",
        NumberFormat.fixed(jaxScoring.bestScoringSeconds, decimals: 3) + " s",
        "", "",
      ])
      table.append([
        "Swift scoring over JAX scoring",
        NumberFormat.fixed(ratio, decimals: 2),
        "≤ " + NumberFormat.fixed(targetScoringOverJAX, decimals: 1),
        ratio <= targetScoringOverJAX ? "yes" : "no",
      ])
    }
    let epochs = result.epochSeconds.map {
      NumberFormat.fixed($0, decimals: 2) + " s"
    }.joined(separator: ", ")
    return """
      # Performance

      Written by `ecprune bench`, which `make bench` runs with the JAX
      reference. Machine: \(result.machine). BLAS: \(result.blas), on
      \(result.threadCount) threads. Timings vary between runs, by 10 to
      20 per cent when other work shares the machine, so the ratios within
      one run are the figures to compare.

      \(table.markdown())
      Timed epochs: \(epochs). The network is \(architecture(result)),
      trained with Adam in Double precision.

      How each figure is measured:

      - The epoch time is the wall-clock time of one pass of minibatch
        training over the training set (forward, loss, backward, Adam step),
        the best of the timed epochs.
      - The step GEMMs are the products of one training step on a full batch
        with the network's shapes (a·Wᵀ forward, δᵀ·a for the weight
        gradients, δ·W for the input gradients but the first layer's),
        replayed alone, best of twenty rounds of 50 steps.
      - Scoring computes the compensation and importance of every weight
        from the sensitivities of the logits (ten stacked vector–Jacobian
        products per batch of \(scoring.batchSize)) and one fused GEMM per
        layer, best of \(scoring.scoringSeconds.count) rounds; the backward
        pass is the forward and backward pass of the mean cross-entropy over
        the same batches.
      - The dgemm peak is C = A·B for square matrices of order
        \(result.peakGEMMOrder), best of three.
      - \(jaxDescription(jax))
      - \(jaxScoringDescription(measurements.jaxScoring))

      \(groundTruthMarkdown(measurements.groundTruth))
      """
  }

  private static func jaxDescription(_ jax: JAXReferenceResult?) -> String {
    guard let jax else {
      return "JAX was not run (`--jax-python` not given), so the epoch is "
        + "compared with the quoted figure of "
        + NumberFormat.fixed(quotedJAXEpochSeconds, decimals: 1) + " s."
    }
    let epochs = jax.epochSeconds.map {
      NumberFormat.fixed($0, decimals: 2) + " s"
    }.joined(separator: ", ")
    return "The JAX reference is `scripts/jax_reference_epoch.py` (JAX "
      + "\(jax.jaxVersion), float64, one jit-compiled step, the same "
      + "network, loss, Adam settings and batches), run right after the "
      + "Swift timing in the same process tree; its timed epochs after a "
      + "warm-up were \(epochs), and it reached test accuracy "
      + NumberFormat.fixed(jax.testAccuracy, decimals: 4) + "."
  }

  private static func jaxScoringDescription(_ jax: JAXScoringResult?)
    -> String
  {
    guard let jax else {
      return "The JAX scoring reference was not run (`--jax-python` not "
        + "given)."
    }
    return "The JAX scoring reference is `scripts/jax_reference_scoring.py` "
      + "(JAX \(jax.jaxVersion), float64): the same ten vector–Jacobian "
      + "products per batch through `jax.vmap` of one `jax.vjp`, the same "
      + "statistics and closed form, jit-compiled, best of several passes "
      + "after a warm-up; its loss-gradient pass took "
      + NumberFormat.fixed(jax.bestBackwardSeconds, decimals: 3) + " s."
  }

  private static func architecture(_ result: BenchmarkResult) -> String {
    let widths = [784] + result.settings.hiddenSizes + [10]
    return widths.map(String.init).joined(separator: "-") + " "
      + result.settings.activation.name
  }
}

extension BenchmarkResult {
  var blas: String { SoftwareVersions.blas }
}
