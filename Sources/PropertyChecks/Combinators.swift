/// Tuples and arrays built from simpler generators.
///
/// Order for tuples: the product order of the components' orders (one
/// component shrinks, the others stay). Order for arrays: fewer elements
/// first, then the sum of the elements' measures.
public enum Generators {
  /// Pairs of independent draws; shrinks the first, then the second.
  public static func zip<First, Second>(
    _ first: Generator<First>, _ second: Generator<Second>
  ) -> Generator<(First, Second)> {
    Generator(
      generate: { random in
        let a = first.generate(&random)
        return (a, second.generate(&random))
      },
      shrink: { pair in
        first.shrink(pair.0).map { ($0, pair.1) }
          + second.shrink(pair.1).map { (pair.0, $0) }
      })
  }

  /// Triples of independent draws; shrinks each component in turn.
  public static func zip<First, Second, Third>(
    _ first: Generator<First>, _ second: Generator<Second>,
    _ third: Generator<Third>
  ) -> Generator<(First, Second, Third)> {
    Generator(
      generate: { random in
        let a = first.generate(&random)
        let b = second.generate(&random)
        return (a, b, third.generate(&random))
      },
      shrink: { triple in
        first.shrink(triple.0).map { ($0, triple.1, triple.2) }
          + second.shrink(triple.1).map { (triple.0, $0, triple.2) }
          + third.shrink(triple.2).map { (triple.0, triple.1, $0) }
      })
  }

  /// Arrays whose length is uniform in `count`, elements drawn
  /// independently.
  ///
  /// Candidates, simplest first: the prefix of the shortest allowed
  /// length, each half dropped, each single element removed (never below
  /// `count.lowerBound`), then each element replaced by its candidates.
  /// - Precondition: `count.lowerBound >= 0`.
  public static func array<Element>(
    of element: Generator<Element>, count: ClosedRange<Int>
  ) -> Generator<[Element]> {
    precondition(count.lowerBound >= 0, "array length cannot be negative")
    let shortest = count.lowerBound
    return Generator(
      generate: { random in
        let length = random.integer(in: count)
        return (0..<length).map { _ in element.generate(&random) }
      },
      shrink: { array in
        removals(from: array, shortest: shortest)
          + elementShrinks(of: array, using: element.shrink)
      })
  }

  /// Shorter arrays: shortest prefix, halves dropped, single removals.
  private static func removals<Element>(
    from array: [Element], shortest: Int
  ) -> [[Element]] {
    let length = array.count
    guard length > shortest else { return [] }
    var candidates: [[Element]] = []

    // The shortest allowed prefix, then each half dropped.
    candidates.append(Array(array.prefix(shortest)))
    let half = length / 2
    if half > 0 && length - half >= shortest {
      if length - half > shortest {
        candidates.append(Array(array.prefix(length - half)))
      }
      candidates.append(Array(array.suffix(length - half)))
    }

    // Each single element removed.
    for index in array.indices {
      var shorter = array
      shorter.remove(at: index)
      candidates.append(shorter)
    }
    return candidates
  }

  /// Same-length arrays with one element replaced by a candidate.
  private static func elementShrinks<Element>(
    of array: [Element], using shrink: (Element) -> [Element]
  ) -> [[Element]] {
    var candidates: [[Element]] = []
    for index in array.indices {
      for candidate in shrink(array[index]) {
        var simpler = array
        simpler[index] = candidate
        candidates.append(simpler)
      }
    }
    return candidates
  }
}
