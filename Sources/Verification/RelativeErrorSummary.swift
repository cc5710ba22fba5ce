/// The distribution of the relative errors of approximations against
/// their ground truth, such as the closed-form β* of every weight of a
/// layer against β_true.
///
/// For an approximation a and its true value t the relative error is
///
///     |a − t| / max(|t|, floor),   floor = floorFactor · median |t|,
///
/// with the median over the compared pairs. The floor keeps a true value
/// of exactly 0 from dividing by 0, and it is so small (1e-12 of a
/// typical value by default) that it changes no error of a true value of
/// ordinary size. Pairs where both values are exactly 0 are not errors
/// at all, because a weight whose input is 0 on every sample has
/// β* = β_true = 0 and I = E = 0. They are counted in `bothZero` and
/// left out of the distribution. Pairs with a NaN on either side (a
/// weight the ground truth did not solve) are counted in `skipped`.
/// When the floor is 0, a nonzero approximation of a true 0 has error
/// +∞.
public struct RelativeErrorSummary: Sendable, Equatable {
  /// The relative errors of the compared pairs, ascending.
  public let sortedErrors: [Double]
  /// The pairs where both values are exactly 0.
  public let bothZero: Int
  /// The compared pairs whose true value is exactly 0 while the
  /// approximation is not; their errors are measured against the floor.
  public let zeroTruth: Int
  /// The pairs with a NaN on either side.
  public let skipped: Int
  /// The denominator's lower bound, floorFactor · median |t|.
  public let floor: Double

  /// The floor's default fraction of the median |t|.
  public static let defaultFloorFactor = 1e-12

  /// Summarises the errors of `approximations` against `truths`, paired
  /// by position.
  ///
  /// - Parameter floorFactor: the floor as a fraction of the median |t|,
  ///   `defaultFloorFactor` (1e-12) by default; at least 0.
  /// - Precondition: the arrays have the same count.
  public init(
    approximations: [Double], truths: [Double],
    floorFactor: Double = defaultFloorFactor
  ) {
    precondition(
      approximations.count == truths.count,
      "\(approximations.count) approximations for \(truths.count) truths")
    precondition(floorFactor >= 0, "floorFactor must not be negative")

    // Sort the pairs into skipped, both zero and compared.
    var compared: [(approximation: Double, truth: Double)] = []
    var bothZero = 0
    var skipped = 0
    for (approximation, truth) in zip(approximations, truths) {
      if approximation.isNaN || truth.isNaN {
        skipped += 1
      } else if approximation == 0 && truth == 0 {
        bothZero += 1
      } else {
        compared.append((approximation, truth))
      }
    }

    // The floor from the typical size of the true values.
    let floor = floorFactor * Self.median(compared.map { abs($0.truth) })
    let safeFloor = floor.isNaN ? 0 : floor
    let errors = compared.map { pair -> Double in
      let difference = abs(pair.approximation - pair.truth)
      let scale = max(abs(pair.truth), safeFloor)
      return scale > 0 ? difference / scale : .infinity
    }
    self.sortedErrors = errors.sorted()
    self.bothZero = bothZero
    self.zeroTruth = compared.filter { $0.truth == 0 }.count
    self.skipped = skipped
    self.floor = safeFloor
  }

  /// The number of compared pairs.
  public var count: Int { sortedErrors.count }

  /// The median relative error, NaN when no pair was compared.
  public var median: Double { Self.median(sortedErrors, isSorted: true) }

  /// The largest relative error, NaN when no pair was compared.
  public var maximum: Double { sortedErrors.last ?? .nan }

  /// Returns the number of compared pairs whose relative error is at most
  /// `tolerance`.
  public func count(within tolerance: Double) -> Int {
    // The first position whose error exceeds the tolerance, by bisection.
    var lower = 0
    var upper = sortedErrors.count
    while lower < upper {
      let middle = (lower + upper) / 2
      if sortedErrors[middle] <= tolerance {
        lower = middle + 1
      } else {
        upper = middle
      }
    }
    return lower
  }

  /// Returns the error at quantile `fraction` of the compared pairs: the
  /// smallest error e such that at least that fraction of errors is ≤ e.
  /// NaN when no pair was compared.
  ///
  /// - Precondition: `0 <= fraction <= 1`.
  public func quantile(_ fraction: Double) -> Double {
    precondition(fraction >= 0 && fraction <= 1, "fraction must be in [0, 1]")
    guard !sortedErrors.isEmpty else { return .nan }
    let rank = (fraction * Double(sortedErrors.count)).rounded(.up)
    let position = max(0, min(sortedErrors.count - 1, Int(rank) - 1))
    return sortedErrors[position]
  }

  /// Returns the median of `values`: the middle value, or the mean of the
  /// two middle values for an even count. NaN for an empty array; a NaN
  /// entry sorts last.
  public static func median(_ values: [Double], isSorted: Bool = false)
    -> Double
  {
    guard !values.isEmpty else { return .nan }
    let sorted =
      isSorted
      ? values
      : values.sorted { left, right in
        // NaN compares false with everything, so order it explicitly.
        if left.isNaN != right.isNaN { return right.isNaN }
        return left < right
      }
    let middle = sorted.count / 2
    if sorted.count % 2 == 1 { return sorted[middle] }
    return 0.5 * (sorted[middle - 1] + sorted[middle])
  }
}
