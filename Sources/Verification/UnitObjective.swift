import NeuralNetwork

/// E, E′ and E″ at one shift, with the size of E′'s rounding error.
public struct ObjectiveDerivatives: Sendable, Equatable {
  /// E(β) = (1/N) Σₓ ‖y_new − y‖².
  public var value: Double
  /// E′(β).
  public var derivative: Double
  /// E″(β), the curvature that Newton's method divides by.
  public var second: Double
  /// (2/N) Σ |(y_new − y)·∂y_new/∂β|: E′ is a sum of terms of this total
  /// size, so a computed E′ below about 1e-13 of it is zero to rounding.
  public var derivativeScale: Double
}

/// The true objective of many weights of one unit, evaluated together.
///
/// Removing any weight Wˡᵢⱼ of unit i with any shift moves only zˡᵢ, so
/// the layer above changes by (a_new − a)·Wˡ⁺¹[:, i] whatever j is. This
/// type runs the layers above for a batch of (weight, removal, shift)
/// queries at once, so their products are a few large GEMMs instead of
/// many small ones. It carries the first and second derivatives in the
/// shift forward with the values (forward-mode tangents), so one pass
/// gives E, E′ and E″. Samples where unit i stays inactive before and
/// after (a dead ReLU) change nothing and are left out of the pass.
///
/// An instance keeps work buffers between calls and is not thread-safe;
/// use one per thread.
final class UnitObjective {
  let objective: TrueObjective
  let layer: Int
  let row: Int
  /// zˡᵢ on every sample, the unit's pre-activation.
  private let unitPreActivation: [Double]
  /// Wˡ⁺¹[:, i], the unit's outgoing weights (empty for the last layer).
  private let outgoing: [Double]
  /// Whether any activation from layer l up has σ″ ≠ 0 somewhere, so the
  /// second tangent must be carried.
  private let carriesSecond: Bool

  // Work buffers, reused between calls.
  private var rowSample: [Int] = []
  private var rowQuery: [Int] = []
  private var rowChange: [Double] = []
  private var rowSlope: [Double] = []
  private var rowCurvature: [Double] = []
  private var front: [Double] = []
  private var back: [Double] = []

  init(_ objective: TrueObjective, layer: Int, row: Int) {
    self.objective = objective
    self.layer = layer
    self.row = row
    let network = objective.network
    let z = objective.trace.preActivations[layer]
    unitPreActivation = (0..<objective.inputs.rows).map { z[$0, row] }
    if layer + 1 < network.layers.count {
      let next = network.layers[layer + 1].weight
      outgoing = (0..<next.rows).map { next[$0, row] }
    } else {
      outgoing = []
    }
    carriesSecond = network.layers[layer...].contains {
      !$0.activation.isPiecewiseLinear
    }
  }

  /// Returns E, E′ and E″ for each query: remove the fraction
  /// `removals[q]` of Wˡᵢ,`columns[q]` and shift bᵢ by `shifts[q]`.
  func evaluate(columns: [Int], removals: [Double], shifts: [Double])
    -> [ObjectiveDerivatives]
  {
    precondition(columns.count == removals.count)
    precondition(columns.count == shifts.count)
    let network = objective.network
    let dense = network.layers[layer]
    let inputs = objective.trace.activations[layer]
    let sampleCount = objective.inputs.rows
    var results = [ObjectiveDerivatives](
      repeating: ObjectiveDerivatives(
        value: 0, derivative: 0, second: 0, derivativeScale: 0),
      count: columns.count)
    let scale = 1 / Double(sampleCount)

    // The new zˡᵢ per query and sample, and what it does to aˡᵢ.
    rowSample.removeAll(keepingCapacity: true)
    rowQuery.removeAll(keepingCapacity: true)
    rowChange.removeAll(keepingCapacity: true)
    rowSlope.removeAll(keepingCapacity: true)
    rowCurvature.removeAll(keepingCapacity: true)
    let isLast = layer == network.layers.count - 1
    for query in columns.indices {
      let column = columns[query]
      let removed = removals[query] * dense.weight[row, column]
      let shift = shifts[query]
      for sample in 0..<sampleCount {
        let move = shift - removed * inputs[sample, column]
        let z = unitPreActivation[sample] + move
        let change = dense.activation.change(
          from: unitPreActivation[sample], by: move)
        let slope = dense.activation.derivative(z)
        let curvature = dense.activation.secondDerivative(z)
        if isLast {
          // Only output i moves: E gathers (Δy)², E′ 2Δy·σ′ and E″
          // 2(σ′² + Δy·σ″) directly.
          results[query].value += change * change
          results[query].derivative += change * slope
          results[query].second += slope * slope + change * curvature
          results[query].derivativeScale += abs(change * slope)
          continue
        }
        if change == 0 && slope == 0 && curvature == 0 { continue }
        rowSample.append(sample)
        rowQuery.append(query)
        rowChange.append(change)
        rowSlope.append(slope)
        rowCurvature.append(curvature)
      }
    }
    if !isLast {
      runUpperLayers(into: &results)
    }
    for query in results.indices {
      results[query].value *= scale
      results[query].derivative *= 2 * scale
      results[query].second *= 2 * scale
      results[query].derivativeScale *= 2 * scale
    }
    return results
  }

  /// Runs the layers above l on the selected rows and adds each row's
  /// unscaled contributions to E, E′ and E″ into `results`.
  private func runUpperLayers(into results: inout [ObjectiveDerivatives]) {
    let network = objective.network
    let rowCount = rowSample.count
    guard rowCount > 0 else { return }
    let blocks = carriesSecond ? 3 : 2
    let widest = network.layers[(layer + 1)...].map(\.unitCount).max()!
    let needed = blocks * rowCount * widest
    if front.count < needed {
      front = [Double](repeating: 0, count: needed)
      back = [Double](repeating: 0, count: needed)
    }

    // Layer l + 1 changes by the rank-one term Δz = (a_new − a)·v, with
    // v = Wˡ⁺¹[:, i], and its tangents are σ′(zˡᵢ)·v and σ″(zˡᵢ)·v. The
    // value block carries differences from the unpruned pass throughout,
    // so a sample that does not change gives exactly zero and a small
    // change keeps its relative precision (no y_new − y cancellation).
    let first = network.layers[layer + 1]
    let width = first.unitCount
    front.withUnsafeMutableBufferPointer { buffer in
      let values = buffer.baseAddress!
      outgoing.withUnsafeBufferPointer { v in
        for r in 0..<rowCount {
          let value = values + r * width
          let tangent = values + (rowCount + r) * width
          let change = rowChange[r]
          let slope = rowSlope[r]
          for k in 0..<width {
            value[k] = change * v[k]
            tangent[k] = slope * v[k]
          }
          if blocks == 3 {
            let second = values + (2 * rowCount + r) * width
            let curvature = rowCurvature[r]
            for k in 0..<width { second[k] = curvature * v[k] }
          }
        }
      }
      activate(layer + 1, values, rowCount: rowCount, blocks: blocks)
    }

    // The layers above l + 1 take all blocks through one product each:
    // Δz = Δa·Wᵀ, with no bias because the bias cancels in the difference.
    var currentWidth = width
    for index in (layer + 2)..<network.layers.count {
      let dense = network.layers[index]
      let nextWidth = dense.unitCount
      front.withUnsafeBufferPointer { source in
        back.withUnsafeMutableBufferPointer { target in
          dense.weight.values.withUnsafeBufferPointer { weight in
            LinearAlgebra.gemmTransposedB(
              m: blocks * rowCount, n: nextWidth, k: currentWidth,
              a: source.baseAddress!, leadingA: currentWidth,
              b: weight.baseAddress!, leadingB: currentWidth,
              beta: 0, c: target.baseAddress!, leadingC: nextWidth)
          }
          activate(
            index, target.baseAddress!, rowCount: rowCount, blocks: blocks)
        }
      }
      swap(&front, &back)
      currentWidth = nextWidth
    }

    // The value block now holds Δy = y_new − y.
    let outputs = currentWidth
    front.withUnsafeBufferPointer { buffer in
      let values = buffer.baseAddress!
      for r in 0..<rowCount {
        let query = rowQuery[r]
        let difference = values + r * outputs
        let tangent = values + (rowCount + r) * outputs
        var e = 0.0
        var first = 0.0
        var second = 0.0
        var size = 0.0
        for k in 0..<outputs {
          e += difference[k] * difference[k]
          first += difference[k] * tangent[k]
          second += tangent[k] * tangent[k]
          size += abs(difference[k] * tangent[k])
        }
        if blocks == 3 {
          let curvature = values + (2 * rowCount + r) * outputs
          for k in 0..<outputs { second += difference[k] * curvature[k] }
        }
        results[query].value += e
        results[query].derivative += first
        results[query].second += second
        results[query].derivativeScale += size
      }
    }
  }

  /// Turns layer `index`'s blocks from pre-activation changes into
  /// activation changes, in place: Δa = σ(z + Δz) − σ(z) from the cached
  /// z of each row's sample (`Activation.change`), da = σ′·dz and
  /// d²a = σ″·dz² + σ′·d²z at the new z.
  private func activate(
    _ index: Int, _ buffer: UnsafeMutablePointer<Double>, rowCount: Int,
    blocks: Int
  ) {
    let activation = objective.network.layers[index].activation
    // For identity Δa = Δz and the tangents pass unchanged.
    guard activation != .identity else { return }
    let width = objective.network.layers[index].unitCount
    let count = rowCount * width
    let change = buffer
    let tangent = buffer + count
    let second = blocks == 3 ? buffer + 2 * count : nil
    let cachedZ = objective.trace.preActivations[index]
    cachedZ.values.withUnsafeBufferPointer { zValues in
      for r in 0..<rowCount {
        let base = r * width
        let z = zValues.baseAddress! + rowSample[r] * width
        if activation == .relu && second == nil {
          for k in 0..<width {
            let move = change[base + k]
            let moved = z[k] + move
            if z[k] > 0 {
              change[base + k] = moved > 0 ? move : -z[k]
            } else {
              change[base + k] = moved > 0 ? moved : 0
            }
            tangent[base + k] = moved > 0 ? tangent[base + k] : 0
          }
          continue
        }
        for k in 0..<width {
          let move = change[base + k]
          let moved = z[k] + move
          let slope = activation.derivative(moved)
          let dz = tangent[base + k]
          change[base + k] = activation.change(from: z[k], by: move)
          tangent[base + k] = slope * dz
          if let second {
            second[base + k] =
              activation.secondDerivative(moved) * dz * dz + slope
              * second[base + k]
          }
        }
      }
    }
  }
}
