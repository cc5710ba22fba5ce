/// A seeded pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// Every random choice in the project goes through this type so that the
/// same seed gives the same bytes on every platform and toolchain. The
/// helpers below (`uniform`, `normal`, `shuffle`, `sample`) are written out
/// here instead of using the standard library's, whose algorithms are not
/// promised to stay the same between Swift versions.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: (UInt64, UInt64, UInt64, UInt64)

  /// Creates a generator whose whole sequence is fixed by `seed`.
  public init(seed: UInt64) {
    // SplitMix64 spreads the seed over the 256-bit state so that nearby
    // seeds give unrelated streams and the state is never all zero.
    var mixer = seed
    func splitMix() -> UInt64 {
      mixer &+= 0x9E37_79B9_7F4A_7C15
      var z = mixer
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (splitMix(), splitMix(), splitMix(), splitMix())
  }

  /// The purpose of a random stream. Each purpose draws from its own
  /// stream, so one seed can serve a whole run without its uses being
  /// correlated. The random pruning scores of a seed must not be the very
  /// numbers that initialised the weights of that seed.
  public enum Stream: UInt64, Sendable {
    case weightInitialisation = 1
    case sampleOrder = 2
    case subset = 3
    case randomScores = 4
    /// The entries a derivative check compares with finite differences.
    case derivativeCheck = 5
    /// The weights the nonlinear baseline solves when not all of them.
    case groundTruthWeights = 6
    /// The weights that `ecprune verify` examines one at a time: the
    /// Taylor tests' random picks and the ground-truth solver's
    /// self-check.
    case verificationWeights = 7
    /// The weights and units a benchmark times.
    case benchmarkSample = 8
    /// The constant initial values of diffusion–sorption trajectories.
    case diffusionSorptionInitialValues = 9
    /// The (trajectory, time, cell) points of a regression training set.
    case trainingPoints = 10
    /// The (trajectory, time, cell) points of a regression test set.
    case testPoints = 11
    /// The Gaussian noise added to regression training targets.
    case targetNoise = 12
    /// The samples a regression data set's random subset keeps.
    case regressionSubset = 13
    /// The weights whose error curves the analyses measure, and their
    /// split into fitting and held-out halves.
    case analysisWeights = 14
    /// The noise the analyses add to training pixels.
    case analysisNoise = 15
  }

  /// Creates the generator of `stream` for `seed`.
  ///
  /// The stream number is mixed into the seed through one SplitMix64 step,
  /// so different streams of one seed, and one stream of different seeds,
  /// start from unrelated states.
  public init(seed: UInt64, stream: Stream) {
    var mixed = seed ^ (stream.rawValue &* 0xD1B5_4A32_D192_ED03)
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    self.init(seed: mixed ^ (mixed >> 31))
  }

  /// Returns the next 64 random bits (xoshiro256**).
  public mutating func next() -> UInt64 {
    let result = rotateLeft(state.1 &* 5, 7) &* 9
    let shifted = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= shifted
    state.3 = rotateLeft(state.3, 45)
    return result
  }

  /// Returns a uniform double in [0, 1) with 53 random bits.
  public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// Returns a uniform double in [`lower`, `upper`).
  public mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
    lower + (upper - lower) * uniform()
  }

  /// Returns a uniform integer in 0..<`bound` without modulo bias.
  ///
  /// - Precondition: `bound > 0`.
  public mutating func integer(below bound: Int) -> Int {
    precondition(bound > 0, "bound must be positive")
    // Lemire's multiply-and-reject method.
    let range = UInt64(bound)
    var product = next().multipliedFullWidth(by: range)
    if product.low < range {
      let threshold = (0 &- range) % range
      while product.low < threshold {
        product = next().multipliedFullWidth(by: range)
      }
    }
    return Int(product.high)
  }

  /// Returns a standard normal sample (Box–Muller, one value per call).
  public mutating func normal() -> Double {
    // 1 - uniform() lies in (0, 1], so the logarithm is finite.
    let radius = (-2 * log(1 - uniform())).squareRoot()
    let angle = 2 * Double.pi * uniform()
    return radius * cos(angle)
  }

  /// Shuffles `elements` in place (Fisher–Yates).
  public mutating func shuffle<T>(_ elements: inout [T]) {
    guard elements.count > 1 else { return }
    for index in stride(from: elements.count - 1, to: 0, by: -1) {
      let other = integer(below: index + 1)
      elements.swapAt(index, other)
    }
  }

  /// Returns `count` distinct indices from 0..<`population`, in increasing
  /// order.
  ///
  /// - Precondition: `0 <= count <= population`.
  public mutating func sample(_ count: Int, from population: Int) -> [Int] {
    precondition(count >= 0 && count <= population, "sample size out of range")
    var indices = Array(0..<population)
    // A partial Fisher–Yates pass picks the first `count` positions.
    for index in 0..<count {
      let other = index + integer(below: population - index)
      indices.swapAt(index, other)
    }
    return indices[0..<count].sorted()
  }

  private func rotateLeft(_ value: UInt64, _ amount: UInt64) -> UInt64 {
    (value << amount) | (value >> (64 - amount))
  }
}

#if canImport(Glibc)
  import Glibc
#endif
