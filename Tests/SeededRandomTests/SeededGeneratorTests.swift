import SeededRandom
import Testing

@Suite struct SeededGeneratorTests {
  // First outputs of xoshiro256** seeded through SplitMix64, from an
  // independent Python implementation of both published algorithms (whose
  // SplitMix64 gives the well-known first value 0xE220A8397B1DCDAF for 0).
  static let knownOutputs: [(UInt64, [UInt64])] = [
    (0, [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0]),
    (
      42, [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1]
    ),
  ]

  @Test(arguments: knownOutputs)
  func outputsMatchReference(seed: UInt64, expected: [UInt64]) {
    var generator = SeededGenerator(seed: seed)
    let outputs = expected.map { _ in generator.next() }
    #expect(outputs == expected)
  }

  @Test func streamsOfOneSeedAreUnrelated() {
    let streams: [SeededGenerator.Stream] = [
      .weightInitialisation, .sampleOrder, .subset, .randomScores,
      .derivativeCheck, .groundTruthWeights, .verificationWeights,
      .benchmarkSample,
    ]
    var firsts: Set<UInt64> = []
    for stream in streams {
      var generator = SeededGenerator(seed: 0, stream: stream)
      firsts.insert(generator.next())
    }
    var plain = SeededGenerator(seed: 0)
    firsts.insert(plain.next())
    #expect(firsts.count == streams.count + 1)
  }

  @Test func streamUniformsAreUncorrelated() {
    // Sample correlation of 10,000 pairs from two streams of one seed: its
    // standard deviation is 1/√n = 0.01, so |r| < 0.05 is five of them.
    var first = SeededGenerator(seed: 0, stream: .weightInitialisation)
    var second = SeededGenerator(seed: 0, stream: .randomScores)
    let count = 10_000
    let x = (0..<count).map { _ in first.uniform() - 0.5 }
    let y = (0..<count).map { _ in second.uniform() - 0.5 }
    let cross = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
    let normX = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
    let normY = y.reduce(0) { $0 + $1 * $1 }.squareRoot()
    #expect(abs(cross / (normX * normY)) < 0.05)
  }

  @Test func uniformStaysInUnitInterval() {
    var generator = SeededGenerator(seed: 7)
    for _ in 0..<10_000 {
      let value = generator.uniform()
      #expect(value >= 0)
      #expect(value < 1)
    }
  }

  @Test func integersAreUnbiasedEnough() {
    var generator = SeededGenerator(seed: 8)
    var counts = [Int](repeating: 0, count: 6)
    let draws = 60_000
    for _ in 0..<draws { counts[generator.integer(below: 6)] += 1 }
    // Each count is Binomial(60000, 1/6): mean 10000, sd ≈ 91, so ±500 is
    // over 5 sd and a correct generator fails it with odds below 1e-6.
    for count in counts { #expect(abs(count - 10_000) < 500) }
  }

  @Test func normalHasUnitMoments() {
    var generator = SeededGenerator(seed: 9)
    let samples = (0..<100_000).map { _ in generator.normal() }
    let mean = samples.reduce(0, +) / Double(samples.count)
    let variance =
      samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
      / Double(samples.count)
    // Standard errors: 1/√n ≈ 0.0032 for the mean, √(2/n) ≈ 0.0045 for the
    // variance; 0.02 is over 4 standard errors.
    #expect(abs(mean) < 0.02)
    #expect(abs(variance - 1) < 0.02)
  }

  @Test func sampleIsDistinctSortedAndSeeded() {
    var first = SeededGenerator(seed: 10)
    var second = SeededGenerator(seed: 10)
    var other = SeededGenerator(seed: 11)
    let a = first.sample(50, from: 1000)
    #expect(a == second.sample(50, from: 1000))
    #expect(a != other.sample(50, from: 1000))
    #expect(Set(a).count == 50)
    #expect(a == a.sorted())
    #expect(a.allSatisfy { $0 >= 0 })
    #expect(a.allSatisfy { $0 < 1000 })
  }

  @Test func shuffleIsAPermutation() {
    var generator = SeededGenerator(seed: 12)
    var values = Array(0..<100)
    generator.shuffle(&values)
    #expect(values.sorted() == Array(0..<100))
    #expect(values != Array(0..<100))
  }
}
