import FileIO
import SeededRandom

/// Gaussian noise on regression targets, scaled to the targets' spread.
public enum TargetNoise {
  /// The noise levels the experiments compare: none, 1 %, 5 % and 10 % of
  /// the training targets' standard deviation.
  public static let defaultLevels: [Double] = [0, 0.01, 0.05, 0.10]

  /// Returns the population standard deviation of `values`,
  /// √(Σ (vᵢ − v̄)² / n), or 0 when `values` is empty.
  public static func standardDeviation(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let count = Double(values.count)
    let mean = values.reduce(0, +) / count
    let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (squares / count).squareRoot()
  }

  /// Returns `dataset` with independent Gaussian noise added to every
  /// target: yᵢ + level · σ · zᵢ, where σ is the standard deviation of
  /// all of `dataset`'s targets and zᵢ are standard normal draws from the
  /// `targetNoise` stream of `seed`.
  ///
  /// Level 0 returns `dataset` unchanged and draws nothing. The features
  /// are never changed.
  ///
  /// - Parameter level: the noise standard deviation as a fraction of σ,
  ///   finite and at least 0.
  /// - Throws: `InputError` when `level` is negative or not finite.
  public static func adding(
    level: Double, to dataset: RegressionDataset, seed: UInt64
  ) throws -> RegressionDataset {
    guard level.isFinite, level >= 0 else {
      throw InputError(
        "noise level \(level) is invalid; use a fraction of the targets' "
          + "standard deviation of at least 0, such as 0.05")
    }
    guard level > 0 else { return dataset }
    let scale = level * standardDeviation(dataset.targets)
    var generator = SeededGenerator(seed: seed, stream: .targetNoise)
    let noisy = dataset.targets.map { $0 + scale * generator.normal() }
    return dataset.replacingTargets(noisy)
  }
}
