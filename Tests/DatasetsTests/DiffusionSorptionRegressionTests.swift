import Datasets
import FileIO
import Testing

/// The (x, t, u₀) ↦ u regression sets and the noise on their targets.
@Suite struct DiffusionSorptionRegressionTests {
  static let settings = DiffusionSorptionSettings(cellCount: 32, timeCount: 11)
  static let sampling = DiffusionSorptionRegression.Sampling(
    trajectoryCount: 5, trainingTrajectoryCount: 3, trainingPointCount: 400,
    testPointCount: 200)

  static func makeSplit(seed: UInt64 = 21) throws -> RegressionSplit {
    try DiffusionSorptionRegression.generate(
      settings: settings, sampling: sampling, seed: seed, cacheFolder: nil)
  }

  @Test func splitSeparatesTrajectories() throws {
    let split = try Self.makeSplit()
    let initialValues = DiffusionSorptionTrajectories.initialValues(
      count: 5, seed: 21)
    let trainingValues = Set(
      split.training.indices.map { split.training.features(ofSample: $0).last! }
    )
    let testValues = Set(
      split.test.indices.map { split.test.features(ofSample: $0).last! })
    #expect(trainingValues.isSubset(of: Set(initialValues.prefix(3))))
    #expect(testValues.isSubset(of: Set(initialValues.suffix(2))))
    #expect(trainingValues.isDisjoint(with: testValues))
    #expect(split.training.count == 400)
    #expect(split.test.count == 200)
    #expect(split.training.featureCount == 3)
    #expect(split.training.targetCount == 1)
  }

  @Test func samplesMatchSolution() throws {
    let trajectories = try DiffusionSorptionTrajectories.solve(
      settings: Self.settings, trajectoryCount: 5, seed: 21)
    let split = try DiffusionSorptionRegression.split(
      trajectories, trainingTrajectoryCount: 3, trainingPointCount: 400,
      testPointCount: 200, seed: 21)
    let centres = Self.settings.cellCentres
    let times = Self.settings.times
    for dataset in [split.training, split.test] {
      var points: Set<[Double]> = []
      for sample in dataset.indices {
        let features = Array(dataset.features(ofSample: sample))
        points.insert(features)
        let cell = try #require(centres.firstIndex(of: features[0]))
        let timeIndex = try #require(times.firstIndex(of: features[1]))
        let trajectory = try #require(
          trajectories.initialValues.firstIndex(of: features[2]))
        #expect(
          dataset.targets[sample]
            == trajectories.value(
              trajectory: trajectory, timeIndex: timeIndex, cell: cell))
      }
      // Points are drawn without replacement.
      #expect(points.count == dataset.count)
    }
  }

  @Test func sameSeedGivesSameSplit() throws {
    #expect(try Self.makeSplit() == Self.makeSplit())
    #expect(try Self.makeSplit(seed: 22) != Self.makeSplit())
  }

  @Test func testSetIgnoresTrainingSize() throws {
    let trajectories = try DiffusionSorptionTrajectories.solve(
      settings: Self.settings, trajectoryCount: 5, seed: 21)
    let small = try DiffusionSorptionRegression.split(
      trajectories, trainingTrajectoryCount: 3, trainingPointCount: 50,
      testPointCount: 200, seed: 21)
    let large = try DiffusionSorptionRegression.split(
      trajectories, trainingTrajectoryCount: 3, trainingPointCount: 500,
      testPointCount: 200, seed: 21)
    #expect(small.test == large.test)
  }

  @Test func invalidSamplingIsRejected() throws {
    let trajectories = try DiffusionSorptionTrajectories.solve(
      settings: Self.settings, trajectoryCount: 3, seed: 1)
    for trainingTrajectories in [0, 3] {
      expectInputError(path: nil, containing: "training trajectory count") {
        _ = try DiffusionSorptionRegression.split(
          trajectories, trainingTrajectoryCount: trainingTrajectories,
          trainingPointCount: 10, testPointCount: 10, seed: 1)
      }
    }
    // One test trajectory has 11 × 32 = 352 grid points.
    expectInputError(path: nil, containing: "use 0 to 352") {
      _ = try DiffusionSorptionRegression.split(
        trajectories, trainingTrajectoryCount: 2, trainingPointCount: 10,
        testPointCount: 353, seed: 1)
    }
  }

  @Test func noiseGoesToTrainingTargetsOnly() throws {
    let split = try Self.makeSplit()
    let noisy = try split.addingTrainingNoise(level: 0.05, seed: 3)
    #expect(noisy.test == split.test)
    #expect(noisy.training.features == split.training.features)
    #expect(noisy.training.targets != split.training.targets)
    #expect(try split.addingTrainingNoise(level: 0, seed: 3) == split)
    #expect(try split.addingTrainingNoise(level: 0.05, seed: 3) == noisy)
  }

  @Test func noiseHasRequestedSpread() throws {
    // 20,000 targets 0, 1, 2, ... so their standard deviation is known.
    let count = 20_000
    let dataset = RegressionDataset(
      features: Array(repeating: 0, count: count), featureCount: 1,
      targets: (0..<count).map(Double.init), targetCount: 1)
    let sigma = TargetNoise.standardDeviation(dataset.targets)
    // √((n² − 1)/12) for 0 ..< n.
    let exact = ((Double(count) * Double(count) - 1) / 12).squareRoot()
    #expect(abs(sigma - exact) <= 1e-9 * exact)

    let noisy = try TargetNoise.adding(level: 0.1, to: dataset, seed: 8)
    let noise = zip(noisy.targets, dataset.targets).map { $0 - $1 }
    let spread = TargetNoise.standardDeviation(noise)
    let mean = noise.reduce(0, +) / Double(count)
    // The sample standard deviation of n normal draws has a relative
    // standard error of 1/√(2n) = 0.5 %, so 3 % is six of them. The
    // mean's standard error is 0.1σ/√n = 0.0007σ, so 0.005σ is seven.
    #expect(abs(spread / (0.1 * sigma) - 1) <= 0.03, "spread \(spread)")
    #expect(abs(mean) <= 0.005 * sigma, "mean \(mean)")
  }

  @Test func defaultNoiseLevels() {
    #expect(TargetNoise.defaultLevels == [0, 0.01, 0.05, 0.10])
  }

  @Test(arguments: [-0.1, Double.nan, Double.infinity])
  func invalidNoiseLevelIsRejected(level: Double) throws {
    let split = try Self.makeSplit()
    expectInputError(path: nil, containing: "noise level") {
      _ = try split.addingTrainingNoise(level: level, seed: 1)
    }
  }
}
