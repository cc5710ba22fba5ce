import NeuralNetwork

/// E(β) and E′(β) for removing one weight, the way a reader of the
/// method would compute them first.
public protocol CompensationObjective: Sendable {
  /// The network whose weights are removed.
  var network: Network { get }
  /// The unpruned forward pass on the data.
  var trace: ForwardTrace { get }
  /// Returns E(β) and E′(β) for removing the fraction `removal` of
  /// `weight` and shifting its row's bias by `shift`.
  func evaluate(_ weight: WeightIndex, removal: Double, shift: Double)
    -> (value: Double, derivative: Double)
}

/// The true objective evaluated naively: every evaluation copies the
/// network, edits the weight and the bias, runs the whole network from
/// the input and differentiates by a full backward pass.
///
/// It is the baseline the incremental evaluation is timed against, and a
/// second, independent computation of E and E′ for the tests. It
/// subtracts y_new − y directly, so small changes lose the relative
/// precision that `TrueObjective` keeps.
public struct FullReevaluationObjective: CompensationObjective {
  public let network: Network
  /// The data D, one sample per row.
  public let inputs: Matrix
  public let trace: ForwardTrace

  public init(network: Network, inputs: Matrix) {
    self.network = network
    self.inputs = inputs
    self.trace = network.forward(inputs)
  }

  public func evaluate(
    _ weight: WeightIndex, removal: Double = 1, shift: Double
  ) -> (value: Double, derivative: Double) {
    var pruned = network
    pruned.layers[weight.layer].weight[weight.row, weight.column] *=
      1 - removal
    pruned.layers[weight.layer].bias[weight.row] += shift
    let newTrace = pruned.forward(inputs)
    var cotangent = newTrace.output
    var value = 0.0
    let scale = 2 / Double(inputs.rows)
    for index in cotangent.values.indices {
      let difference = cotangent.values[index] - trace.output.values[index]
      value += difference * difference
      cotangent.values[index] = scale * difference
    }
    let gradients = pruned.backward(newTrace, outputCotangent: cotangent)
    return (
      value / Double(inputs.rows),
      gradients.biases[weight.layer][weight.row]
    )
  }
}
