extension Network {
  /// Computes the Jacobian of the output with respect to every layer's
  /// pre-activations, for each sample of a batch.
  ///
  /// Entry (k·N + n, i) of matrix `l` is ∂yₖ/∂zˡ⁺¹ᵢ at sample n, where N is
  /// the batch size and K the output width. The K vector–Jacobian products
  /// (one per output component) share the forward pass in `trace` and run
  /// together: each layer costs one GEMM of (K·N) rows. Memory grows as
  /// K·N times the widest layer, so callers split large data into batches.
  public func preActivationJacobians(_ trace: ForwardTrace) -> [Matrix] {
    let sampleCount = trace.sampleCount
    let outputCount = self.outputCount
    let last = layers.count - 1
    let stackedRows = outputCount * sampleCount
    var jacobians = layers.map {
      Matrix(rows: stackedRows, columns: $0.unitCount)
    }

    // Output layer: ∂yₖ/∂zᴸᵢ = σ′(zᴸₖ) when i = k and 0 otherwise.
    let outputActivation = layers[last].activation
    let outputZ = trace.preActivations[last]
    for k in 0..<outputCount {
      for n in 0..<sampleCount {
        jacobians[last][k * sampleCount + n, k] =
          outputActivation.derivative(outputZ[n, k])
      }
    }

    // Lower layers: Jˡ⁻¹ = (Jˡ Wˡ) ∘ σ′(zˡ⁻¹), each block of N rows scaled
    // by the same sample-wise derivatives.
    for index in stride(from: last, to: 0, by: -1) {
      LinearAlgebra.gemm(
        jacobians[index], .none, layers[index].weight, .none,
        into: &jacobians[index - 1])
      let below = index - 1
      let activation = layers[below].activation
      let units = layers[below].unitCount
      trace.preActivations[below].values.withUnsafeBufferPointer { z in
        jacobians[below].values.withUnsafeMutableBufferPointer { stacked in
          for k in 0..<outputCount {
            let block = UnsafeMutableBufferPointer(
              rebasing: stacked[(k * sampleCount * units)...]
                .prefix(sampleCount * units))
            activation.multiplyByDerivative(block, preActivations: z)
          }
        }
      }
    }
    return jacobians
  }

  /// Computes the per-sample sensitivities sˡᵢ(x) = Σₖ (∂yₖ/∂zˡᵢ(x))² of
  /// every layer.
  ///
  /// Matrix `l` has one row per sample and one column per unit of layer `l`.
  /// A unit whose row of the Jacobian is zero on a sample (a ReLU unit that
  /// is off, or one whose outgoing weights are all zero) has sensitivity 0
  /// there. Cost: K backward passes sharing one forward pass.
  public func sensitivities(_ trace: ForwardTrace) -> [Matrix] {
    let sampleCount = trace.sampleCount
    return preActivationJacobians(trace).map { jacobian in
      var sums = Matrix(rows: sampleCount, columns: jacobian.columns)
      let blockSize = sampleCount * jacobian.columns
      jacobian.values.withUnsafeBufferPointer { stacked in
        sums.values.withUnsafeMutableBufferPointer { total in
          // Sum the squares over the K stacked blocks, in order of k.
          for k in 0..<outputCount {
            let offset = k * blockSize
            for index in 0..<blockSize {
              let entry = stacked[offset + index]
              total[index] += entry * entry
            }
          }
        }
      }
      return sums
    }
  }
}
