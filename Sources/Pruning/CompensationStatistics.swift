import NeuralNetwork

/// The sensitivity-weighted statistics of one layer's input activations,
/// accumulated over minibatches.
///
/// For unit i and input j, with weights sᵢ(x) over the scoring samples:
/// the total weight Wᵢ = Σₓ sᵢ, the weighted mean μᵢⱼ = Σₓ sᵢaⱼ / Wᵢ and the
/// centred weighted sum of squares Cᵢⱼ = Σₓ sᵢ(aⱼ − μᵢⱼ)², which is the
/// bracket Σ saⱼ² − (Σ saⱼ)²/Σ s of the importance formula.
///
/// Each batch is centred on its own column means before the GEMM, so C
/// does not cancel when aⱼ is nearly constant. Batches are then merged
/// with the pairwise update of Chan, Golub and LeVeque (1979) for weighted
/// means and sums of squares. The running mean is kept as an offset from
/// the first batch's column means, so the difference of two batch means is
/// formed between numbers of the size of the spread, not of the mean:
/// merging costs a few ulps of C, not u·|μ|/σ. Memory stays at four
/// numbers per weight, whatever the number of samples.
public struct LayerStatistics: Sendable {
  /// Wᵢ = Σₓ sᵢ(x), one per unit.
  public private(set) var totalSensitivity: [Double]
  /// μᵢⱼ, units × inputs; 0 where Wᵢ = 0.
  public private(set) var weightedMean: Matrix
  /// Cᵢⱼ, units × inputs; 0 where Wᵢ = 0.
  public private(set) var centredSquares: Matrix
  /// The number of samples accumulated.
  public private(set) var sampleCount = 0

  /// The first batch's column means, which every running mean is an
  /// offset from; empty before the first batch.
  private var reference: [Double] = []
  /// μᵢⱼ minus `reference[j]`, units × inputs.
  private var meanOffset: Matrix

  // Storage reused from batch to batch: [d | d∘d] and the GEMM's result.
  private var stacked = Matrix(rows: 0, columns: 0)
  private var sums = Matrix(rows: 0, columns: 0)

  /// Creates empty statistics for a layer of `units` units and `inputs`
  /// inputs.
  public init(units: Int, inputs: Int) {
    totalSensitivity = [Double](repeating: 0, count: units)
    weightedMean = Matrix(rows: units, columns: inputs)
    centredSquares = Matrix(rows: units, columns: inputs)
    meanOffset = Matrix(rows: units, columns: inputs)
  }

  /// Adds one batch: `sensitivities` is N × units, `activations` N × inputs.
  public mutating func accumulate(
    sensitivities: Matrix, activations: Matrix
  ) {
    let sampleCount = activations.rows
    let inputs = activations.columns
    let units = sensitivities.columns
    precondition(sensitivities.rows == sampleCount, "one row per sample")
    precondition(units == totalSensitivity.count, "unit count")
    precondition(inputs == weightedMean.columns, "input count")
    guard sampleCount > 0 else { return }

    // Centre each input column on its batch mean c, then form [d | d∘d].
    // The mean is taken as a₀ + mean(a − a₀), so a constant column gets
    // c = a₀ exactly, d = 0 exactly, and an importance of exactly 0.
    var shift = [Double](repeating: 0, count: inputs)
    if stacked.rows != sampleCount || stacked.columns != 2 * inputs {
      stacked = Matrix(rows: sampleCount, columns: 2 * inputs)
      sums = Matrix(rows: units, columns: 2 * inputs)
    }
    activations.values.withUnsafeBufferPointer { a in
      shift.withUnsafeMutableBufferPointer { c in
        for n in 1..<max(sampleCount, 1) {
          let row = n * inputs
          for j in 0..<inputs { c[j] += a[row + j] - a[j] }
        }
        for j in 0..<inputs { c[j] = a[j] + c[j] / Double(sampleCount) }
        stacked.values.withUnsafeMutableBufferPointer { x in
          for n in 0..<sampleCount {
            let source = n * inputs
            let target = 2 * n * inputs
            for j in 0..<inputs {
              let d = a[source + j] - c[j]
              x[target + j] = d
              x[target + inputs + j] = d * d
            }
          }
        }
      }
    }

    // One GEMM gives Σ s·d and Σ s·d² for every (unit, input) pair.
    LinearAlgebra.gemm(
      sensitivities, .transposed, stacked, .none, into: &sums)
    var batchTotals = [Double](repeating: 0, count: units)
    sensitivities.values.withUnsafeBufferPointer { s in
      batchTotals.withUnsafeMutableBufferPointer { total in
        for n in 0..<sampleCount {
          for i in 0..<units { total[i] += s[n * units + i] }
        }
      }
    }

    if reference.isEmpty { reference = shift }
    merge(batchTotals: batchTotals, shift: shift)
    self.sampleCount += sampleCount
  }

  /// Merges a batch's centred sums into the running statistics.
  private mutating func merge(batchTotals: [Double], shift: [Double]) {
    let inputs = shift.count

    // The batch's centres as offsets from the reference: 0 for a constant
    // column, and small wherever the batches' means are close.
    let centre = (0..<inputs).map { shift[$0] - reference[$0] }
    sums.values.withUnsafeBufferPointer { g in
      meanOffset.values.withUnsafeMutableBufferPointer { mean in
        centredSquares.values.withUnsafeMutableBufferPointer { squares in
          for i in 0..<batchTotals.count {
            let batchWeight = batchTotals[i]
            guard batchWeight > 0 else { continue }
            let previousWeight = totalSensitivity[i]
            let weight = previousWeight + batchWeight
            let share = batchWeight / weight
            // W₁W₂/W as W₁·(W₂/W): the same value, but no underflow
            // when both weights are below 1e-154.
            let cross = previousWeight * share
            let sumsRow = 2 * i * inputs
            let row = i * inputs
            for j in 0..<inputs {
              let firstMoment = g[sumsRow + j]
              let secondMoment = g[sumsRow + inputs + j]
              // The batch's own weighted mean and centred sum of squares.
              // Divide rather than multiply by 1/Σ s: a subnormal Σ s (a
              // softmax probability near 1e-300, say) has an infinite
              // reciprocal, and 0·∞ would turn a zero moment into NaN.
              let offset = firstMoment / batchWeight
              let batchMean = centre[j] + offset
              let batchSquares = max(0, secondMoment - firstMoment * offset)
              guard previousWeight > 0 else {
                // The first batch with weight: nothing to combine with.
                mean[row + j] = batchMean
                squares[row + j] = batchSquares
                continue
              }
              // Chan et al.'s pairwise combination.
              let difference = batchMean - mean[row + j]
              mean[row + j] += difference * share
              squares[row + j] +=
                batchSquares + difference * difference * cross
            }
            totalSensitivity[i] = weight
          }
        }
      }
    }

    // μ = reference + offset, in the public matrix.
    for i in 0..<batchTotals.count where totalSensitivity[i] > 0 {
      for j in 0..<inputs {
        weightedMean[i, j] = reference[j] + meanOffset[i, j]
      }
    }
  }
}
