import Datasets
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
  public let testLoss: Double
  public let testAccuracy: Double
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
  public let testLoss: Double
  public let testAccuracy: Double
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
  /// The number of classes, for judging accuracies against chance.
  public let classCount: Int
  /// Units with zero sensitivity per layer at the elimination-compensation
  /// scoring, or empty when that criterion was not run.
  public let zeroSensitivityUnits: [Int]
  /// The coverage of the nonlinear baseline's ground truth, or `nil` when
  /// that criterion did not run.
  public let nonlinearCoverage: NonlinearCoverage?
  public let dataset: DatasetDescription
}

/// Prunes one trained network with every criterion, ratio and scope.
public enum PruningSweep {
  /// Runs the sweep.
  ///
  /// Each criterion scores the network once on the scoring subset. Each
  /// (scope, ratio) pair then selects from those scores, so the one-shot
  /// results for all ratios share one scoring pass. Fine-tuning uses Adam
  /// with the mask held, in minibatches drawn with the seed.
  ///
  /// - Parameter progress: receives a short line per finished step.
  public static func run(
    network: Network, training: ClassificationDataset,
    test: ClassificationDataset, dataset: DatasetDescription,
    settings: SweepSettings,
    progress: @escaping @Sendable (String) -> Void = { _ in }
  ) throws -> SweepOutcome {
    let trainingFeatures = TrainingExperiment.matrix(of: training)
    let trainingTargets = Targets.classes(training.labels)
    let testFeatures = TrainingExperiment.matrix(of: test)
    let testTargets = Targets.classes(test.labels)
    let scoringSet = try training.randomSubset(
      count: min(settings.scoringSampleCount, training.count),
      seed: settings.seed)
    let scoringData = ScoringData(
      features: TrainingExperiment.matrix(of: scoringSet),
      targets: .classes(scoringSet.labels))

    func evaluate(_ candidate: Network) -> Evaluation {
      candidate.evaluate(
        features: testFeatures, targets: testTargets,
        loss: .softmaxCrossEntropy)
    }
    func fineTune(_ candidate: Network, mask: WeightMask, epochs: Int)
      -> Network
    {
      var tuned = candidate
      let configuration = TrainingConfiguration(
        epochs: epochs, batchSize: settings.batchSize,
        learningRate: settings.fineTuneLearningRate, seed: settings.seed)
      _ = Trainer.train(
        &tuned, features: trainingFeatures, targets: trainingTargets,
        configuration: configuration, mask: mask)
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
                testAccuracy: evaluation.accuracy ?? .nan,
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
        for response in Response.allCases {
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
                  testAccuracy: evaluation.accuracy ?? .nan))
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
      classCount: network.outputCount, zeroSensitivityUnits: methodZeroUnits,
      nonlinearCoverage: nonlinearCoverage, dataset: dataset)
  }
}
