import NeuralNetwork
import Pruning

#if canImport(Glibc)
  import Glibc
#endif

/// A forward pass in plain loops, independent of the engine's BLAS path,
/// and the responses computed from its output.
///
/// The oracles use it so that a fault in the engine's forward or
/// backward pass cannot hide in both the scorer and its check.
public enum ReferenceForward {
  /// Returns the pre-activations z of every layer, one `[sample][unit]` array
  /// per layer, and the output.
  public static func run(_ network: Network, on inputs: Matrix)
    -> (preActivations: [[[Double]]], output: [[Double]])
  {
    var activations = (0..<inputs.rows).map { inputs.row($0) }
    var preActivations: [[[Double]]] = []
    for layer in network.layers {
      var z: [[Double]] = []
      for sample in activations {
        var row = layer.bias
        for i in 0..<layer.unitCount {
          var sum = 0.0
          for j in 0..<layer.inputCount {
            sum += layer.weight[i, j] * sample[j]
          }
          row[i] += sum
        }
        z.append(row)
      }
      preActivations.append(z)
      activations = z.map { $0.map(layer.activation.value) }
    }
    return (preActivations, activations)
  }

  /// Returns the response of each sample, computed from the network output:
  /// y itself, softmax(y), or the softmax cross-entropy −log softmax(y)ₜ.
  public static func response(
    _ response: Response, output: [[Double]], labels: [Int]
  ) -> [[Double]] {
    switch response {
    case .output:
      return output
    case .probabilities:
      return output.map { row in
        let largest = row.max() ?? 0
        let exponentials = row.map { exp($0 - largest) }
        let total = exponentials.reduce(0, +)
        return exponentials.map { $0 / total }
      }
    case .loss:
      return zip(output, labels).map { row, label in
        let largest = row.max() ?? 0
        let total = row.reduce(0) { $0 + exp($1 - largest) }
        return [largest + log(total) - row[label]]
      }
    }
  }
}

extension ReferenceForward {
  /// Returns the input activations a of every layer, `[layer][sample][input]`:
  /// the samples for layer 0, σ(z) of the layer below otherwise.
  public static func layerInputs(_ network: Network, on inputs: Matrix)
    -> [[[Double]]]
  {
    let pass = run(network, on: inputs)
    var result = [(0..<inputs.rows).map { inputs.row($0) }]
    for (index, layer) in network.layers.enumerated().dropLast() {
      result.append(
        pass.preActivations[index].map { $0.map(layer.activation.value) })
    }
    return result
  }
}
