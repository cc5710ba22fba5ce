import NeuralNetwork

extension Loss {
  /// The loss as report sentences name it: `cross-entropy` or `mean
  /// squared error`.
  var reportName: String {
    switch self {
    case .softmaxCrossEntropy: return "cross-entropy"
    case .meanSquaredError: return "mean squared error"
    }
  }

  /// Whether the loss takes class targets, whose test figures include an
  /// accuracy (`Evaluation.accuracy` is `nil` for values).
  var takesClasses: Bool { self == .softmaxCrossEntropy }
}
