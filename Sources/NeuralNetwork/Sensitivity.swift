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
    var seeds = Matrix(
      rows: outputCount * sampleCount, columns: outputCount)
    for k in 0..<outputCount {
      for n in 0..<sampleCount { seeds[k * sampleCount + n, k] = 1 }
    }
    return preActivationJacobians(trace, outputCotangents: seeds)
  }

  /// Computes R vector–Jacobian products at once: for each of R response
  /// components r and each sample n, the gradient of ⟨vᵣₙ, y(xₙ)⟩ with
  /// respect to every layer's pre-activations.
  ///
  /// - Parameter outputCotangents: R·N rows of width K; row r·N + n is the
  ///   cotangent vᵣₙ = ∂(response r)/∂y at sample n. Identity blocks give
  ///   the output Jacobian; softmax-Jacobian rows give the Jacobian of the
  ///   probabilities; one block of per-sample loss gradients gives ∂ℓ/∂z.
  /// - Returns: one matrix per layer with R·N rows, row r·N + n holding
  ///   ∂(response r)/∂zˡ⁺¹ at sample n.
  public func preActivationJacobians(
    _ trace: ForwardTrace, outputCotangents: Matrix
  ) -> [Matrix] {
    var jacobians: [Matrix] = []
    preActivationJacobians(
      trace, outputCotangents: outputCotangents, into: &jacobians)
    return jacobians
  }

  /// Computes the same products into `jacobians`, reusing its storage when
  /// the shapes already fit, as when scoring batch after batch.
  public func preActivationJacobians(
    _ trace: ForwardTrace, outputCotangents: Matrix,
    into jacobians: inout [Matrix]
  ) {
    let sampleCount = trace.sampleCount
    let blockCount = cotangentBlockCount(trace, outputCotangents)
    let last = layers.count - 1
    ensureLayerShapes(&jacobians, rows: outputCotangents.rows)
    jacobians[last].values.withUnsafeMutableBufferPointer { target in
      outputCotangents.values.withUnsafeBufferPointer { source in
        _ = target.update(fromContentsOf: source)
      }
    }

    // Each block of N rows is scaled by the same sample-wise σ′, at the top
    // layer and below: Jˡ⁻¹ = (Jˡ Wˡ) ∘ σ′(zˡ⁻¹).
    for index in stride(from: last, through: 0, by: -1) {
      if index < last {
        LinearAlgebra.gemm(
          jacobians[index + 1], .none, layers[index + 1].weight, .none,
          into: &jacobians[index])
      }
      let activation = layers[index].activation
      let units = layers[index].unitCount
      trace.preActivations[index].values.withUnsafeBufferPointer { z in
        jacobians[index].values.withUnsafeMutableBufferPointer { stacked in
          for block in 0..<blockCount {
            let rows = UnsafeMutableBufferPointer(
              rebasing: stacked[(block * sampleCount * units)...]
                .prefix(sampleCount * units))
            activation.multiplyByDerivative(rows, preActivations: z)
          }
        }
      }
    }
  }

  /// Computes the per-sample sensitivities sˡᵢ(x) = Σₖ (∂yₖ/∂zˡᵢ(x))² of
  /// every layer.
  ///
  /// Matrix `l` has one row per sample and one column per unit of layer `l`.
  /// A unit whose row of the Jacobian is zero on a sample (a ReLU unit that
  /// is off, or one whose outgoing weights are all zero) has sensitivity 0
  /// there. Cost: K backward passes sharing one forward pass.
  public func sensitivities(_ trace: ForwardTrace) -> [Matrix] {
    sumOfSquares(preActivationJacobians(trace), sampleCount: trace.sampleCount)
  }

  /// Computes per-sample sensitivities Σᵣ (∂(response r)/∂zˡᵢ)² for the
  /// response whose cotangents are given, as in
  /// `preActivationJacobians(_:outputCotangents:)`.
  public func sensitivities(
    _ trace: ForwardTrace, outputCotangents: Matrix
  ) -> [Matrix] {
    sumOfSquares(
      preActivationJacobians(trace, outputCotangents: outputCotangents),
      sampleCount: trace.sampleCount)
  }

  /// Computes the sensitivities for the response whose cotangents are
  /// given into `sensitivities`, reusing the storage of `workspace` and
  /// `sensitivities` when their shapes fit.
  ///
  /// This runs the R vector–Jacobian products one after another, each on
  /// all N samples, and adds each layer's squares as soon as they are
  /// formed. The (R·N)-row Jacobians of `preActivationJacobians` are never
  /// stored, so the working set is R times smaller and stays in cache.
  /// The sums run over r in the same order, so the result matches up to
  /// the GEMM's rounding.
  public func sensitivities(
    _ trace: ForwardTrace, outputCotangents: Matrix,
    workspace: inout [Matrix], into sensitivities: inout [Matrix]
  ) {
    let sampleCount = trace.sampleCount
    let blockCount = cotangentBlockCount(trace, outputCotangents)
    let last = layers.count - 1
    ensureLayerShapes(&workspace, rows: sampleCount)
    if sensitivities.count != layers.count
      || sensitivities.first?.rows != sampleCount
    {
      sensitivities = layers.map {
        Matrix(rows: sampleCount, columns: $0.unitCount)
      }
    } else {
      for index in sensitivities.indices {
        sensitivities[index].values.withUnsafeMutableBufferPointer {
          $0.update(repeating: 0)
        }
      }
    }

    for block in 0..<blockCount {
      // δᴸ = (block r of the cotangents) ∘ σ′(zᴸ).
      workspace[last].values.withUnsafeMutableBufferPointer { target in
        outputCotangents.values.withUnsafeBufferPointer { source in
          let start = block * sampleCount * outputCount
          target.baseAddress!.update(
            from: source.baseAddress! + start, count: target.count)
        }
      }
      for index in stride(from: last, through: 0, by: -1) {
        if index < last {
          LinearAlgebra.gemm(
            workspace[index + 1], .none, layers[index + 1].weight, .none,
            into: &workspace[index])
        }
        let activation = layers[index].activation
        trace.preActivations[index].values.withUnsafeBufferPointer { z in
          workspace[index].values.withUnsafeMutableBufferPointer { delta in
            sensitivities[index].values.withUnsafeMutableBufferPointer {
              total in
              activation.multiplyByDerivativeAndAccumulateSquares(
                delta, preActivations: z, squares: total)
            }
          }
        }
      }
    }
  }

  /// Sums the squares of the stacked blocks of each matrix, block by block
  /// in order, into one row per sample.
  private func sumOfSquares(
    _ jacobians: [Matrix], sampleCount: Int
  ) -> [Matrix] {
    var sums: [Matrix] = []
    sumOfSquares(jacobians, sampleCount: sampleCount, into: &sums)
    return sums
  }

  private func sumOfSquares(
    _ jacobians: [Matrix], sampleCount: Int, into sums: inout [Matrix]
  ) {
    let fits =
      sums.count == jacobians.count
      && zip(sums, jacobians).allSatisfy {
        $0.rows == sampleCount && $0.columns == $1.columns
      }
    if !fits {
      sums = jacobians.map { Matrix(rows: sampleCount, columns: $0.columns) }
    }
    for (layer, jacobian) in jacobians.enumerated() {
      let blockSize = sampleCount * jacobian.columns
      let blockCount = jacobian.rows / sampleCount
      jacobian.values.withUnsafeBufferPointer { stacked in
        sums[layer].values.withUnsafeMutableBufferPointer { total in
          for index in 0..<blockSize { total[index] = 0 }
          for block in 0..<blockCount {
            let offset = block * blockSize
            for index in 0..<blockSize {
              let entry = stacked[offset + index]
              total[index] += entry * entry
            }
          }
        }
      }
    }
  }

  /// Returns R for cotangents of R·N rows, checking their shape.
  private func cotangentBlockCount(
    _ trace: ForwardTrace, _ outputCotangents: Matrix
  ) -> Int {
    let sampleCount = trace.sampleCount
    precondition(
      sampleCount > 0 && outputCotangents.rows % sampleCount == 0
        && outputCotangents.columns == outputCount,
      "cotangents must be R·N rows of width \(outputCount)")
    return outputCotangents.rows / sampleCount
  }

  /// Replaces `matrices` with one `rows` × units matrix per layer unless
  /// the shapes already fit, so storage is reused from batch to batch.
  private func ensureLayerShapes(_ matrices: inout [Matrix], rows: Int) {
    let fits =
      matrices.count == layers.count
      && zip(matrices, layers).allSatisfy {
        $0.rows == rows && $0.columns == $1.unitCount
      }
    if !fits {
      matrices = layers.map { Matrix(rows: rows, columns: $0.unitCount) }
    }
  }
}
