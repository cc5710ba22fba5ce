/// A random value source paired with a shrinker.
///
/// `generate` draws a value from a `PropertyRandom`; `shrink` lists
/// simpler candidates for a value, simplest first. Every shrinker in this
/// module proposes only values that are strictly smaller under a
/// well-founded order (named in each doc comment), so greedy shrinking
/// ends even without the step cap of `PropertyCheck.shrink`.
public struct Generator<Value>: Sendable {
  /// Draws one value.
  public let generate: @Sendable (inout PropertyRandom) -> Value
  /// Simpler candidates for a value, simplest first; empty when minimal.
  public let shrink: @Sendable (Value) -> [Value]

  /// Creates a generator from a draw and a shrinker (default: none).
  public init(
    generate: @escaping @Sendable (inout PropertyRandom) -> Value,
    shrink: @escaping @Sendable (Value) -> [Value] = { _ in [] }
  ) {
    self.generate = generate
    self.shrink = shrink
  }

  /// Draws one value from a fresh generator seeded with `seed`.
  public func value(seed: UInt64) -> Value {
    var random = PropertyRandom(seed: seed)
    return generate(&random)
  }

  /// Transforms each value. The result does not shrink, since a value
  /// of `Mapped` cannot be traced back; use `map(_:reverse:)` to keep
  /// shrinking.
  public func map<Mapped>(
    _ transform: @escaping @Sendable (Value) -> Mapped
  ) -> Generator<Mapped> {
    let generate = self.generate
    return Generator<Mapped> { random in transform(generate(&random)) }
  }

  /// Transforms each value and shrinks through `reverse`, which maps a
  /// value back to its source (nil if it has none). Candidates are the
  /// source's candidates, transformed.
  public func map<Mapped>(
    _ transform: @escaping @Sendable (Value) -> Mapped,
    reverse: @escaping @Sendable (Mapped) -> Value?
  ) -> Generator<Mapped> {
    let generate = self.generate
    let shrink = self.shrink
    return Generator<Mapped>(
      generate: { random in transform(generate(&random)) },
      shrink: { mapped in
        guard let source = reverse(mapped) else { return [] }
        return shrink(source).map(transform)
      })
  }

  /// Always `value`; nothing to shrink.
  public static func constant(_ value: Value) -> Generator
  where Value: Sendable {
    Generator { _ in value }
  }

  /// Draws from one of `generators`, chosen uniformly.
  ///
  /// The value does not record its branch, so a branch's shrinker could
  /// propose values outside the other branches' domains. The result
  /// therefore does not shrink unless `shrink` is given, which must be
  /// valid for every branch.
  /// - Precondition: `generators` is not empty.
  public static func oneOf(
    _ generators: [Generator],
    shrink: @escaping @Sendable (Value) -> [Value] = { _ in [] }
  ) -> Generator {
    frequency(generators.map { (1, $0) }, shrink: shrink)
  }

  /// Draws from one of `weighted`'s generators, chosen with probability
  /// proportional to its weight. Shrinks as `oneOf(_:shrink:)` does.
  /// - Precondition: weights are non-negative with a positive sum.
  public static func frequency(
    _ weighted: [(weight: Int, generator: Generator)],
    shrink: @escaping @Sendable (Value) -> [Value] = { _ in [] }
  ) -> Generator {
    precondition(weighted.allSatisfy { $0.weight >= 0 })
    let total = weighted.reduce(0) { $0 + $1.weight }
    precondition(total > 0, "frequency needs a positive total weight")
    return Generator(
      generate: { random in
        var ticket = random.integer(in: 1...total)
        for (weight, generator) in weighted {
          if ticket <= weight { return generator.generate(&random) }
          ticket -= weight
        }
        preconditionFailure("ticket beyond the total weight")
      },
      shrink: shrink)
  }
}
