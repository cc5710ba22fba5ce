import Datasets
import Experiments
import FileIO
import NeuralNetwork
import Pruning
import Testing

/// The pruning sweep on regression data: every configuration is run, with
/// the mean squared error and no accuracy.
@Suite struct RegressionSweepTests {
  @Test func everyConfigurationHasOneRow() throws {
    let outcome = try RegressionFixture.outcome.get()
    let settings = RegressionFixture.settings
    #expect(settings.criteria == Criterion.allCases)
    #expect(
      outcome.rows.count
        == settings.criteria.count * settings.scopes.count
        * settings.ratios.count * settings.fineTuneEpochs.count)
    for criterion in settings.criteria {
      for scope in settings.scopes {
        for ratio in settings.ratios {
          for epochs in settings.fineTuneEpochs {
            let matches = outcome.rows.filter {
              $0.criterion == criterion && $0.scope == scope
                && $0.ratio == ratio && $0.fineTuneEpochs == epochs
            }
            #expect(
              matches.count == 1,
              "\(criterion.rawValue) \(scope.rawValue) \(ratio) \(epochs)")
          }
        }
      }
    }
  }

  @Test func lossesAreFiniteAndThereIsNoAccuracy() throws {
    let outcome = try RegressionFixture.outcome.get()
    #expect(outcome.loss == .meanSquaredError)
    #expect(!outcome.reportsAccuracy)
    #expect(outcome.unpruned.meanLoss.isFinite)
    for row in outcome.rows {
      #expect(row.testLoss.isFinite)
      #expect(row.testLoss >= 0)
      #expect(row.testAccuracy == nil)
    }
    #expect(!outcome.responseRows.isEmpty)
    for row in outcome.responseRows {
      #expect(row.testLoss.isFinite)
      #expect(row.testAccuracy == nil)
    }
    // A regression output has no softmax, so that response is left out.
    #expect(Set(outcome.responseRows.map(\.response)) == [.output, .loss])
  }

  @Test func nonlinearBaselineSolvedItsGroundTruth() throws {
    let outcome = try RegressionFixture.outcome.get()
    let coverage = try #require(outcome.nonlinearCoverage)
    #expect(coverage.sampleCount == 32)
    #expect(coverage.totalWeights == RegressionFixture.network.weightCount)
    #expect(coverage.solvedWeights == coverage.totalWeights)
  }

  /// Ratio 0 removes nothing and adds no compensation, so the network and
  /// its loss are the unpruned ones to the last bit.
  @Test func ratioZeroGivesTheUnprunedLoss() throws {
    let outcome = try RegressionFixture.outcome.get()
    let unpruned = RegressionFixture.data.evaluateOnTest(
      RegressionFixture.network)
    #expect(outcome.unpruned == unpruned)
    let rows = outcome.rows.filter { $0.ratio == 0 && $0.fineTuneEpochs == 0 }
    #expect(rows.count == Criterion.allCases.count * 2)
    for row in rows {
      #expect(row.testLoss == unpruned.meanLoss, "\(row.criterion.rawValue)")
    }
  }

  /// Pruning 80 % of a fitted network without fine-tuning must cost
  /// something, or the sweep measured nothing.
  @Test func pruningChangesTheLoss() throws {
    let outcome = try RegressionFixture.outcome.get()
    let pruned = outcome.rows.filter {
      $0.ratio == 0.8 && $0.fineTuneEpochs == 0
    }
    #expect(pruned.contains { $0.testLoss != outcome.unpruned.meanLoss })
  }

  @Test func probabilitiesResponseIsRejected() {
    var settings = RegressionFixture.settings
    settings.response = .probabilities
    settings.criteria = [.magnitude]
    #expect(throws: InputError.self) {
      _ = try PruningSweep.run(
        network: RegressionFixture.network, data: RegressionFixture.data,
        settings: settings)
    }
  }

  /// The sweep's scoring subset of image data is the one the image set's
  /// own draw picks, which keeps the committed Fashion-MNIST report's
  /// numbers.
  @Test(arguments: [0, 3, 123] as [UInt64])
  func scoringSubsetMatchesTheImageSetsDraw(seed: UInt64) throws {
    let images = ClassificationDataset(
      features: (0..<(40 * 3)).map(Double.init),
      labels: (0..<40).map { $0 % 4 }, featureCount: 3, classCount: 4)
    let data = SupervisedData(
      training: images, test: images.prefix(5),
      description: DatasetDescription(
        name: "tiny", source: "memory", trainingSampleCount: 40,
        testSampleCount: 5))
    let expected = try images.randomIndices(count: 17, seed: seed)
    #expect(try data.randomTrainingIndices(count: 17, seed: seed) == expected)
    let (features, targets) = data.trainingRows(at: expected)
    let subset = try images.randomSubset(count: 17, seed: seed)
    #expect(features.values == subset.features)
    #expect(targets == .classes(subset.labels))
  }
}
