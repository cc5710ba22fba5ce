import NeuralNetwork
import Pruning

/// A request to a scorer: a network, its samples and the response.
public struct ScoringRequest: Sendable {
  /// The network to score.
  public var network: Network
  /// The samples, one per row.
  public var inputs: Matrix
  /// One class per sample, for the loss response (softmax cross-entropy).
  public var labels: [Int]
  /// The response whose change is measured.
  public var response: Response
  /// Samples per minibatch; a correct scorer's results do not depend on
  /// it beyond rounding.
  public var batchSize: Int

  public init(
    network: Network, inputs: Matrix, labels: [Int], response: Response,
    batchSize: Int
  ) {
    self.network = network
    self.inputs = inputs
    self.labels = labels
    self.response = response
    self.batchSize = batchSize
  }
}

/// A scorer's result: β* and I of every weight, and the units it
/// found to have zero sensitivity.
public struct ScorerOutput: Sendable, Equatable {
  /// β* per layer, shaped like the weights.
  public var compensation: [Matrix]
  /// I per layer, shaped like the weights.
  public var importance: [Matrix]
  /// The units with Σ s = 0, per layer.
  public var zeroSensitivityUnits: [[Int]]

  public init(
    compensation: [Matrix], importance: [Matrix],
    zeroSensitivityUnits: [[Int]]
  ) {
    self.compensation = compensation
    self.importance = importance
    self.zeroSensitivityUnits = zeroSensitivityUnits
  }
}

/// An implementation of the closed form under test.
///
/// The properties of `ClosedFormProperty` take a scorer, so another
/// implementation, or a deliberately wrong one, is checked by the same
/// suite as this package's.
public struct Scorer: Sendable {
  /// A name for messages.
  public let name: String
  /// Scores every weight of the request's network.
  public let score: @Sendable (ScoringRequest) -> ScorerOutput

  public init(
    name: String, score: @escaping @Sendable (ScoringRequest) -> ScorerOutput
  ) {
    self.name = name
    self.score = score
  }

  /// This package's closed form, `EliminationCompensation.scores`.
  public static let closedForm = Scorer(name: "closed form") { request in
    let scores = EliminationCompensation.scores(
      of: request.network, on: request.scoringData,
      response: request.response)
    return ScorerOutput(
      compensation: scores.compensation, importance: scores.importance,
      zeroSensitivityUnits: scores.zeroSensitivityUnits)
  }
}

extension ScoringRequest {
  /// The request as `Pruning`'s scoring data, with the labels as classes.
  public var scoringData: ScoringData {
    ScoringData(
      features: inputs, targets: .classes(labels), batchSize: batchSize)
  }
}
