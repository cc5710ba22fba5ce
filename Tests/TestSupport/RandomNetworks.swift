import NeuralNetwork
import SeededRandom

/// Seeded fixtures shared by the test targets.
public enum Fixtures {
  /// Returns a network with the given widths whose weights and biases are
  /// uniform on [-scale, scale], so pre-activations are spread around 0.
  public static func randomNetwork(
    sizes: [Int], hidden: Activation, output: Activation = .identity,
    scale: Double = 1, seed: UInt64
  ) -> Network {
    var generator = SeededGenerator(seed: seed)
    var layers: [DenseLayer] = []
    for index in 0..<(sizes.count - 1) {
      let isLast = index == sizes.count - 2
      let weights = (0..<(sizes[index] * sizes[index + 1])).map { _ in
        generator.uniform(-scale, scale)
      }
      let biases = (0..<sizes[index + 1]).map { _ in
        generator.uniform(-scale, scale)
      }
      layers.append(
        DenseLayer(
          weight: Matrix(
            rows: sizes[index + 1], columns: sizes[index], values: weights),
          bias: biases, activation: isLast ? output : hidden))
    }
    return Network(layers: layers)
  }

  /// Returns a matrix with entries uniform on [-scale, scale].
  public static func randomMatrix(
    rows: Int, columns: Int, scale: Double = 1, seed: UInt64
  ) -> Matrix {
    var generator = SeededGenerator(seed: seed)
    return Matrix(
      rows: rows, columns: columns,
      values: (0..<(rows * columns)).map { _ in
        generator.uniform(-scale, scale)
      })
  }
}
