extension Generator where Value == Int {
  /// Uniform integers in `range`.
  ///
  /// Shrinks toward the target: 0 if `range` contains it, else the bound
  /// nearest 0. Candidates are `value - distance / 2^k` for k = 0, 1, …
  /// (the target first, then ever closer to `value`). Order: distance to
  /// the target, which every candidate strictly reduces.
  public static func int(in range: ClosedRange<Int>) -> Generator {
    let target = shrinkTarget(of: range)
    return Generator(
      generate: { random in random.integer(in: range) },
      shrink: { value in halvingCandidates(from: value, toward: target) })
  }

  private static func shrinkTarget(of range: ClosedRange<Int>) -> Int {
    if range.contains(0) { return 0 }
    return range.lowerBound > 0 ? range.lowerBound : range.upperBound
  }

  /// `value` moved toward `target` by the distance, its half, quarter…
  private static func halvingCandidates(
    from value: Int, toward target: Int
  ) -> [Int] {
    // Distance in two's complement, so Int.min...Int.max cannot overflow.
    let above = value > target
    var step =
      above
      ? UInt(bitPattern: value &- target) : UInt(bitPattern: target &- value)
    var candidates: [Int] = []
    while step > 0 {
      let offset = Int(bitPattern: step)
      candidates.append(above ? value &- offset : value &+ offset)
      step /= 2
    }
    return candidates
  }
}

extension Generator where Value == Bool {
  /// Fair coin flips; `true` shrinks to `false`.
  public static var bool: Generator {
    Generator(
      generate: { random in random.next() >> 63 == 1 },
      shrink: { value in value ? [false] : [] })
  }
}

extension Generator where Value == Double {
  /// Uniform doubles in `range`, from `lower * (1 - u) + upper * u`.
  ///
  /// Shrinks toward the target: 0 if `range` contains it, else the bound
  /// nearest 0. The candidates, in order, are the target, the value truncated to
  /// an integer, to one decimal, to two decimals, then the value moved
  /// toward the target by half, a quarter, … of the distance (16 steps).
  /// Only candidates inside `range` and strictly closer to the target
  /// are kept; order: distance to the target, a non-finite value counting
  /// as farthest. Doubles are finitely many, so the order is well founded.
  /// - Precondition: both bounds are finite.
  public static func double(in range: ClosedRange<Double>) -> Generator {
    precondition(
      range.lowerBound.isFinite && range.upperBound.isFinite,
      "double(in:) needs finite bounds")
    let target = shrinkTarget(of: range)
    return Generator(
      generate: { random in
        let u = random.uniform()
        let value = range.lowerBound * (1 - u) + range.upperBound * u
        return min(max(value, range.lowerBound), range.upperBound)
      },
      shrink: { value in
        shrinkCandidates(of: value, toward: target, within: range)
      })
  }

  /// The hard cases that `special` mixes in: zeros, tiny and huge
  /// magnitudes, and values next to the kink of ReLU-like functions at 0.
  public static let hardCases: [Double] = [
    0, -0.0, 1e-300, -1e-300, 1e300, -1e300, 1e-12, -1e-12,
    Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude,
    1 + 1e-12, 1 - 1e-12,
  ]

  /// Doubles from `double(in: range)`, with one of `hardCases` instead in
  /// a fraction `hardCaseFrequency` of draws.
  ///
  /// Hard cases may lie outside `range` on purpose. Shrinking is that of
  /// `double(in:)` over all finite doubles, toward 0.
  /// - Parameters:
  ///   - range: finite bounds of the ordinary draws; default ±1e6.
  ///   - hardCaseFrequency: in [0, 1]; default 0.1.
  public static func special(
    in range: ClosedRange<Double> = -1e6...1e6,
    hardCaseFrequency: Double = 0.1
  ) -> Generator {
    precondition((0...1).contains(hardCaseFrequency))
    let ordinary = double(in: range)
    let everything =
      -Double
      .greatestFiniteMagnitude...Double
      .greatestFiniteMagnitude
    return Generator(
      generate: { random in
        if random.uniform() < hardCaseFrequency {
          let index = random.integer(in: 0...(hardCases.count - 1))
          return hardCases[index]
        }
        return ordinary.generate(&random)
      },
      shrink: { value in
        shrinkCandidates(of: value, toward: 0, within: everything)
      })
  }

  private static func shrinkTarget(of range: ClosedRange<Double>) -> Double {
    if range.contains(0) { return 0 }
    return range.lowerBound > 0 ? range.lowerBound : range.upperBound
  }

  /// Candidates for `value`: target, short decimal forms, then halvings.
  private static func shrinkCandidates(
    of value: Double, toward target: Double, within range: ClosedRange<Double>
  ) -> [Double] {
    // A non-finite value has only the target to go to.
    guard value.isFinite else { return [target] }
    let distance = abs(value - target)
    guard distance > 0 else { return [] }

    // Short forms: the target, then truncations toward 0.
    var proposals: [Double] = [target, value.rounded(.towardZero)]
    for scale in [10.0, 100.0] {
      let scaled = (value * scale).rounded(.towardZero)
      if scaled.isFinite { proposals.append(scaled / scale) }
    }

    // Moves toward the target by half, a quarter, … of the distance.
    var fraction = 0.5
    for _ in 0..<16 {
      proposals.append(value + (target - value) * fraction)
      fraction /= 2
    }

    // Keep candidates that are in range, strictly closer, and new.
    var candidates: [Double] = []
    for proposal in proposals
    where range.contains(proposal) && abs(proposal - target) < distance
      && !candidates.contains(proposal)
    {
      candidates.append(proposal)
    }
    return candidates
  }
}
