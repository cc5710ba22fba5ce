import PropertyChecks
import Testing

@Suite struct GeneratorTests {
  /// Draws `count` values from one stream seeded with `seed`.
  private func draws<Value>(
    _ generator: Generator<Value>, count: Int, seed: UInt64 = 1
  ) -> [Value] {
    var random = PropertyRandom(seed: seed)
    return (0..<count).map { _ in generator.generate(&random) }
  }

  @Test func rangesAreRespected() {
    for value in draws(.int(in: -7...7), count: 2_000) {
      #expect((-7...7).contains(value))
    }
    for value in draws(.double(in: 2.5...3.5), count: 2_000) {
      #expect((2.5...3.5).contains(value))
    }
  }

  /// With frequency 0.3 over 10,000 draws, hard cases come up
  /// 3,000 ± 5 sigma (~230) times; frequency 1 gives only hard cases.
  @Test func specialMixesHardCasesAtTheChosenFrequency() {
    let hard = Set(Generator<Double>.hardCases)
    let mixed = draws(
      .special(in: 10...20, hardCaseFrequency: 0.3), count: 10_000)
    let hardCount = mixed.filter { hard.contains($0) }.count
    #expect(abs(hardCount - 3_000) < 230)
    let only = draws(.special(hardCaseFrequency: 1), count: 500)
    #expect(only.allSatisfy { hard.contains($0) })
    #expect(Set(only).count == hard.count)
  }

  @Test func specialShrinksHugeValuesTowardZero() {
    let result = PropertyCheck.run(
      "finite and small", cases: 2_000, seed: 4,
      generator: .special(hardCaseFrequency: 0.5)
    ) { $0.magnitude < 1e200 }
    let shrunk = try! #require(result.failure?.shrunk)
    #expect(shrunk.magnitude >= 1e200)
    #expect(shrunk.magnitude < 1e300)
  }

  /// `map` with a reverse shrinks through the source generator.
  @Test func mapWithReverseKeepsShrinking() {
    let evens = Generator<Int>.int(in: 0...5_000).map(
      { $0 * 2 }, reverse: { $0 % 2 == 0 ? $0 / 2 : nil })
    let result = PropertyCheck.run("even < 50", seed: 3, generator: evens) {
      $0 < 50
    }
    #expect(result.failure?.shrunk == 50)
    #expect(Generator<Int>.int(in: 0...9).map { $0 + 1 }.shrink(5).isEmpty)
  }

  @Test func oneOfAndFrequencyChooseAmongTheirGenerators() {
    let picked = draws(
      .oneOf([.constant(1), .constant(2), .constant(3)]), count: 300)
    #expect(Set(picked) == [1, 2, 3])
    let weighted = draws(
      .frequency([(0, .constant(-1)), (1, .constant(7))]), count: 300)
    #expect(weighted.allSatisfy { $0 == 7 })
  }

  @Test func triplesShrinkEachComponent() {
    let triples = Generators.zip(
      Generator.int(in: 0...100), .int(in: 0...100), .bool)
    let result = PropertyCheck.run(
      "sum < 50", seed: 6, generator: triples
    ) { $0.0 + $0.1 < 50 }
    let shrunk = try! #require(result.failure?.shrunk)
    #expect(shrunk.0 + shrunk.1 == 50)
    #expect(shrunk.2 == false)
  }
}
