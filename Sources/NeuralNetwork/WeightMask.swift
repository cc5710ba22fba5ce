/// The kept (1) and removed (0) weights of a network.
///
/// Biases are never masked. A removed weight is held at exactly 0: the
/// optimiser zeroes its gradient and its moments at every step, so it
/// cannot drift back during fine-tuning.
public struct WeightMask: Equatable, Sendable {
  /// One 0/1 matrix per layer, shaped like the layer's weight.
  public private(set) var layers: [Matrix]

  /// Creates a mask that keeps every weight of `network`.
  public init(keepingAllOf network: Network) {
    layers = network.layers.map {
      Matrix(rows: $0.unitCount, columns: $0.inputCount, repeating: 1)
    }
  }

  /// Returns whether weight `index` (row-major) of layer `layer` is kept.
  public func isKept(layer: Int, index: Int) -> Bool {
    layers[layer].values[index] != 0
  }

  /// Marks weight `index` (row-major) of layer `layer` as removed.
  public mutating func remove(layer: Int, index: Int) {
    layers[layer].values[index] = 0
  }

  /// The number of removed weights in each layer.
  public var removedCounts: [Int] {
    layers.map { matrix in matrix.values.reduce(0) { $0 + ($1 == 0 ? 1 : 0) } }
  }

  /// The fraction of removed weights in each layer.
  public var removedFractions: [Double] {
    zip(removedCounts, layers).map { Double($0) / Double($1.values.count) }
  }

  /// The fraction of removed weights over the whole network, biases
  /// excluded.
  public var removedFraction: Double {
    let total = layers.reduce(0) { $0 + $1.values.count }
    return Double(removedCounts.reduce(0, +)) / Double(total)
  }

  /// Sets every removed weight of `network` to 0.
  public func apply(to network: inout Network) {
    for index in network.layers.indices {
      multiply(&network.layers[index].weight.values, by: layers[index].values)
    }
  }
}

/// Multiplies `values` entry by entry by `factors`.
func multiply(_ values: inout [Double], by factors: [Double]) {
  precondition(values.count == factors.count, "mask shape")
  values.withUnsafeMutableBufferPointer { target in
    factors.withUnsafeBufferPointer { mask in
      for index in target.indices { target[index] *= mask[index] }
    }
  }
}
