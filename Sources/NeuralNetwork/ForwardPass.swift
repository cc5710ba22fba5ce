/// The values a forward pass keeps for a batch: every pre-activation and
/// every activation.
public struct ForwardTrace: Sendable {
  /// `preActivations[l]` is zˡ⁺¹ for layer `l`, one row per sample.
  public var preActivations: [Matrix]
  /// `activations[0]` is the input batch and `activations[l + 1]` is the
  /// output of layer `l`, so `activations.last` is the network output y.
  public var activations: [Matrix]

  /// The network output y, one row per sample.
  public var output: Matrix { activations[activations.count - 1] }
  /// The number of samples in the batch.
  public var sampleCount: Int { activations[0].rows }

  /// Creates an empty trace that `Network.forward(_:into:)` fills.
  public init() {
    preActivations = []
    activations = []
  }
}

extension Network {
  /// Runs the network on a batch and keeps every intermediate value.
  ///
  /// - Parameter input: one sample per row, `inputCount` columns.
  /// - Returns: the trace; its `output` is y with one row per sample.
  public func forward(_ input: Matrix) -> ForwardTrace {
    var trace = ForwardTrace()
    forward(input, into: &trace)
    return trace
  }

  /// Runs the network on a batch, reusing the storage of `trace` when its
  /// shapes already fit (as in a training loop).
  public func forward(_ input: Matrix, into trace: inout ForwardTrace) {
    precondition(
      input.columns == inputCount,
      "input has \(input.columns) columns, the network takes \(inputCount)")
    let sampleCount = input.rows
    resize(&trace, sampleCount: sampleCount)
    // Copy into the existing storage instead of sharing the caller's
    // buffer, which the caller may overwrite for its next batch.
    trace.activations[0].values.withUnsafeMutableBufferPointer { target in
      input.values.withUnsafeBufferPointer { source in
        _ = target.update(fromContentsOf: source)
      }
    }

    for (index, layer) in layers.enumerated() {
      // z = a Wᵀ + b: fill each row with b, then accumulate the product.
      trace.preActivations[index].values.withUnsafeMutableBufferPointer {
        z in
        layer.bias.withUnsafeBufferPointer { bias in
          for row in 0..<sampleCount {
            let start = z.baseAddress! + row * layer.unitCount
            start.update(from: bias.baseAddress!, count: layer.unitCount)
          }
        }
      }
      LinearAlgebra.gemm(
        trace.activations[index], .none, layer.weight, .transposed,
        beta: 1, into: &trace.preActivations[index])

      // a = σ(z).
      trace.preActivations[index].values.withUnsafeBufferPointer { z in
        trace.activations[index + 1].values.withUnsafeMutableBufferPointer {
          a in
          layer.activation.apply(z, into: a)
        }
      }
    }
  }

  /// Returns the output y for a batch, one row per sample.
  public func predict(_ input: Matrix) -> Matrix {
    forward(input).output
  }

  private func resize(_ trace: inout ForwardTrace, sampleCount: Int) {
    let fits =
      trace.preActivations.count == layers.count
      && trace.activations.count == layers.count + 1
      && trace.activations[0].rows == sampleCount
      && zip(trace.preActivations, layers).allSatisfy {
        $0.columns == $1.unitCount
      }
    guard !fits else { return }
    trace.preActivations = layers.map {
      Matrix(rows: sampleCount, columns: $0.unitCount)
    }
    trace.activations =
      [Matrix(rows: sampleCount, columns: inputCount)]
      + layers.map { Matrix(rows: sampleCount, columns: $0.unitCount) }
  }
}
