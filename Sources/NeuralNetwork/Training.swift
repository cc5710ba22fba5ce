import SeededRandom

/// The settings of a minibatch training run.
public struct TrainingConfiguration: Sendable, Equatable {
  /// Passes over the training data; ≥ 1.
  public var epochs: Int
  /// Samples per minibatch; ≥ 1. The last batch of an epoch may be smaller.
  public var batchSize: Int
  /// The optimiser's step size η; > 0.
  public var learningRate: Double
  /// The optimiser.
  public var optimizer: OptimizerKind
  /// The loss minimised.
  public var loss: Loss
  /// Fixes the order in which samples are visited.
  public var seed: UInt64

  public init(
    epochs: Int, batchSize: Int, learningRate: Double,
    optimizer: OptimizerKind = .adamDefaults,
    loss: Loss = .softmaxCrossEntropy, seed: UInt64
  ) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.learningRate = learningRate
    self.optimizer = optimizer
    self.loss = loss
    self.seed = seed
  }
}

/// A snapshot handed to the progress callback after each minibatch.
public struct TrainingProgress: Sendable {
  /// The current epoch, from 1.
  public let epoch: Int
  /// Minibatches finished in this epoch.
  public let batch: Int
  /// Minibatches per epoch.
  public let batchCount: Int
  /// Mean training loss over the minibatches of this epoch so far.
  public let runningLoss: Double
  /// Training samples processed per second in this epoch so far.
  public let samplesPerSecond: Double
}

/// The outcome of one epoch.
public struct EpochSummary: Sendable {
  /// The epoch, from 1.
  public let epoch: Int
  /// Mean training loss over the epoch's minibatches, weighted by size.
  public let meanLoss: Double
  /// Wall-clock time of the epoch.
  public let seconds: Double
}

/// Minibatch training with seeded shuffling.
public enum Trainer {
  /// Trains `network` in place and returns one summary per epoch.
  ///
  /// Each epoch visits the samples in a fresh order drawn from the seeded
  /// generator, in minibatches of `batchSize`. Each minibatch takes one
  /// optimiser step on the gradient of its mean loss.
  ///
  /// - Parameters:
  ///   - features: one sample per row, `network.inputCount` columns.
  ///   - targets: one target per row of `features`.
  ///   - mask: weights to hold at 0 throughout (for fine-tuning a pruned
  ///     network); `nil` trains every weight.
  ///   - progress: called after every minibatch; it must not be slow.
  public static func train(
    _ network: inout Network, features: Matrix, targets: Targets,
    configuration: TrainingConfiguration, mask: WeightMask? = nil,
    progress: (TrainingProgress) -> Void = { _ in }
  ) -> [EpochSummary] {
    precondition(configuration.epochs >= 1, "epochs must be at least 1")
    precondition(configuration.batchSize >= 1, "batch size must be >= 1")
    precondition(features.rows == targets.count, "one target per sample")
    precondition(features.rows > 0, "no training samples")

    var generator = SeededGenerator(
      seed: configuration.seed, stream: .sampleOrder)
    var optimizer = Optimizer(
      configuration.optimizer, learningRate: configuration.learningRate,
      for: network)
    let sampleCount = features.rows
    let batchCount =
      (sampleCount + configuration.batchSize - 1) / configuration.batchSize
    var order = Array(0..<sampleCount)
    var trace = ForwardTrace()
    var gradients = Gradients(zerosFor: network, sampleCount: 0)
    var summaries: [EpochSummary] = []
    let clock = ContinuousClock()
    mask?.apply(to: &network)

    for epoch in 1...configuration.epochs {
      generator.shuffle(&order)
      let start = clock.now
      var lossSum = 0.0
      var seen = 0

      for batch in 0..<batchCount {
        // Gather the minibatch.
        let lower = batch * configuration.batchSize
        let upper = min(lower + configuration.batchSize, sampleCount)
        let indices = Array(order[lower..<upper])
        let input = features.rows(at: indices)
        let batchTargets = targets.rows(at: indices)

        // Forward, loss, backward, step.
        network.forward(input, into: &trace)
        let (mean, gradient) = configuration.loss.meanAndGradient(
          trace.output, targets: batchTargets)
        if gradients.preActivations.first?.rows != indices.count {
          gradients = Gradients(zerosFor: network, sampleCount: indices.count)
        }
        network.backward(trace, outputCotangent: gradient, into: &gradients)
        optimizer.step(&network, gradients: gradients, mask: mask)

        // Report.
        lossSum += mean * Double(indices.count)
        seen += indices.count
        let elapsed = seconds(clock.now - start)
        progress(
          TrainingProgress(
            epoch: epoch, batch: batch + 1, batchCount: batchCount,
            runningLoss: lossSum / Double(seen),
            samplesPerSecond: elapsed > 0 ? Double(seen) / elapsed : 0))
      }
      summaries.append(
        EpochSummary(
          epoch: epoch, meanLoss: lossSum / Double(seen),
          seconds: seconds(clock.now - start)))
    }
    return summaries
  }
}

/// Mean loss and, for classifiers, accuracy over a data set.
public struct Evaluation: Sendable, Equatable {
  /// The mean loss over all samples.
  public let meanLoss: Double
  /// The fraction of samples whose largest logit is the label, or `nil`
  /// for real-valued targets.
  public let accuracy: Double?
  /// The number of samples evaluated.
  public let sampleCount: Int
}

extension Network {
  /// Evaluates the mean loss and accuracy on `features`, `batchSize` samples
  /// at a time so memory stays bounded.
  public func evaluate(
    features: Matrix, targets: Targets, loss: Loss, batchSize: Int = 1000
  ) -> Evaluation {
    precondition(features.rows == targets.count, "one target per sample")
    precondition(features.rows > 0, "no samples to evaluate")
    var lossSum = 0.0
    var correct = 0
    var trace = ForwardTrace()
    for lower in stride(from: 0, to: features.rows, by: batchSize) {
      let indices = Array(lower..<min(lower + batchSize, features.rows))
      forward(features.rows(at: indices), into: &trace)
      let batchTargets = targets.rows(at: indices)
      lossSum += loss.perSample(trace.output, targets: batchTargets)
        .reduce(0, +)
      if case .classes(let labels) = batchTargets {
        let predicted = argmaxRows(trace.output)
        correct += zip(predicted, labels).filter { $0 == $1 }.count
      }
    }
    let count = Double(features.rows)
    var accuracy: Double? = nil
    if case .classes = targets { accuracy = Double(correct) / count }
    return Evaluation(
      meanLoss: lossSum / count, accuracy: accuracy,
      sampleCount: features.rows)
  }
}

/// Converts a `Duration` to seconds.
func seconds(_ duration: Duration) -> Double {
  let parts = duration.components
  return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
}
