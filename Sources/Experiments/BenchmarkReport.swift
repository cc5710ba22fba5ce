import FileIO
import NeuralNetwork
import Reporting

/// Writes the benchmark page (Markdown) and its JSON record.
public enum BenchmarkReport {
  /// The epoch time quoted for the same training in idiomatic JAX float64
  /// on a 2-core machine of this kind, in seconds; the page uses it only
  /// when the run did not measure JAX itself.
  public static let quotedJAXEpochSeconds = 2.2
  /// The share of the in-run dgemm peak that the step's GEMMs should reach.
  public static let targetGEMMEfficiency = 0.6

  /// Returns the JSON record of `result`.
  public static func json(
    _ result: BenchmarkResult, jax: JAXReferenceResult?
  ) -> JSONValue {
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
  public static func markdown(
    _ result: BenchmarkResult, jax: JAXReferenceResult?
  ) -> String {
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
        replayed alone, best of five rounds of 100 steps.
      - The dgemm peak is C = A·B for square matrices of order
        \(result.peakGEMMOrder), best of three.
      - \(jaxDescription(jax))

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

  private static func architecture(_ result: BenchmarkResult) -> String {
    let widths = [784] + result.settings.hiddenSizes + [10]
    return widths.map(String.init).joined(separator: "-") + " "
      + result.settings.activation.name
  }
}

extension BenchmarkResult {
  var blas: String { SoftwareVersions.blas }
}
