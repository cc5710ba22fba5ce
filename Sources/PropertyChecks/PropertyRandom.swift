/// A seeded SplitMix64 generator: the one source of randomness of a check.
///
/// SplitMix64 (Steele, Lea and Flood, 2014) adds the constant
/// `0x9E3779B97F4A7C15` to its state and mixes the sum with two
/// multiply–xorshift rounds. The same seed gives the same sequence on
/// every platform, which is what replay relies on.
public struct PropertyRandom: Sendable, RandomNumberGenerator {
  /// The state; the next output mixes `state + 0x9E3779B97F4A7C15`.
  public private(set) var state: UInt64

  /// Creates a generator whose sequence is fixed by `seed`.
  public init(seed: UInt64) {
    state = seed
  }

  /// Returns the next 64 uniformly distributed bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }

  /// Draws a uniform double in [0, 1) from the top 53 bits of `next()`.
  public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// Draws a uniform integer in `range` without modulo bias.
  ///
  /// Draws whose value lies below `2^64 mod span` are rejected, so the
  /// accepted draws cover a whole multiple of the span. Any range works,
  /// including `Int.min...Int.max`.
  public mutating func integer(in range: ClosedRange<Int>) -> Int {
    // Width of the range in two's complement, so no overflow.
    let lower = UInt64(truncatingIfNeeded: range.lowerBound)
    let width = UInt64(truncatingIfNeeded: range.upperBound) &- lower
    if width == UInt64.max {
      return Int(truncatingIfNeeded: next())
    }

    // Reject the short tail of draws that would bias the remainder.
    let span = width + 1
    let threshold = (0 &- span) % span
    while true {
      let draw = next()
      if draw >= threshold {
        return Int(truncatingIfNeeded: lower &+ draw % span)
      }
    }
  }
}
