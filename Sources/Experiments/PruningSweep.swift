import FileIO
import NeuralNetwork
import Pruning
import Verification

/// The settings of a pruning sweep.
public struct SweepSettings: Sendable, Equatable {
  /// The pruning ratios, each in [0, 1].
  public var ratios: [Double] = [
    0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98,
  ]
  /// The criteria compared.
  public var criteria: [Criterion] = Criterion.allCases
  /// The selection scopes.
  public var scopes: [SelectionScope] = SelectionScope.allCases
  /// Fine-tuning budgets in epochs; 0 evaluates the pruned network as is.
  public var fineTuneEpochs: [Int] = [0, 1]
  /// Adam's step size for fine-tuning.
  public var fineTuneLearningRate = 1e-3
  /// Samples per fine-tuning minibatch.
  public var batchSize = 128
  /// Training samples the criteria are computed on, drawn with `seed`.
  public var scoringSampleCount = 10_000
  /// The response the Taylor criteria measure (the nonlinear baseline
  /// always measures the output).
  public var response: Response = .output
  /// The samples and weights of the nonlinear baseline's ground truth.
  public var groundTruth = GroundTruthSettings()
  /// Fixes the scoring subset, the random criterion and fine-tuning order.
  public var seed: UInt64 = 0
  /// Also prune with the two Taylor criteria under every response, without
  /// fine-tuning, to show how the choice of response matters.
  public var comparesResponses = true

  public init() {}
}

/// One configuration of a sweep and its test figures.
public struct SweepRow: Sendable, Equatable {
  public let criterion: Criterion
  public let scope: SelectionScope
  public let ratio: Double
  public let fineTuneEpochs: Int
  /// The mean test loss, of the data's loss.
  public let testLoss: Double
  /// The test accuracy, or `nil` when the targets are values.
  public let testAccuracy: Double?
  /// The removed fraction of each layer's weights.
  public let removedFractions: [Double]
  /// Units with zero sensitivity at scoring, summed over layers, for the
  /// Taylor criteria.
  public let zeroSensitivityUnits: Int?
}

/// One Taylor criterion under one response, pruned without fine-tuning.
public struct ResponseRow: Sendable, Equatable {
  public let criterion: Criterion
  public let response: Response
  public let scope: SelectionScope
  public let ratio: Double
  /// The mean test loss, of the data's loss.
  public let testLoss: Double
  /// The test accuracy, or `nil` when the targets are values.
  public let testAccuracy: Double?
}

/// The rows of a sweep and the reference figures.
public struct SweepOutcome: Sendable {
  public let settings: SweepSettings
  /// The unpruned network's test figures, the reference line.
  public let unpruned: Evaluation
  public let rows: [SweepRow]
  /// The response comparison, empty unless `comparesResponses` is set.
  public let responseRows: [ResponseRow]
  /// The network that was pruned, for example `784-300-100-10 relu`.
  public let architecture: String
  /// The number of outputs: for a classifier the class count, which
  /// sets the chance level of its accuracies.
  public let outputCount: Int
  /// The loss the network was fine-tuned and evaluated with.
  public let loss: Loss
  /// Units with zero sensitivity per layer at the elimination-compensation
  /// scoring, or empty when that criterion was not run.
  public let zeroSensitivityUnits: [Int]
  /// The coverage of the nonlinear baseline's ground truth, or `nil` when
  /// that criterion did not run.
  public let nonlinearCoverage: NonlinearCoverage?
  public let dataset: DatasetDescription

  /// Whether the test figures include an accuracy: true for the class
  /// targets of cross-entropy, false for values, whose
  /// `Evaluation.accuracy` is `nil`.
  public var reportsAccuracy: Bool { loss.takesClasses }
}

/// Prunes one trained network with every criterion, ratio and scope.
public enum PruningSweep {
  /// Runs the sweep on `data`, with its loss.
  ///
  /// The criteria are computed on `settings.scoringSampleCount` training
  /// samples (at most all of them) drawn with `settings.seed` by
  /// `SupervisedData.randomTrainingIndices`. Each criterion scores the
  /// network once on that subset. Each (scope, ratio) pair then selects
  /// from those scores, so the one-shot results for all ratios share one
  /// scoring pass. Fine-tuning uses Adam on the whole training set with
  /// the mask held, in minibatches drawn with the seed. Every figure is
  /// `data.loss`, and for classes the accuracy, on the test set.
  ///
  /// - Parameter progress: receives a short line per finished step.
  /// - Throws: `InputError` when `settings.response` is `probabilities`
  ///   and the targets are values, which have no softmax to measure.
  public static func run(
    network: Network, data: SupervisedData, settings: SweepSettings,
    progress: @escaping @Sendable (String) -> Void = { _ in }
  ) throws -> SweepOutcome {
    let responses = comparedResponses(for: data.loss)
    guard responses.contains(settings.response) else {
      throw InputError(
        "the \(settings.response.rawValue) response needs class targets, "
          + "but the data has values for \(data.loss.rawValue); choose "
          + responses.map(\.rawValue).joined(separator: " or "))
    }
    let scoringIndices = try data.randomTrainingIndices(
      count: min(settings.scoringSampleCount, data.trainingCount),
      seed: settings.seed)
    let (scoringFeatures, scoringTargets) = data.trainingRows(
      at: scoringIndices)
    let scoringData = ScoringData(
      features: scoringFeatures, targets: scoringTargets, loss: data.loss)

    func evaluate(_ candidate: Network) -> Evaluation {
      data.evaluateOnTest(candidate)
    }
    func fineTune(_ candidate: Network, mask: WeightMask, epochs: Int)
      -> Network
    {
      var tuned = candidate
      let configuration = TrainingConfiguration(
        epochs: epochs, batchSize: settings.batchSize,
        learningRate: settings.fineTuneLearningRate, loss: data.loss,
        seed: settings.seed)
      _ = Trainer.train(
        &tuned, features: data.trainingFeatures,
        targets: data.trainingTargets, configuration: configuration,
        mask: mask)
      return tuned
    }

    var rows: [SweepRow] = []
    var methodZeroUnits: [Int] = []
    var nonlinearCoverage: NonlinearCoverage? = nil
    // Ratio 0 is the same network for every criterion and scope, so its
    // fine-tuned figures are computed once per budget.
    var unprunedTuned: [Int: Evaluation] = [:]
    for (index, criterion) in settings.criteria.enumerated() {
      var options = CriterionOptions()
      options.response = settings.response
      options.seed = settings.seed
      let step = "[\(index + 1)/\(settings.criteria.count)]"
      let reporter = GroundTruthProgress(prefix: step, report: progress)
      let (scores, coverage) = CriterionScorer.score(
        network, criterion: criterion, data: scoringData, options: options,
        groundTruth: settings.groundTruth, progress: reporter.update)
      if let coverage { nonlinearCoverage = coverage }
      progress("\(step) scored with " + criterion.rawValue)
      let zeroUnits = scores.zeroSensitivityUnits.map {
        $0.reduce(0) { $0 + $1.count }
      }
      if criterion == .eliminationCompensation {
        methodZeroUnits = scores.zeroSensitivityUnits?.map(\.count) ?? []
      }

      for scope in settings.scopes {
        for ratio in settings.ratios {
          let pruned = Pruner.prune(
            network, scores: scores, ratio: ratio, scope: scope)
          for epochs in settings.fineTuneEpochs {
            let evaluation: Evaluation
            if epochs == 0 {
              evaluation = evaluate(pruned.network)
            } else if ratio == 0, let cached = unprunedTuned[epochs] {
              evaluation = cached
            } else {
              evaluation = evaluate(
                fineTune(pruned.network, mask: pruned.mask, epochs: epochs))
              if ratio == 0 { unprunedTuned[epochs] = evaluation }
            }
            rows.append(
              SweepRow(
                criterion: criterion, scope: scope, ratio: ratio,
                fineTuneEpochs: epochs, testLoss: evaluation.meanLoss,
                testAccuracy: evaluation.accuracy,
                removedFractions: pruned.mask.removedFractions,
                zeroSensitivityUnits: zeroUnits))
          }
        }
        progress(
          "[\(index + 1)/\(settings.criteria.count)] \(criterion.rawValue), "
            + "\(scope.rawValue) scope: \(settings.ratios.count) ratios done")
      }
    }
    var responseRows: [ResponseRow] = []
    if settings.comparesResponses {
      for criterion in [Criterion.eliminationCompensation, .elimination]
      where settings.criteria.contains(criterion) {
        for response in responses {
          var options = CriterionOptions()
          options.response = response
          let scores = Scoring.score(
            network, criterion: criterion, data: scoringData,
            options: options)
          for scope in settings.scopes {
            for ratio in settings.ratios {
              let pruned = Pruner.prune(
                network, scores: scores, ratio: ratio, scope: scope)
              let evaluation = evaluate(pruned.network)
              responseRows.append(
                ResponseRow(
                  criterion: criterion, response: response, scope: scope,
                  ratio: ratio, testLoss: evaluation.meanLoss,
                  testAccuracy: evaluation.accuracy))
            }
          }
          progress(
            "response comparison: \(criterion.rawValue) with the "
              + "\(response.rawValue) response done")
        }
      }
    }
    return SweepOutcome(
      settings: settings, unpruned: evaluate(network), rows: rows,
      responseRows: responseRows, architecture: network.architecture,
      outputCount: network.outputCount, loss: data.loss,
      zeroSensitivityUnits: methodZeroUnits,
      nonlinearCoverage: nonlinearCoverage, dataset: data.description)
  }

  /// Returns the responses that make sense for `loss`, in the order the
  /// response comparison lists them: all three for cross-entropy, and the
  /// output and the loss for regression, whose outputs are not logits.
  public static func comparedResponses(for loss: Loss) -> [Response] {
    switch loss {
    case .softmaxCrossEntropy: return Response.allCases
    case .meanSquaredError: return [.output, .loss]
    }
  }
}
